/**
 * What a person at a terminal sees: `virtwork run` on a pseudo-terminal against the simulator. Log
 * lines are short text (JSON stays the default off a terminal, see run.test.ts), coloured unless
 * NO_COLOR; the progress display shows creation and the VMs; --quiet leaves errors and the result.
 * `virtwork wait` shows the same display of the VMs as `run`.
 */
import { beforeAll, describe, expect } from 'vitest';
import type { SimCluster } from '../../sim/index.js';
import { BUILD_TIMEOUT_MS, ensureBuilt, runCli } from './support/cli.js';
import { e2eTest } from './support/fixtures.js';
import { runOnTerminal, withoutColour } from './support/terminal.js';

beforeAll(async () => {
  await ensureBuilt();
}, BUILD_TIMEOUT_MS);

const test = e2eTest({ readyAfterMs: 50 });

const run = (sim: SimCluster, args: readonly string[], env: Record<string, string> = {}) =>
  runOnTerminal(['run', '--kubeconfig', sim.kubeconfigPath, '--no-audit', '--workloads', 'cpu', '--vm-count', '3', '--timeout', '120', ...args], env);

describe('virtwork run on a terminal', () => {
  test('logs short coloured text lines, shows creation and the VMs by state, and prints the summary on stdout', async ({ sim }) => {
    const result = await run(sim, []);
    expect(result.code, result.terminal).toBe(0);
    const text = withoutColour(result.terminal);
    expect(text).not.toContain('{"level"');
    expect(text).toMatch(/^\d{2}:\d{2}:\d{2} INFO {2}planned the run runId=\S+ namespace=virtwork workloads=\["cpu"\] vms=3 objects=\d+$/m);
    expect(result.terminal).toContain('\u001b[32mINFO \u001b[39m');
    expect(text).toContain('Creating: Namespace 1/1');
    expect(text).toContain('VirtualMachine 3/3');
    expect(text).toMatch(/3\/3 VMs ready {3}\d+s of 120s\n/);
    expect(result.stdout).toMatch(/^NAME\s+WORKLOAD\s+ROLE\s+PHASE\s+READY\s+NODE\s+TIME TO READY\n/);
    expect(result.stdout).toContain('VMs: 3 created, 0 existing; 3 ready, 0 not ready, 0 failed');
  });

  test('NO_COLOR turns colour off; --log-format json keeps JSON lines on a terminal', async ({ sim }) => {
    const plain = await run(sim, [], { NO_COLOR: '1' });
    expect(plain.code).toBe(0);
    // eslint-disable-next-line no-control-regex
    expect(plain.terminal).not.toMatch(/\u001b\[[0-9;]*m/);
    expect(plain.terminal).toMatch(/ INFO {2}run finished /);

    const json = await run(sim, ['--log-format', 'json']);
    expect(json.code).toBe(0);
    expect(json.terminal).toMatch(/^\{"level":"info","time":"[^"]+","runId":"[^"]+".*"msg":"planned the run"\}$/m);
  });

  test('--quiet leaves only errors and the result: no info lines, no progress', async ({ sim }) => {
    const quiet = await run(sim, ['--quiet']);
    expect(quiet.code).toBe(0);
    expect(withoutColour(quiet.terminal).trim()).toBe('');
    expect(quiet.stdout).toContain('VMs: 3 created, 0 existing; 3 ready, 0 not ready, 0 failed');

    sim.faults.add({ kind: 'vm', name: 'virtwork-cpu-0', behaviour: 'fail', reason: 'Unschedulable' });
    const failed = await runOnTerminal(['run', '--kubeconfig', sim.kubeconfigPath, '--no-audit', '--workloads', 'cpu', '-n', 'other', '--quiet']);
    expect(failed.code).toBe(1);
    const lines = withoutColour(failed.terminal).trim().split('\n');
    // the failure is logged at error, then main's one-line error and the cleanup hint; nothing at info
    expect(lines.some((line) => / ERROR VM Failed vm=virtwork-cpu-0 /.test(line))).toBe(true);
    expect(lines.filter((line) => / INFO /.test(line))).toEqual([]);
    expect(lines.at(-1)).toMatch(/^error: VM virtwork-cpu-0 failed: Unschedulable/);
  });
});

describe('virtwork wait on a terminal', () => {
  test('shows the VMs by state as run does, then the table on stdout', async ({ sim }) => {
    const created = await runCli(['run', '--kubeconfig', sim.kubeconfigPath, '--no-audit', '--workloads', 'cpu', '--vm-count', '2', '--no-wait']);
    expect(created.code, created.stderr).toBe(0);

    const result = await runOnTerminal(['wait', '--kubeconfig', sim.kubeconfigPath, '--no-audit', '--timeout', '120']);
    expect(result.code, result.terminal).toBe(0);
    const text = withoutColour(result.terminal);
    expect(text).not.toContain('{"level"');
    expect(text).toMatch(/2\/2 VMs ready {3}\d+s of 120s\n/);
    expect(result.stdout).toMatch(/virtwork-cpu-0\s.*\strue\s/);
    expect(result.stdout).toMatch(/virtwork-cpu-1\s.*\strue\s/);
  });
});
