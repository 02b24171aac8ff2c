/** Running host commands for the lab: the whole output is kept, the error says what failed and shows why. */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';

export interface CommandOptions {
  /** Append stdout and stderr to this file as well (long builds), instead of keeping them in memory only. */
  readonly logFile?: string;
  readonly signal?: AbortSignal;
  readonly env?: NodeJS.ProcessEnv;
}

export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
}

/** The last lines of a long output: enough to see the cause in an error message. */
const tail = (text: string, lines = 25): string => text.trimEnd().split('\n').slice(-lines).join('\n');

/** Runs `file args` to completion; rejects on a non-zero exit with the command and the output's tail. */
export const runCommand = (file: string, args: readonly string[], options: CommandOptions = {}): Promise<CommandResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.env ?? process.env,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      log?.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      log?.write(chunk);
    });
    child.on('error', (error) => {
      log?.end();
      reject(new Error(`${file} could not run: ${error.message}`, { cause: error }));
    });
    child.on('close', (code, signal) => {
      log?.end();
      if (code === 0) {
        resolve({ stdout, stderr });
        return;
      }
      const how = signal ? `was killed by ${signal}` : `exited with ${String(code)}`;
      const where = options.logFile ? ` (full output: ${options.logFile})` : '';
      reject(new Error(`${[file, ...args].join(' ')} ${how}${where}:\n${tail(stderr || stdout)}`));
    });
  });
