/**
 * The real CLI binary for end-to-end tests, `node bin/virtwork.js`, as a child process whose handle
 * the test keeps (to send it signals). dist/ is built by the CLI tests' own `ensureBuilt`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT, ensureBuilt } from '../../cli/support/run-cli.js';

export { BUILD_TIMEOUT_MS, ensureBuilt } from '../../cli/support/run-cli.js';
export const repoRoot = REPO_ROOT;
export const cliPath = path.join(REPO_ROOT, 'bin', 'virtwork.js');

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliProcess {
  readonly child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): { stdout: string; stderr: string };
  readonly done: Promise<CliResult>;
}

/**
 * An environment with nothing of the developer's: no KUBECONFIG, no VIRTWORK_*, HOME and the state
 * directory in a temp dir (so no audit database lands in the repository or the real home).
 */
export const isolatedEnv = (extra: Record<string, string> = {}): Record<string, string> => {
  const home = path.join(tmpdir(), 'virtwork-e2e-home');
  return {
    PATH: process.env.PATH ?? '',
    HOME: home,
    XDG_STATE_HOME: path.join(home, 'state'),
    NODE_OPTIONS: '',
    ...extra,
  };
};

/** Starts `virtwork <args>` as a child process. */
export const startCli = (args: readonly string[], env: Record<string, string> = isolatedEnv()): CliProcess => {
  const child = spawn(process.execPath, [cliPath, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, output: () => ({ stdout, stderr }), done };
};

export const runCli = async (args: readonly string[], env?: Record<string, string>): Promise<CliResult> => {
  await ensureBuilt();
  return startCli(args, env).done;
};

/** stderr lines that are not JSON log lines: what a person reads (`error: ...`). */
export const plainStderrLines = (stderr: string): string[] =>
  stderr.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('{'));

/** The JSON log lines on stderr. */
export const logLines = (stderr: string): Record<string, unknown>[] =>
  stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
