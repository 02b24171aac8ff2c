/**
 * Shared by the shipping tests (the single binary, the container image): a CLI started some other way
 * than `node bin/virtwork.js`, and the checks every shipped form must pass.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface Result {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `file args` to its end with exactly `env`, never throwing on a non-zero exit. */
export const runFile = (file: string, args: readonly string[], env: Record<string, string>, cwd?: string): Promise<Result> =>
  new Promise((resolve, reject) => {
    const child = execFile(file, [...args], { env, cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      // A non-numeric code is a start failure (ENOENT, EACCES), not an exit status.
      if (error && typeof error.code !== 'number') reject(new Error(`${file}: ${error.message}`));
      else resolve({ code: child.exitCode, stdout, stderr });
    });
  });

/**
 * A run's output with what differs from one run to the next made equal: the run id (a UUID, which
 * YAML quotes or not depending on its digits).
 */
export const withoutRunIds = (text: string): string =>
  text.replace(/"?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"?/g, '<run-id>');

/** True when an executable named `name` is in one of PATH's directories. */
export const onPath = (name: string, pathValue: string): boolean =>
  pathValue.split(':').some((dir) => dir !== '' && existsSync(path.join(dir, name)));
