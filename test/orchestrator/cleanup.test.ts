import { describe, expect } from 'vitest';
import { SqliteAuditor } from '../../src/audit/sqlite-auditor.js';
import { NoOpAuditor } from '../../src/audit/noop-auditor.js';
import { InvalidInputError } from '../../src/errors.js';
import { runCleanup, type CleanupOptions } from '../../src/orchestrator/cleanup.js';
import { auditOf, NAMESPACE, names, seedForeign, seedNamespace, seedRun, test } from './cleanup-sim.js';

const MANAGED = 'app.kubernetes.io/managed-by=virtwork';
const defaults: CleanupOptions = { namespace: NAMESPACE, deleteNamespace: false, dryRun: false, wait: false, timeoutSeconds: 30 };

describe('runCleanup', () => {
  test('deletes every managed VM, DataVolume, Secret and Service, counts them and collects run ids', async ({ sim, api, auditDb }) => {
    seedRun(sim, 'run-a', { vms: 2, dataDisks: true, service: true });
    seedRun(sim, 'run-b', { vms: 1, workload: 'memory' });
    const auditor = await SqliteAuditor.open(auditDb);
    auditor.startExecution({ runId: 'run-a', command: 'run', namespace: NAMESPACE });
    auditor.recordVms('run-a', ['virtwork-cpu-0', 'virtwork-cpu-1'].map((vmName) => ({
      vmName, namespace: NAMESPACE, workload: 'cpu', cpuCores: 2, memory: '2Gi', image: 'fedora', hasDataDisk: true, status: 'ready' as const,
    })));

    const result = await runCleanup({ ...defaults, wait: true }, { api, auditor, executionId: 'cleanup-1' });
    auditor.close();

    expect(result.deleted).toEqual({ VirtualMachine: 3, DataVolume: 2, PersistentVolumeClaim: 0, Secret: 3, Service: 1 });
    expect(result.plan.runIds).toEqual(['run-a', 'run-b']);
    expect(result.failures).toEqual([]);
    for (const plural of ['virtualmachines', 'virtualmachineinstances', 'datavolumes', 'persistentvolumeclaims', 'secrets', 'services']) {
      expect(names(sim, plural), plural).toEqual([]);
    }
    const audit = await auditOf(auditDb, 'cleanup-1');
    expect(audit?.execution).toMatchObject({
      command: 'cleanup', status: 'success', cleanupMode: 'all', linkedRunIds: ['run-a', 'run-b'], waitForReady: true,
      deleted: { vms: 3, services: 1, secrets: 3, dataVolumes: 2, pvcs: 0, namespace: false },
    });
    expect(audit?.resources.filter((r) => r.kind === 'Secret').map((r) => [r.name, r.status])).toEqual([
      ['virtwork-cpu-0-cloudinit', 'deleted'], ['virtwork-cpu-1-cloudinit', 'deleted'], ['virtwork-memory-0-cloudinit', 'deleted'],
    ]);
    expect(audit?.events.map((e) => e.type)).toEqual(['execution_started', 'cleanup_started', 'cleanup_completed']);
    const run = await auditOf(auditDb, 'run-a');
    expect(run?.vms.map((vm) => vm.status)).toEqual(['deleted', 'deleted']);
  });

  test('objects a run creates between the list and the delete are counted, audited and linked too', async ({ sim, api, auditDb }) => {
    seedRun(sim, 'run-a', { vms: 2 });
    const auditor = await SqliteAuditor.open(auditDb);
    auditor.startExecution({ runId: 'run-b', command: 'run', namespace: NAMESPACE });
    auditor.recordVms('run-b', ['virtwork-memory-0', 'virtwork-memory-1', 'virtwork-memory-2'].map((vmName) => ({
      vmName, namespace: NAMESPACE, workload: 'memory', cpuCores: 2, memory: '2Gi', image: 'fedora', hasDataDisk: false, status: 'ready' as const,
    })));

    // Another run creates its objects after the cleanup listed, before it deletes.
    const confirm = (): Promise<boolean> => {
      seedRun(sim, 'run-b', { vms: 3, workload: 'memory' });
      return Promise.resolve(true);
    };
    const result = await runCleanup({ ...defaults, wait: true }, { api, auditor, executionId: 'cleanup-race', confirm });
    auditor.close();

    expect(result.plan.objects.VirtualMachine.map((vm) => vm.name)).toEqual(['virtwork-cpu-0', 'virtwork-cpu-1']);
    expect(result.deleted).toMatchObject({ VirtualMachine: 5, Secret: 5 });
    expect(names(sim, 'virtualmachines')).toEqual([]);
    const audit = await auditOf(auditDb, 'cleanup-race');
    expect(audit?.execution).toMatchObject({ linkedRunIds: ['run-a', 'run-b'], deleted: { vms: 5, secrets: 5 } });
    expect(audit?.resources.filter((r) => r.kind === 'Secret')).toHaveLength(5);
    expect((await auditOf(auditDb, 'run-b'))?.vms.map((vm) => vm.status)).toEqual(['deleted', 'deleted', 'deleted']);
  });

  test('--run-id deletes that run and leaves other runs alone', async ({ sim, api, auditDb }) => {
    seedRun(sim, 'run-a', { vms: 2 });
    seedRun(sim, 'run-b', { vms: 1, workload: 'memory', service: true });
    const auditor = await SqliteAuditor.open(auditDb);

    const result = await runCleanup({ ...defaults, runId: 'run-a' }, { api, auditor, executionId: 'cleanup-a' });
    auditor.close();

    expect(result.plan.labelSelector).toBe(`${MANAGED},virtwork/run-id=run-a`);
    expect(result.deleted).toMatchObject({ VirtualMachine: 2, Secret: 2, Service: 0 });
    expect(names(sim, 'secrets', 'virtwork/run-id=run-a')).toEqual([]);
    expect(names(sim, 'virtualmachines', 'virtwork/run-id=run-b')).toEqual(['virtwork-memory-0']);
    expect(names(sim, 'secrets', 'virtwork/run-id=run-b')).toEqual(['virtwork-memory-0-cloudinit']);
    expect(names(sim, 'services')).toEqual(['virtwork-memory-server']);
    expect((await auditOf(auditDb, 'cleanup-a'))?.execution).toMatchObject({ cleanupMode: 'run-id', linkedRunIds: ['run-a'] });
  });

  test('never touches an object without the managed-by label', async ({ sim, api }) => {
    seedRun(sim, 'run-a', { vms: 1, service: true });
    seedForeign(sim, 'Secret', 'team-db-password');
    seedForeign(sim, 'Service', 'team-api');
    seedForeign(sim, 'ConfigMap', 'team-settings');

    await runCleanup({ ...defaults, wait: true }, { api, auditor: new NoOpAuditor(), executionId: 'c' });

    expect(names(sim, 'secrets')).toEqual(['team-db-password']);
    expect(names(sim, 'services')).toEqual(['team-api']);
    expect(names(sim, 'configmaps')).toEqual(['team-settings']);
    expect(names(sim, 'virtualmachines', MANAGED)).toEqual([]);
  });

  test('a forbidden kind is reported with the missing permission while every other kind is deleted', async ({ sim, api, auditDb }) => {
    seedRun(sim, 'run-a', { vms: 4, service: true });
    sim.faults.add({ kind: 'deny', match: { resource: 'secrets', verb: ['delete', 'deletecollection'] } });
    const auditor = await SqliteAuditor.open(auditDb);

    const result = await runCleanup(defaults, { api, auditor, executionId: 'cleanup-f' });
    auditor.close();

    expect(result.deleted).toMatchObject({ VirtualMachine: 4, Secret: 0, Service: 1 });
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]?.kind).toBe('Secret');
    expect(result.failures[0]?.message).toMatch(/^forbidden: cannot delete secrets "virtwork-cpu-\d-cloudinit" in namespace "virtwork"; .*needs RBAC permission secrets "delete"/);
    expect(sim.list('virtualmachines', NAMESPACE).every((vm) => vm.metadata.deletionTimestamp !== undefined)).toBe(true);
    expect(names(sim, 'services')).toEqual([]);
    expect(names(sim, 'secrets')).toHaveLength(4);
    // RBAC is per kind: after one forbidden single delete the others are not tried.
    expect(sim.stats().byResource.secrets).toEqual({ list: 1, deletecollection: 1, delete: 1 });
    expect((await auditOf(auditDb, 'cleanup-f'))?.execution).toMatchObject({
      status: 'failed', deleted: { vms: 4, secrets: 0, services: 1 }, errorSummary: expect.stringMatching(/^Secret: forbidden: /) as unknown,
    });
  });

  test('a refused deletecollection falls back to one delete per object', async ({ sim, api }) => {
    seedRun(sim, 'run-a', { vms: 3 });
    sim.faults.add({ kind: 'error', match: { resource: 'secrets', verb: 'deletecollection' }, status: 405, reason: 'MethodNotAllowed' });
    sim.faults.add({ kind: 'deny', match: { resource: 'virtualmachines', verb: 'deletecollection' } });
    const notes: string[] = [];

    const result = await runCleanup(defaults, {
      api, auditor: new NoOpAuditor(), executionId: 'c', onNote: (_message, fields) => notes.push(String(fields.kind)),
    });

    expect(result.failures).toEqual([]);
    expect(result.deleted).toMatchObject({ VirtualMachine: 3, Secret: 3 });
    expect(notes.sort()).toEqual(['Secret', 'VirtualMachine']);
    expect(sim.stats().byResource.secrets).toEqual({ list: 1, deletecollection: 1, delete: 3 });
    expect(names(sim, 'secrets')).toEqual([]);
  });

  test('one object failing to delete does not stop the others', async ({ sim, api }) => {
    seedRun(sim, 'run-a', { vms: 3 });
    sim.faults.add({ kind: 'error', match: { resource: 'secrets', verb: 'deletecollection' }, status: 405 });
    sim.faults.add({ kind: 'error', match: { resource: 'secrets', verb: 'delete', name: 'virtwork-cpu-1-cloudinit' }, status: 409, reason: 'Conflict' });

    const result = await runCleanup(defaults, { api, auditor: new NoOpAuditor(), executionId: 'c' });

    expect(result.deleted.Secret).toBe(2);
    expect(result.failures.map((f) => [f.kind, f.name])).toEqual([['Secret', 'virtwork-cpu-1-cloudinit']]);
    expect(names(sim, 'secrets')).toEqual(['virtwork-cpu-1-cloudinit']);
  });

  test('--dry-run lists what would go, deletes nothing, and is recorded as a dry run', async ({ sim, api, auditDb }) => {
    seedRun(sim, 'run-a', { vms: 2, service: true });
    const auditor = await SqliteAuditor.open(auditDb);
    sim.resetStats();

    const result = await runCleanup({ ...defaults, dryRun: true }, { api, auditor, executionId: 'dry' });
    auditor.close();

    expect(result.dryRun).toBe(true);
    expect(result.plan.objects.VirtualMachine.map((o) => o.name)).toEqual(['virtwork-cpu-0', 'virtwork-cpu-1']);
    expect(result.plan.objects.Service).toEqual([{ name: 'virtwork-cpu-server', runId: 'run-a' }]);
    expect(result.deleted).toMatchObject({ VirtualMachine: 0, Secret: 0, Service: 0 });
    expect(Object.keys(sim.stats().byVerb)).toEqual(['list']);
    expect(names(sim, 'virtualmachines')).toHaveLength(2);
    expect((await auditOf(auditDb, 'dry'))?.execution).toMatchObject({ status: 'success', dryRun: true, linkedRunIds: ['run-a'] });
  });

  test('the confirmation sees the counts first; a "no" deletes nothing and a refusal fails the execution', async ({ sim, api, auditDb }) => {
    seedRun(sim, 'run-a', { vms: 2 });
    const auditor = await SqliteAuditor.open(auditDb);
    const seen: number[] = [];

    const declined = await runCleanup(defaults, {
      api, auditor, executionId: 'no', confirm: (plan) => Promise.resolve(seen.push(plan.objects.VirtualMachine.length) < 0),
    });
    const refusal = new InvalidInputError('--yes', false, 'stdin is not a terminal: pass --yes to confirm');
    const refused = runCleanup(defaults, { api, auditor, executionId: 'refused', confirm: () => Promise.reject(refusal) });
    await expect(refused).rejects.toBe(refusal);
    auditor.close();

    expect(seen).toEqual([2]);
    expect(declined).toMatchObject({ cancelled: true, deleted: { VirtualMachine: 0 } });
    expect(names(sim, 'virtualmachines')).toHaveLength(2);
    expect((await auditOf(auditDb, 'no'))?.execution.status).toBe('declined');
    expect((await auditOf(auditDb, 'refused'))?.execution).toMatchObject({ status: 'failed', errorSummary: refusal.message });
  });

  test('an interrupt while deleting ends the execution as interrupted', async ({ sim, api, auditDb }) => {
    seedRun(sim, 'run-a', { vms: 1 });
    sim.faults.add({ kind: 'latency', match: { verb: 'deletecollection' }, ms: 10_000 });
    const controller = new AbortController();
    const auditor = await SqliteAuditor.open(auditDb);

    const cleanup = runCleanup(defaults, { api: { ...api, signal: controller.signal }, auditor, executionId: 'int' });
    await expect.poll(() => sim.stats().byVerb.list).toBe(5);
    controller.abort(new Error('interrupted by SIGINT'));
    await expect(cleanup).rejects.toThrow('interrupted by SIGINT');
    auditor.close();

    expect((await auditOf(auditDb, 'int'))?.execution).toMatchObject({ status: 'interrupted', errorSummary: 'interrupted by SIGINT' });
  });

  test('an unreachable or forbidden list fails the cleanup before anything is deleted', async ({ sim, api, auditDb }) => {
    seedRun(sim, 'run-a', { vms: 1 });
    sim.faults.add({ kind: 'deny', match: { resource: 'services', verb: 'list' } });
    const auditor = await SqliteAuditor.open(auditDb);

    await expect(runCleanup(defaults, { api, auditor, executionId: 'lf' })).rejects.toMatchObject({ name: 'ApiError', status: 403, exitCode: 2 });
    auditor.close();

    expect(names(sim, 'virtualmachines')).toEqual(['virtwork-cpu-0']);
    expect((await auditOf(auditDb, 'lf'))?.execution.status).toBe('failed');
  });
});

describe('runCleanup --delete-namespace', () => {
  test('deletes a namespace virtwork created once it holds only virtwork objects, and --wait sees it gone', async ({ sim, api, auditDb }) => {
    seedNamespace(sim, 'run-a');
    seedRun(sim, 'run-a', { vms: 1, dataDisks: true });
    const auditor = await SqliteAuditor.open(auditDb);

    const result = await runCleanup({ ...defaults, deleteNamespace: true, wait: true }, { api, auditor, executionId: 'ns' });
    auditor.close();

    expect(result).toMatchObject({ namespaceDeleted: true, failures: [], stillPresent: [] });
    expect(sim.get('namespaces', undefined, NAMESPACE)).toBeUndefined();
    const audit = await auditOf(auditDb, 'ns');
    expect(audit?.execution.deleted.namespace).toBe(true);
    expect(audit?.resources.find((r) => r.kind === 'Namespace')).toMatchObject({ name: NAMESPACE, status: 'deleted' });
  });

  test('keeps a namespace virtwork did not create, and says why', async ({ sim, api }) => {
    seedNamespace(sim, undefined);
    seedRun(sim, 'run-a', { vms: 1 });

    const result = await runCleanup({ ...defaults, deleteNamespace: true }, { api, auditor: new NoOpAuditor(), executionId: 'c' });

    expect(result.namespaceDeleted).toBe(false);
    expect(result.namespaceKeptReason).toBe('namespace "virtwork" was not created by virtwork (no app.kubernetes.io/managed-by=virtwork label)');
    expect(result.deleted.VirtualMachine).toBe(1);
    // still there and not terminating: no delete was sent for it
    const kept = sim.get('namespaces', undefined, NAMESPACE);
    expect(kept?.metadata.name).toBe(NAMESPACE);
    expect(kept?.metadata).not.toHaveProperty('deletionTimestamp');
  });

  test('keeps a namespace that holds objects virtwork did not make, naming them', async ({ sim, api }) => {
    seedNamespace(sim, 'run-a');
    seedRun(sim, 'run-a', { vms: 1, dataDisks: true });
    seedForeign(sim, 'ConfigMap', 'team-settings');
    sim.seed({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-root-ca.crt', namespace: NAMESPACE }, data: {} });

    const result = await runCleanup({ ...defaults, deleteNamespace: true }, { api, auditor: new NoOpAuditor(), executionId: 'c' });

    // the CDI-made PVC (owned by a virtwork DataVolume) and the platform's CA ConfigMap do not count
    expect(result.namespaceKeptReason).toBe('namespace "virtwork" holds 1 object(s) virtwork did not make: ConfigMap/team-settings');
    expect(result.namespaceDeleted).toBe(false);
    expect(names(sim, 'configmaps')).toEqual(['kube-root-ca.crt', 'team-settings']);
  });

  test('with --run-id, keeps the namespace while other runs still have objects in it', async ({ sim, api }) => {
    seedNamespace(sim, 'run-a');
    seedRun(sim, 'run-a', { vms: 1 });
    seedRun(sim, 'run-b', { vms: 1, workload: 'memory' });

    const result = await runCleanup(
      { ...defaults, runId: 'run-a', deleteNamespace: true, wait: true },
      { api, auditor: new NoOpAuditor(), executionId: 'c' },
    );

    expect(result.namespaceKeptReason).toBe('namespace "virtwork" still holds objects of other runs (run-b); clean those up too, or leave out --run-id');
    expect(names(sim, 'virtualmachines')).toEqual(['virtwork-memory-0']);
  });
});
