/**
 * bin/virtwork.js under a Node older than the CLI needs (as the machine's own Node 20 here): one line
 * and exit 2 when nothing better is at hand, and the Node runtime `npm install` put in node_modules
 * when there is one, so a clone works on such a machine as it does on a current one.
 */
import { execFile, spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BUILD_TIMEOUT_MS, REPO_ROOT, ensureBuilt } from './support/run-cli.js';

const run = promisify(execFile);

/** A `node` on PATH older than 22.19 (node_modules/.bin excluded), or undefined. */
const findOldNode = (): { path: string; version: string } | undefined => {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir === '' || dir.includes(`node_modules${path.sep}.bin`)) continue;
    const candidate = path.join(dir, 'node');
    const result = spawnSync(candidate, ['-p', 'process.versions.node'], { encoding: 'utf8' });
    if (result.status !== 0) continue;
    const version = result.stdout.trim();
    const [major = 0, minor = 0] = version.split('.').map(Number);
    if (major < 22 || (major === 22 && minor < 19)) return { path: candidate, version };
  }
  return undefined;
};

const oldNode = findOldNode();
if (oldNode === undefined) console.warn('skipped: no node older than 22.19 on PATH to start the launcher with');

interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const runWith = async (node: string, script: string, args: readonly string[]): Promise<Result> => {
  try {
    const { stdout, stderr } = await run(node, [script, ...args], { cwd: os.tmpdir() });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
};

describe.skipIf(oldNode === undefined)('the launcher on an old Node', () => {
  const old = oldNode!;
  let lonely: string;

  beforeAll(async () => {
    await ensureBuilt();
    // The launcher alone, with no node_modules beside it: nothing to fall back on.
    lonely = await mkdtemp(path.join(os.tmpdir(), 'virtwork-launcher-'));
    await mkdir(path.join(lonely, 'bin'));
    await copyFile(path.join(REPO_ROOT, 'bin', 'virtwork.js'), path.join(lonely, 'bin', 'virtwork.js'));
  }, BUILD_TIMEOUT_MS);
  afterAll(() => rm(lonely, { recursive: true, force: true }));

  test('with no newer Node installed, says in one line what it needs and what it found, exit 2', async () => {
    const result = await runWith(old.path, path.join(lonely, 'bin', 'virtwork.js'), ['run', '--dry-run']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `error: virtwork needs Node.js 22.19 or later; this is Node.js ${old.version} (${old.path}): put a newer node first on PATH\n`,
    );
  });

  test('in a clone that npm install provided a Node for, runs the CLI under that Node', async () => {
    const result = await runWith(old.path, path.join(REPO_ROOT, 'bin', 'virtwork.js'), ['run', '--dry-run', '--workloads', 'cpu']);
    expect(result.stderr).not.toContain('needs Node.js');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^kind: VirtualMachine$/m);
  });

  test('passes the CLI exit code through', async () => {
    const result = await runWith(old.path, path.join(REPO_ROOT, 'bin', 'virtwork.js'), ['run', '--vm-count', 'two']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: .*--vm-count/m);
  });
});
