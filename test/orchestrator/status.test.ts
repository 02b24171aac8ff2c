import { expect } from 'vitest';
import { EnvironmentError } from '../../src/errors.js';
import { LIST_PAGE_SIZE } from '../../src/kube/list.js';
import { collectStatus } from '../../src/orchestrator/status.js';
import { NAMESPACE, seedRun, test } from './cleanup-sim.js';

test('status groups managed VMs by run id with phase, readiness, node and age from their VMIs', async ({ sim, api }) => {
  seedRun(sim, 'run-a', { vms: 2 });
  seedRun(sim, 'run-b', { vms: 1, workload: 'memory', runStrategy: 'Halted' });
  sim.guest('virtwork-cpu-0', NAMESPACE).passProbe();
  sim.guest('virtwork-cpu-1', NAMESPACE).failProbe();

  await expect
    .poll(async () => (await collectStatus(api, { namespace: NAMESPACE })).runs.find((r) => r.runId === 'run-a')?.vms.map((vm) => [vm.phase, vm.ready]))
    .toEqual([['Running', true], ['Running', false]]);
  const report = await collectStatus(api, { namespace: NAMESPACE }, new Date(Date.now() + 60_000));

  expect(report.runs.map((r) => r.runId).sort()).toEqual(['run-a', 'run-b']);
  const runA = report.runs.find((r) => r.runId === 'run-a');
  expect(runA?.vms.map((vm) => [vm.name, vm.workload, vm.role])).toEqual([
    ['virtwork-cpu-0', 'cpu', null],
    ['virtwork-cpu-1', 'cpu', null],
  ]);
  expect(runA?.vms.every((vm) => typeof vm.node === 'string' && vm.node.length > 0)).toBe(true);
  expect(runA?.vms.every((vm) => (vm.ageSeconds ?? 0) >= 60)).toBe(true);
  const runB = report.runs.find((r) => r.runId === 'run-b');
  expect(runB?.vms).toEqual([expect.objectContaining({ name: 'virtwork-memory-0', phase: 'Stopped', ready: false, node: null })]);
});

test('status --run-id shows only that run, in two list requests', async ({ sim, api }) => {
  seedRun(sim, 'run-a', { vms: 3, runStrategy: 'Halted' });
  seedRun(sim, 'run-b', { vms: 1, workload: 'memory', runStrategy: 'Halted' });
  sim.resetStats();

  const report = await collectStatus(api, { namespace: NAMESPACE, runId: 'run-b' });

  expect(report.runs).toEqual([{ runId: 'run-b', vms: [expect.objectContaining({ name: 'virtwork-memory-0' })] }]);
  expect(sim.stats().byVerb).toEqual({ list: 2 });
});

test('status on a cluster without KubeVirt says so instead of showing no VMs', async ({ sim, api }) => {
  sim.removeApiGroup('kubevirt.io');

  const status = collectStatus(api, { namespace: NAMESPACE });

  await expect(status).rejects.toBeInstanceOf(EnvironmentError);
  await expect(status).rejects.toThrow(/does not serve kubevirt\.io\/v1: install KubeVirt \(OpenShift Virtualization\) or choose another --context$/);
});

test('status pages through more VMs than one list page holds: every VM, one list request per page', async ({ sim, api }) => {
  const vms = LIST_PAGE_SIZE * 2 + 7;
  seedRun(sim, 'run-big', { vms, runStrategy: 'Halted' });
  sim.resetStats();

  const report = await collectStatus(api, { namespace: NAMESPACE });

  const names = report.runs.flatMap((r) => r.vms.map((vm) => vm.name));
  expect(new Set(names).size).toBe(vms);
  expect(names).toContain(`virtwork-cpu-${vms - 1}`);
  // three pages of VMs, one (empty) of VMIs
  expect(sim.stats().byResource.virtualmachines).toEqual({ list: 3 });
});
