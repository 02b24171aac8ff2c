/**
 * Where tests find the real schemas (`VIRTWORK_SCHEMAS_DIR`, else `shared/schemas` beside the
 * repository, never copied into it), and the rule for what a test cannot find: outside CI it skips
 * with one line saying why; under CI=true it fails the run, because CI must never skip a check.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const schemasDir = process.env.VIRTWORK_SCHEMAS_DIR ?? path.resolve(repoRoot, '..', 'shared', 'schemas');

/**
 * `undefined` when a prerequisite is there; else the one-line reason to skip. Under CI=true a missing
 * prerequisite throws while the test file loads, which fails the run.
 */
export const skipReason = (present: boolean, reason: string): string | undefined => {
  if (present) return undefined;
  if (process.env.CI === 'true') throw new Error(`${reason}; CI=true requires it`);
  console.warn(`skipped: ${reason}`);
  return reason;
};

/** Why a test that needs `file` from the schemas directory skips, or `undefined` when it can run. */
export const schemaFileSkipReason = (file: string): string | undefined =>
  skipReason(existsSync(path.join(schemasDir, file)), `${file} not found in ${schemasDir} (set VIRTWORK_SCHEMAS_DIR)`);

/** Whether a command is on PATH (it may still fail later; that is the test's business). */
export const hasCommand = (command: string): boolean =>
  spawnSync(command, ['--version'], { stdio: 'ignore' }).error === undefined;

const isExecutableFile = (file: string): boolean => {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
};

/** The file `command` names on PATH, as a shell would find it; `undefined` when it is not there. */
export const findOnPath = (command: string, searchPath = process.env.PATH ?? ''): string | undefined =>
  searchPath
    .split(path.delimiter)
    .filter((dir) => dir !== '')
    .map((dir) => path.join(dir, command))
    .find(isExecutableFile);
