/** The bundler empties dist/bundle/ first: hashed chunk names would otherwise pile up, build after build. */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bundleCli } from '../../scripts/bundle.js';

const roots: string[] = [];
afterEach(async () => {
  await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
});

describe('bundleCli', () => {
  it('leaves only what this build wrote in dist/bundle/', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'virtwork-bundle-'));
    roots.push(root);
    await mkdir(path.join(root, 'dist', 'cli'), { recursive: true });
    await writeFile(path.join(root, 'dist', 'cli', 'main.js'), 'export const main = async () => 0;\n');
    await mkdir(path.join(root, 'dist', 'bundle'), { recursive: true });
    await writeFile(path.join(root, 'dist', 'bundle', 'chunk-STALE123.js'), 'export {};\n');

    await bundleCli(root);

    expect(await readdir(path.join(root, 'dist', 'bundle'))).toEqual(['main.js']);
  });
});
