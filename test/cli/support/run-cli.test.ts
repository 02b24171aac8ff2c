/**
 * The CLI tests' build: a scratch package with the project's tsconfig files and node_modules, an
 * older dist/ already in place, and one source file. A build that fails must reject with its own
 * output, never leave the older dist/ to be run.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test as base, describe, expect } from 'vitest';
import { REPO_ROOT, buildDist } from './run-cli.js';

const STALE = 'export const built = "before";\n';

const test = base.extend<{ root: string }>({
  // eslint-disable-next-line no-empty-pattern
  root: async ({}, use) => {
    const root = mkdtempSync(path.join(tmpdir(), 'virtwork-build-'));
    for (const file of ['tsconfig.json', 'tsconfig.build.json']) copyFileSync(path.join(REPO_ROOT, file), path.join(root, file));
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
    mkdirSync(path.join(root, 'src', 'cli'), { recursive: true });
    mkdirSync(path.join(root, 'dist', 'cli'), { recursive: true });
    writeFileSync(path.join(root, 'dist', 'cli', 'main.js'), STALE);
    await use(root);
    rmSync(root, { recursive: true, force: true });
  },
});

const writeMain = (root: string, source: string): void => writeFileSync(path.join(root, 'src', 'cli', 'main.ts'), source);
const read = (root: string, file: string): string => readFileSync(path.join(root, file), 'utf8');

describe('buildDist', () => {
  test('compiles and bundles sources that build, replacing the older dist/', async ({ root }) => {
    writeMain(root, 'export const built: string = "after";\n');
    await buildDist(root);
    expect(read(root, 'dist/cli/main.js')).toContain('"after"');
    expect(read(root, 'dist/bundle/main.js')).toContain('"after"');
  });

  test('rejects with tsc\'s diagnostics when a source does not compile, though an older dist/cli/main.js exists', async ({ root }) => {
    writeMain(root, 'export const built: string = ;\n');
    await expect(buildDist(root)).rejects.toThrow(
      /^build failed: tsc -p tsconfig\.build\.json\nsrc\/cli\/main\.ts\(1,30\): error TS1109: Expression expected\./,
    );
  });

  test('rejects with esbuild\'s message when the compiled CLI does not bundle', async ({ root }) => {
    writeMain(root, 'export { built } from "./missing.js";\n');
    await expect(buildDist(root)).rejects.toThrow(/^build failed: bundling dist\/cli\/main\.js\n[^]*Could not resolve "\.\/missing\.js"/);
  });
});
