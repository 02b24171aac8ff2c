/**
 * `virtwork run` and `cleanup` recording as they go: the real binary against a simulator, the audit
 * database read back through `virtwork audit show`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect } from 'vitest';
import type { ExecutionDetails } from '../../src/audit/index.js';
import type { RunSummaryJson } from '../../src/cli/output/summary.js';
import type { CleanupResult } from '../../src/orchestrator/cleanup.js';
import { startSimCluster, type SimCluster } from '../../sim/index.js';
import { CONTEXT_NAME } from '../../sim/kubeconfig.js';
import { BUILD_TIMEOUT_MS, ensureBuilt, runCli, startCli, type CliResult } from './support/cli.js';
import { e2eTest } from './support/fixtures.js';

beforeAll(async () => {
  await ensureBuilt();
}, BUILD_TIMEOUT_MS);

const test = e2eTest({ readyAfterMs: 50 });

const virtwork = (sim: SimCluster, auditDb: string, ...args: string[]): Promise<CliResult> =>
  runCli([...args, '--kubeconfig', sim.kubeconfigPath, '--audit-db', auditDb]);

const show = async (auditDb: string, runId: string): Promise<ExecutionDetails> => {
  const cli = await runCli(['audit', 'show', runId, '--audit-db', auditDb, '-o', 'json']);
  expect(cli.code).toBe(0);
  return JSON.parse(cli.stdout) as ExecutionDetails;
};

describe('run and cleanup in the audit trail', () => {
  test('run then cleanup: everything gone, counts right, the cleanup linked to the run', async ({ sim, auditDb }) => {
    const run = await virtwork(sim, auditDb, 'run', '--workloads', 'cpu,disk,network', '--vm-count', '1', '-o', 'json');
    expect(run.code).toBe(0);
    const { runId } = JSON.parse(run.stdout) as RunSummaryJson;

    const cleanup = await virtwork(sim, auditDb, 'cleanup', '--yes', '--wait', '-o', 'json');
    expect(cleanup.code).toBe(0);
    const result = JSON.parse(cleanup.stdout) as CleanupResult;

    // cpu, disk (with a DataVolume), network server + client (and its Service)
    expect(result.deleted).toEqual({ VirtualMachine: 4, DataVolume: 1, PersistentVolumeClaim: 0, Secret: 4, Service: 1 });
    for (const plural of ['virtualmachines', 'virtualmachineinstances', 'datavolumes', 'persistentvolumeclaims', 'services']) {
      expect(sim.list(plural, 'virtwork'), plural).toEqual([]);
    }
    expect(sim.list('secrets', 'virtwork', 'app.kubernetes.io/managed-by=virtwork')).toEqual([]);

    const ran = await show(auditDb, runId);
    expect(ran.execution).toMatchObject({ command: 'run', status: 'success', workloads: ['cpu', 'disk', 'network'], totalVmCount: 4 });
    expect(ran.workloads.map((w) => [w.workloadType, w.vmCount, w.hasDataDisk, w.requiresService, w.status])).toEqual([
      ['cpu', 1, false, false, 'ready'],
      ['disk', 1, true, false, 'ready'],
      ['network', 2, false, true, 'ready'],
    ]);
    expect(ran.vms.map((vm) => vm.vmName).sort()).toEqual(
      ['virtwork-cpu-0', 'virtwork-disk-0', 'virtwork-network-0-client', 'virtwork-network-0-server'],
    );
    expect(ran.vms.every((vm) => vm.status === 'deleted')).toBe(true);
    expect(ran.vms.every((vm) => vm.createdAt !== null && vm.readyAt !== null && vm.deletedAt !== null)).toBe(true);
    expect(ran.events.filter((e) => e.type === 'vm_ready')).toHaveLength(4);
    expect(ran.resources.filter((r) => r.kind === 'Secret')).toHaveLength(4);

    const cleaned = await show(auditDb, result.executionId);
    expect(cleaned.execution).toMatchObject({
      command: 'cleanup', status: 'success', linkedRunIds: [runId],
      deleted: { vms: 4, dataVolumes: 1, secrets: 4, services: 1, pvcs: 0, namespace: false },
    });
  });

  test('run --dry-run is recorded as an execution with command dry-run and its planned VMs', async ({ sim, auditDb }) => {
    const dry = await virtwork(sim, auditDb, 'run', '--dry-run', '--workloads', 'cpu', '--vm-count', '2', '-o', 'json');
    expect(dry.code).toBe(0);
    const list = await runCli(['audit', 'list', '--audit-db', auditDb, '-o', 'json']);
    const [execution] = JSON.parse(list.stdout) as { runId: string; command: string; status: string }[];

    expect(execution).toMatchObject({ command: 'dry-run', status: 'success' });
    const details = await show(auditDb, execution?.runId ?? '');
    expect(details.execution.dryRun).toBe(true);
    expect(details.vms.map((vm) => [vm.vmName, vm.status])).toEqual([['virtwork-cpu-0', 'planned'], ['virtwork-cpu-1', 'planned']]);
    expect(sim.stats().total).toBe(0);
  });

  test('audit list tells a dry-run cleanup from a real one, one aligned row per execution', async ({ sim, auditDb }) => {
    const run = await virtwork(sim, auditDb, 'run', '--workloads', 'cpu', '-o', 'json');
    const { runId } = JSON.parse(run.stdout) as RunSummaryJson;
    expect((await virtwork(sim, auditDb, 'cleanup', '--dry-run')).code).toBe(0);
    expect((await virtwork(sim, auditDb, 'cleanup', '--yes')).code).toBe(0);

    const table = await runCli(['audit', 'list', '--audit-db', auditDb]);
    expect(table.code).toBe(0);
    const [head, ...rows] = table.stdout.trimEnd().split('\n');
    expect(head).toMatch(/^RUN ID\s+COMMAND\s+DRY RUN\s+STATUS\s+CONTEXT\s+NAMESPACE\s+VMS\s+STARTED\s+DURATION\s+LINKED RUNS$/);
    // Newest first; split as awk splits: every row has all ten columns.
    const cells = rows.map((row) => row.split(/\s+/));
    expect(cells.map((c) => c.length)).toEqual([10, 10, 10]);
    expect(cells.map((c) => [c[1], c[2], c[3], c[4], c[6], c[9]])).toEqual([
      ['cleanup', 'false', 'success', CONTEXT_NAME, '-', runId],
      ['cleanup', 'true', 'success', CONTEXT_NAME, '-', runId],
      ['run', 'false', 'success', CONTEXT_NAME, '1', '-'],
    ]);
  });

  test('SIGINT while waiting: the run ends interrupted, its created VMs recorded', async ({ sim, auditDb }) => {
    sim.faults.add({ kind: 'vm', name: 'virtwork-cpu-1', behaviour: 'neverReady' });
    const cli = startCli(['run', '--kubeconfig', sim.kubeconfigPath, '--audit-db', auditDb, '--workloads', 'cpu', '--vm-count', '2', '-o', 'json']);
    await expect.poll(() => cli.output().stderr.includes('"msg":"VM ready"'), { timeout: 60_000 }).toBe(true);
    cli.child.kill('SIGINT');
    const result = await cli.done;

    expect(result.code).toBe(130);
    const { runId } = JSON.parse(result.stdout) as RunSummaryJson;
    const details = await show(auditDb, runId);
    expect(details.execution).toMatchObject({ status: 'interrupted', errorSummary: 'interrupted by SIGINT' });
    expect(details.vms.map((vm) => [vm.vmName, vm.status])).toEqual([['virtwork-cpu-0', 'ready'], ['virtwork-cpu-1', 'created']]);
    expect(details.workloads.map((w) => [w.workloadType, w.status])).toEqual([['cpu', 'created']]);
    expect(details.events.at(-1)).toMatchObject({ type: 'interrupted', message: 'interrupted by SIGINT' });
  });

  test('a run killed mid-way leaves its row, shown as abandoned, and every VM created so far', async ({ sim, auditDb }) => {
    sim.faults.add({ kind: 'vm', name: 'virtwork-cpu-0', behaviour: 'neverReady' });
    const cli = startCli(['run', '--kubeconfig', sim.kubeconfigPath, '--audit-db', auditDb, '--workloads', 'cpu', '--vm-count', '3']);
    await expect.poll(() => cli.output().stderr.includes('"msg":"created VirtualMachine objects"'), { timeout: 60_000 }).toBe(true);
    cli.child.kill('SIGKILL');
    await cli.done;

    const list = await runCli(['audit', 'list', '--audit-db', auditDb, '-o', 'json']);
    const [execution] = JSON.parse(list.stdout) as { runId: string; status: string }[];
    expect(execution?.status).toBe('abandoned');
    const details = await show(auditDb, execution?.runId ?? '');
    expect(details.execution.completedAt).toBeNull();
    expect(details.vms.map((vm) => vm.status)).toEqual(['created', 'created', 'created']);
  });

  test('no SSH password or key material reaches the database file', async ({ sim, auditDb }) => {
    const password = 'e2e-Secret-Passw0rd!';
    const key = 'AAAAC3NzaC1lZDI1NTE5AAAAIE2eAuditNeverStoresThisKeyMaterial012345AAA';
    const run = await virtwork(sim, auditDb, 'run', '--workloads', 'cpu', '--ssh-password', password, '--ssh-key', `ssh-ed25519 ${key} me@laptop`, '-o', 'json');
    expect(run.code).toBe(0);
    const { runId } = JSON.parse(run.stdout) as RunSummaryJson;

    const bytes = [auditDb, `${auditDb}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f).toString('latin1')).join('');
    expect(bytes).toContain(runId);
    expect(bytes).not.toContain(password);
    expect(bytes).not.toContain(key);
    expect(bytes).not.toContain('$6$'); // nor the password's SHA-512 crypt hash
    expect((await show(auditDb, runId)).execution.sshAuthConfigured).toBe(true);
  });

  test('a run killed with SIGKILL shows as abandoned; one still running shows in_progress', async ({ sim, auditDb }) => {
    // Guests never pass their probes here: the run keeps waiting until it is killed.
    const slow = await startSimCluster({ tls: true, token: 'e2e-token' });
    try {
      const cli = startCli(['run', '--kubeconfig', slow.kubeconfigPath, '--audit-db', auditDb, '--workloads', 'cpu', '--timeout', '600']);
      await expect.poll(() => slow.stats().byResource.virtualmachineinstances?.watch ?? 0, { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
      const listed = async (): Promise<string | undefined> => {
        const list = await runCli(['audit', 'list', '--audit-db', auditDb, '-o', 'json']);
        return (JSON.parse(list.stdout) as { command: string; status: string }[]).find((e) => e.command === 'run')?.status;
      };
      expect(await listed()).toBe('in_progress');
      cli.child.kill('SIGKILL');
      await cli.done;
      expect(await listed()).toBe('abandoned');
    } finally {
      await slow.stop();
    }
    void sim;
  }, 120_000);

  test('a cleanup interrupted half-way records what it deleted, and marks those VMs deleted in their run', async ({ sim, auditDb }) => {
    const run = await virtwork(sim, auditDb, 'run', '--workloads', 'cpu', '--vm-count', '20', '-o', 'json');
    expect(run.code).toBe(0);
    const { runId } = JSON.parse(run.stdout) as RunSummaryJson;
    // Deletes go one by one, ten at a time (deletecollection refused), and those of virtwork-cpu-15..19
    // hang: the interrupt comes once the other fifteen are deleted, with the hanging ones in flight.
    sim.faults.add({ kind: 'deny', match: { verb: 'deletecollection', resource: 'virtualmachines' } });
    for (let i = 15; i < 20; i++) sim.faults.add({ kind: 'latency', match: { verb: 'delete', resource: 'virtualmachines', name: `virtwork-cpu-${i}` }, ms: 600_000 });
    const cleanup = startCli(['cleanup', '--yes', '--kubeconfig', sim.kubeconfigPath, '--audit-db', auditDb, '-o', 'json']);
    const going = (): number => sim.list('virtualmachines', 'virtwork').filter((vm) => vm.metadata.deletionTimestamp !== undefined).length;
    await expect.poll(() => 20 - sim.list('virtualmachines', 'virtwork').length + going(), { timeout: 60_000 }).toBe(15);
    cleanup.child.kill('SIGINT');
    expect((await cleanup.done).code).toBe(130);

    const deletedCount = 15;
    const list = await runCli(['audit', 'list', '--audit-db', auditDb, '-o', 'json']);
    const cleanupId = (JSON.parse(list.stdout) as { runId: string; command: string }[]).find((e) => e.command === 'cleanup')?.runId ?? '';
    const cleaned = await show(auditDb, cleanupId);
    expect(cleaned.execution).toMatchObject({ status: 'interrupted', deleted: { vms: deletedCount } });
    const ran = await show(auditDb, runId);
    expect(ran.vms.filter((vm) => vm.status === 'deleted')).toHaveLength(deletedCount);
  }, 120_000);
});
