/**
 * Runs the real CLI, `node bin/virtwork.js ...`, as a child process. dist/ is rebuilt (by the
 * project's own `tsc -p tsconfig.build.json`, type checking left to `npm run typecheck`, then the
 * bundle `npm run build` makes) when any source changed since the last build; a lock directory
 * keeps parallel test files from building at once, and a stamp lets every file after the first skip the build. Call `ensureBuilt` in a
 * `beforeAll` with a long timeout, so no single test pays for the build.
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

const buildIfStale = async (): Promise<void> => {
  await acquireLock();
  try {
    const stamp = sourceStamp();
    const built = await readFile(STAMP, 'utf8').catch(() => '');
    if (built === stamp) return;
    const tsc = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    // Files are emitted one by one (isolatedModules), so neither checking nor import resolution is needed.
    await run(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--noCheck', '--noResolve'], { cwd: REPO_ROOT }).catch(
      (error: Error & { stdout?: string }) => {
        // tsc still emits every file it can parse; a file half-written elsewhere must not stop these tests.
        if (!statSync(path.join(REPO_ROOT, 'dist', 'cli', 'main.js'), { throwIfNoEntry: false })) {
          throw new Error(`build failed:\n${error.stdout ?? error.message}`, { cause: error });
        }
      },
    );
    await bundleCli();
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
