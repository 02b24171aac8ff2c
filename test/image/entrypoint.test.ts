/**
 * The container's entrypoint (image/entrypoint.sh) and the shell scripts of the image builds, without
 * building an image: the entrypoint runs a stand-in `virtwork` that reports its arguments and PID.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../cli/support/run-cli.js';
import { shellcheck, shellcheckSkipReason } from '../workloads/support/shellcheck.js';

const ENTRYPOINT = path.join(REPO_ROOT, 'image', 'entrypoint.sh');

const bin = mkdtempSync(path.join(tmpdir(), 'virtwork-entrypoint-'));
// One argument a line, then its own PID: with exec, the entrypoint's PID.
writeFileSync(path.join(bin, 'virtwork'), '#!/bin/sh\nfor arg in "$@"; do printf "arg:%s\\n" "$arg"; done\necho "pid:$$"\n');
chmodSync(path.join(bin, 'virtwork'), 0o755);
afterAll(() => rmSync(bin, { recursive: true, force: true }));

/** Runs the entrypoint in a directory holding a file named `x` (for a glob to expand to). */
const entrypoint = (args: string[], env: Record<string, string> = {}): Promise<{ pid: number | undefined; lines: string[] }> =>
  new Promise((resolve, reject) => {
    const child = spawn(ENTRYPOINT, args, { cwd: bin, env: { PATH: `${bin}:/usr/bin:/bin`, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve({ pid: child.pid, lines: stdout.trimEnd().split('\n') }) : reject(new Error(`exit ${code}`))));
  });

describe('image/entrypoint.sh', () => {
  it('passes the arguments it is given unchanged, to virtwork exec-ed in its place', async () => {
    const { pid, lines } = await entrypoint(['run', '--labels', 'team=a b', '*'], { VIRTWORK_COMMAND: 'cleanup' });
    expect(lines).toEqual(['arg:run', 'arg:--labels', 'arg:team=a b', 'arg:*', `pid:${pid}`]);
  });

  it('without arguments runs VIRTWORK_COMMAND and VIRTWORK_ARGS split on blanks, with no file-name expansion', async () => {
    writeFileSync(path.join(bin, 'x'), '');
    const { pid, lines } = await entrypoint([], { VIRTWORK_COMMAND: 'run', VIRTWORK_ARGS: ' --workloads cpu,memory  --vm-count 3 * ' });
    expect(lines).toEqual(['arg:run', 'arg:--workloads', 'arg:cpu,memory', 'arg:--vm-count', 'arg:3', 'arg:*', `pid:${pid}`]);
  });

  it('with neither runs virtwork alone (which prints its help)', async () => {
    const { pid, lines } = await entrypoint([]);
    expect(lines).toEqual([`pid:${pid}`]);
  });
});

describe.skipIf(shellcheckSkipReason !== undefined)(`the image's shell scripts under shellcheck ${shellcheckSkipReason ?? ''}`, () => {
  it.each([
    ['image/entrypoint.sh', 'sh'],
    ['image/build.sh', 'bash'],
    ['build/golden-image/customize.sh', 'bash'],
  ] as const)('%s has no findings', (file, shell) => {
    expect(shellcheck(readFileSync(path.join(REPO_ROOT, file), 'utf8'), shell)).toBe('');
  });
});
