/** `virtwork wait` end to end: the real binary waits for VMs that an earlier run left, against the simulator. */
import { beforeAll, test as base, expect } from 'vitest';
import type { StatusReport } from '../../src/orchestrator/status.js';
import { startSimCluster, type SimCluster } from '../../sim/index.js';
import { NAMESPACE, seedRun } from '../orchestrator/cleanup-seed.js';
import { BUILD_TIMEOUT_MS, ensureBuilt, runCli, startCli } from './support/cli.js';

beforeAll(async () => {
  await ensureBuilt();
}, BUILD_TIMEOUT_MS);

const test = base.extend<{ sim: SimCluster }>({
  // eslint-disable-next-line no-empty-pattern
  sim: async ({}, use) => {
    const sim = await startSimCluster();
    await use(sim);
    await sim.stop();
  },
});

const RUN_A = '3f2a9c1e-0000-4000-8000-00000000000a';
const RUN_B = '7b41d2aa-0000-4000-8000-00000000000b';

const args = (sim: SimCluster, ...rest: string[]): string[] => ['wait', '--kubeconfig', sim.kubeconfigPath, '--no-audit', ...rest];

const readyNames = (stdout: string): [string | null, string, boolean][] =>
  (JSON.parse(stdout) as StatusReport).runs.flatMap((run) => run.vms.map((vm): [string | null, string, boolean] => [run.runId, vm.name, vm.ready]));

test('wait --run-id PREFIX returns 0 once every VM of that run is ready, and prints that run only', async ({ sim }) => {
  seedRun(sim, RUN_A, { vms: 2 });
  seedRun(sim, RUN_B, { vms: 1, workload: 'memory' });
  const waiting = startCli(args(sim, '--run-id', '3f2a', '-o', 'json'));
  // The run's VMs turn ready while it waits; run-b's never does and is not waited for.
  await expect.poll(() => sim.list('virtualmachineinstances', NAMESPACE).length).toBe(3);
  sim.guest('virtwork-cpu-0', NAMESPACE).passProbe();
  sim.guest('virtwork-cpu-1', NAMESPACE).passProbe();
  const result = await waiting.done;

  expect(result.code).toBe(0);
  expect(readyNames(result.stdout)).toEqual([
    [RUN_A, 'virtwork-cpu-0', true],
    [RUN_A, 'virtwork-cpu-1', true],
  ]);
});

test('without --run-id, wait covers every virtwork VM in the namespace: one not ready by --timeout is exit 3, named', async ({ sim }) => {
  seedRun(sim, RUN_A, { vms: 1 });
  seedRun(sim, RUN_B, { vms: 1, workload: 'memory' });
  await expect.poll(() => sim.list('virtualmachineinstances', NAMESPACE).length).toBe(2);
  sim.guest('virtwork-cpu-0', NAMESPACE).passProbe();
  sim.guest('virtwork-memory-0', NAMESPACE).failProbe();

  const result = await runCli(args(sim, '--timeout', '2s'));

  expect(result.code).toBe(3);
  expect(result.stderr).toContain('error: 1 of 2 VMs not ready after 2s: virtwork-memory-0');
  // The table still shows both, so the user sees which one to look at.
  expect(result.stdout).toMatch(/virtwork-cpu-0\s.*\strue\s/);
  expect(result.stdout).toMatch(/virtwork-memory-0\s.*\sfalse\s/);
});

test('a failed VMI ends the wait at once with exit 1, as run does', async ({ sim }) => {
  sim.faults.add({ kind: 'vm', name: 'virtwork-cpu-0', behaviour: 'fail', reason: 'NodeUnresponsive' });
  seedRun(sim, RUN_A, { vms: 1 });

  const result = await runCli(args(sim, '--timeout', '10m'));

  expect(result.code).toBe(1);
  expect(result.stderr).toContain('error: VM virtwork-cpu-0 failed');
});

test('a run id that matches nothing is exit 2; a namespace without virtwork VMs is exit 1, in kubectl wait words', async ({ sim }) => {
  seedRun(sim, RUN_A, { vms: 1, runStrategy: 'Halted' });

  const unknown = await runCli(args(sim, '--run-id', 'ffff'));
  const empty = await runCli(args(sim, '-n', 'nobody-here'));

  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toMatch(/^error: --run-id=ffff: .*namespace virtwork/m);
  expect(empty.code).toBe(1);
  expect(empty.stderr).toContain('error: no matching resources found: no virtwork VMs in namespace nobody-here');
});
