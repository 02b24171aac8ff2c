/**
 * The real CLI on a pseudo-terminal: util-linux `script` gives the child a terminal for stdin and
 * stderr (what a person sees), while stdout goes to a file, as `virtwork run > summary.txt` would.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cliPath, ensureBuilt, isolatedEnv } from './cli.js';

export interface TerminalResult {
  readonly code: number | null;
  /** Everything the terminal received (stderr), `\r\n` as `\n`. */
  readonly terminal: string;
  readonly stdout: string;
}

const quote = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;

export const runOnTerminal = async (args: readonly string[], extraEnv: Record<string, string> = {}): Promise<TerminalResult> => {
  await ensureBuilt();
  const stdoutFile = path.join(await mkdtemp(path.join(tmpdir(), 'virtwork-terminal-')), 'stdout');
  const command = [process.execPath, cliPath, ...args].map(quote).join(' ') + ` > ${quote(stdoutFile)}`;
  const child = spawn('script', ['--quiet', '--return', '--flush', '--command', command, '/dev/null'], {
    env: isolatedEnv({ TERM: 'xterm', ...extraEnv }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let terminal = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (terminal += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  return { code, terminal: terminal.replace(/\r\n/g, '\n'), stdout: await readFile(stdoutFile, 'utf8') };
};

/** The terminal's text without colour. */
// eslint-disable-next-line no-control-regex
export const withoutColour = (text: string): string => text.replace(/\u001b\[[0-9;]*m/g, '');
