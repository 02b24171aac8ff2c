/**
 * The client loop run for real under `sh`, with stand-ins for the round's commands and for `sleep`
 * (which records the pause and returns at once): a client whose server is not up waits, logs and
 * tries again, never exits, and goes back to short pauses once a round works.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CLIENT_MAX_BACKOFF_SECONDS, clientLoop } from '../../../src/workloads/guest/client-loop.js';
import { renderShellScript } from '../../../src/workloads/guest/shell-script.js';
import { shellcheck, shellcheckSkipReason } from '../support/shellcheck.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * Runs the loop until `first` has been called `calls` times. `first` fails on the calls listed in
 * `failing` (1-based) and succeeds otherwise; `second` runs after it in the same round.
 */
const runLoop = async (failing: readonly number[], calls: number) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'virtwork-client-loop-'));
  dirs.push(dir);
  const stub = (name: string, body: string): void => {
    writeFileSync(path.join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(path.join(dir, name), 0o755);
  };
  stub('first', `n=$(( $(cat "${dir}/count" 2>/dev/null || echo 0) + 1 )); echo "$n" >"${dir}/count"; echo "first $n" >>"${dir}/log"\ncase " ${failing.join(' ')} " in *" $n "*) exit 7;; esac`);
  stub('second', `echo "second" >>"${dir}/log"`);
  stub('sleep', `echo "sleep $1" >>"${dir}/log"`);
  const script = renderShellScript(
    clientLoop({ summary: 'test client', setup: ['host=server-0'], target: '$host:1', round: ['first', 'second'] }),
  );
  // Its own process group, so the loop and whatever stand-in runs at that moment stop together.
  const child = spawn('sh', ['-c', script], { env: { PATH: `${dir}:/usr/bin:/bin` }, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  let exited: number | null | undefined;
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<void>((resolve) => child.on('exit', (code) => resolve(void (exited = code))));
  await vi.waitFor(() => {
    const count = Number(readFileSync(path.join(dir, 'count'), { encoding: 'utf8', flag: 'a+' }) || 0);
    if (count < calls) throw new Error(`first called ${count} times`);
  }, 20_000);
  const stillRunning = exited === undefined;
  process.kill(-(child.pid ?? 0), 'SIGKILL');
  await done;
  const log = readFileSync(path.join(dir, 'log'), 'utf8').trim().split('\n');
  return { log: log.slice(0, log.findIndex((line) => line === `first ${calls}`) + 1), stderr, stillRunning };
};

describe('clientLoop', () => {
  it('waits for a server that is not up, doubling the pause to a bound, and never exits', async () => {
    const { log, stderr, stillRunning } = await runLoop([1, 2, 3, 4, 5, 6, 7, 8], 9);
    expect(stillRunning).toBe(true);
    expect(log.filter((line) => line.startsWith('sleep'))).toEqual(
      [1, 2, 4, 8, 16, CLIENT_MAX_BACKOFF_SECONDS, CLIENT_MAX_BACKOFF_SECONDS, CLIENT_MAX_BACKOFF_SECONDS].map((s) => `sleep ${s}`),
    );
    // a failed round stops at its failing command
    expect(log).not.toContain('second');
    expect(stderr.split('\n')[0]).toBe('a round against server-0:1 failed (exit 7; the server may not be up yet); next try in 1s');
  });

  it('runs rounds back to back once they work, and starts from a short pause after the next failure', async () => {
    const { log } = await runLoop([1, 2, 3, 6], 7);
    expect(log).toEqual([
      'first 1', 'sleep 1',
      'first 2', 'sleep 2',
      'first 3', 'sleep 4',
      'first 4', 'second',
      'first 5', 'second',
      'first 6', 'sleep 1',
      'first 7',
    ]);
  });

  it.skipIf(shellcheckSkipReason !== undefined)('is shellcheck-clean', () => {
    const script = renderShellScript(clientLoop({ summary: 's', setup: ['host=x'], target: '$host:1', round: ['true'] }));
    expect(shellcheck(script, 'sh')).toBe('');
  });
});
