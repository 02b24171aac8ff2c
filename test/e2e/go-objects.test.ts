/**
 * Objects the Go implementation of virtwork made, on the simulator: `status` shows their workload
 * and role from the Go labels, and `cleanup` removes them, their unlabelled DataVolumes and PVCs
 * going with their VMs. VIRTWORK_DRY_RUN, which the Go tool honours, keeps a cleanup to a listing.
 */
import { beforeAll, expect } from 'vitest';
import type { CleanupResult } from '../../src/orchestrator/cleanup.js';
import type { StatusReport } from '../../src/orchestrator/status.js';
import { NAMESPACE, names, seedGoRun } from '../orchestrator/cleanup-seed.js';
import { BUILD_TIMEOUT_MS, ensureBuilt, isolatedEnv, runCli } from './support/cli.js';
import { e2eTest } from './support/fixtures.js';

beforeAll(async () => {
  await ensureBuilt();
}, BUILD_TIMEOUT_MS);

const test = e2eTest();

test('status shows the workload and role of VMs the Go tool made', async ({ sim }) => {
  seedGoRun(sim, 'go-run-1');
  await expect.poll(() => names(sim, 'datavolumes')).toEqual(['data-virtwork-disk-0']);

  const cli = await runCli(['status', '--kubeconfig', sim.kubeconfigPath, '--no-audit', '-o', 'json']);

  expect(cli.code, cli.stderr).toBe(0);
  const report = JSON.parse(cli.stdout) as StatusReport;
  expect(report.runs.map((r) => [r.runId, r.vms.map((vm) => [vm.name, vm.workload, vm.role])])).toEqual([
    ['go-run-1', [
      ['virtwork-disk-0', 'disk', null],
      ['virtwork-network-client-0', 'network', 'client'],
      ['virtwork-network-server-0', 'network', 'server'],
    ]],
  ]);
});

test('cleanup removes the Go objects, their unlabelled DataVolumes and PVCs through their VMs', async ({ sim, auditDb }) => {
  seedGoRun(sim, 'go-run-1');
  await expect.poll(() => names(sim, 'persistentvolumeclaims')).toEqual(['data-virtwork-disk-0']);

  const cli = await runCli(['cleanup', '--kubeconfig', sim.kubeconfigPath, '--audit-db', auditDb, '--run-id', 'go-run-1', '--yes', '-o', 'json']);

  expect(cli.code, cli.stderr).toBe(0);
  const result = JSON.parse(cli.stdout) as CleanupResult;
  expect(result.plan.runIds).toEqual(['go-run-1']);
  expect(result.deleted).toMatchObject({ VirtualMachine: 3, Secret: 3, Service: 1 });
  expect(names(sim, 'virtualmachines')).toEqual([]);
  expect(names(sim, 'secrets')).toEqual([]);
  expect(names(sim, 'services')).toEqual([]);
  // The VM owns its DataVolume, which owns its PVC: the garbage collector removes both.
  await expect.poll(() => names(sim, 'datavolumes')).toEqual([]);
  await expect.poll(() => names(sim, 'persistentvolumeclaims')).toEqual([]);
});

test('with VIRTWORK_DRY_RUN=true, cleanup --yes lists what it would delete and deletes nothing', async ({ sim, auditDb }) => {
  seedGoRun(sim, 'go-run-1');

  const cli = await runCli(['cleanup', '--kubeconfig', sim.kubeconfigPath, '--audit-db', auditDb, '--yes', '-o', 'json'], isolatedEnv({ VIRTWORK_DRY_RUN: 'true' }));

  expect(cli.code, cli.stderr).toBe(0);
  expect((JSON.parse(cli.stdout) as CleanupResult).dryRun).toBe(true);
  expect(names(sim, 'virtualmachines')).toEqual(['virtwork-disk-0', 'virtwork-network-client-0', 'virtwork-network-server-0']);
  expect(names(sim, 'services', undefined, NAMESPACE)).toEqual(['virtwork-iperf3-server']);
});
