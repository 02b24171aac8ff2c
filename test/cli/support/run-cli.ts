/**
 * Runs the real CLI, `node bin/virtwork.js ...`, as a child process. dist/ is rebuilt (by the
 * project's own `tsc -p tsconfig.build.json`, type checking left to `npm run typecheck`, then the
 * bundle `npm run build` makes) when any source changed since the last build, and a failed build
 * fails the tests. A lock directory keeps parallel test files from building at once, and a stamp
 * lets every file after the first skip the build. Call `ensureBuilt` in a `beforeAll` with a long
 * timeout, so no single test pays for the build.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { globSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { bundleCli } from '../../../scripts/bundle.js';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const BIN = path.join(REPO_ROOT, 'bin', 'virtwork.js');
const STAMP = path.join(REPO_ROOT, 'dist', '.build-stamp');
const LOCK = path.join(REPO_ROOT, 'node_modules', '.cache', 'virtwork-build.lock');
const LOCK_STALE_MS = 180_000;

const run = promisify(execFile);

/** Changes whenever a source or build setting changes: names, sizes and modification times. */
const sourceStamp = (): string => {
  const files = globSync(['src/**/*.ts', 'scripts/*.ts', 'package.json', 'tsconfig*.json'], { cwd: REPO_ROOT }).sort();
  const hash = createHash('sha256');
  for (const file of files) {
    const info = statSync(path.join(REPO_ROOT, file));
    hash.update(`${file}\0${info.size}\0${info.mtimeMs}\n`);
  }
  return hash.digest('hex');
};

const acquireLock = async (): Promise<void> => {
  await mkdir(path.dirname(LOCK), { recursive: true });
  for (;;) {
    try {
      await mkdir(LOCK);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (await stat(LOCK).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > LOCK_STALE_MS) await rm(LOCK, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
};

/**
 * Compiles `root`'s src/ into dist/ and bundles it. Either step failing rejects with that step's
 * output: the tests must never run an older dist/ that tsc still left in place, nor a half-emitted one.
 */
export const buildDist = async (root: string): Promise<void> => {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  // Files are emitted one by one (isolatedModules), so neither checking nor import resolution is needed.
  await run(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--noCheck', '--noResolve'], { cwd: root }).catch(
    (error: Error & { stdout?: string; stderr?: string }) => {
      const output = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim() || error.message;
      throw new Error(`build failed: tsc -p tsconfig.build.json\n${output}`, { cause: error });
    },
  );
  await bundleCli(root).catch((error: unknown) => {
    throw new Error(`build failed: bundling dist/cli/main.js\n${error instanceof Error ? error.message : String(error)}`, { cause: error });
  });
};

const buildIfStale = async (): Promise<void> => {
  await acquireLock();
  try {
    const stamp = sourceStamp();
    const built = await readFile(STAMP, 'utf8').catch(() => '');
    if (built === stamp) return;
    // No stamp while dist/ is being replaced: a failed build must not leave one that looks current.
    await rm(STAMP, { force: true });
    await buildDist(REPO_ROOT);
    await writeFile(STAMP, stamp);
  } finally {
    await rm(LOCK, { recursive: true, force: true });
  }
};

let ready: Promise<void> | undefined;
/** Build dist/ once per test process, and only when the sources changed. */
export const BUILD_TIMEOUT_MS = 180_000;
export const ensureBuilt = (): Promise<void> => (ready ??= buildIfStale());

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** VIRTWORK_* and other variables; the parent's VIRTWORK_* variables never leak in. */
  readonly env?: Record<string, string>;
  readonly cwd?: string;
}

/** `virtwork <args>`: exit code, stdout and stderr. HOME is a fresh empty directory. */
export const runCli = async (args: readonly string[], options: CliOptions = {}): Promise<CliResult> => {
  await ensureBuilt();
  const home = await mkdtemp(path.join(os.tmpdir(), 'virtwork-home-'));
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VIRTWORK_')));
  const env = { ...inherited, HOME: home, NO_COLOR: '1', ...options.env };
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? home,
      env,
      maxBuffer: 256 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  } finally {
    await rm(home, { recursive: true, force: true });
  }
};

/** A fresh directory with the given files (relative paths), for config and key files. */
export const scratchDir = async (files: Record<string, string> = {}): Promise<string> => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'virtwork-cli-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
};
