import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect } from 'vitest';
import { openAuditDatabase, showExecution, type ExecutionDetails } from '../../src/audit/index.js';
import type { VmRecord } from '../../src/audit/records.js';
import { SqliteAuditor } from '../../src/audit/sqlite-auditor.js';
import { EnvironmentError, type VirtworkError } from '../../src/errors.js';
import { test } from './temp-dir.js';

const RUN = '5b1e6f3a-0000-4000-8000-000000000001';
const at = (minute: number): Date => new Date(Date.UTC(2026, 0, 15, 12, minute));
const cpuVm = (name: string, status: VmRecord['status'] = 'planned'): VmRecord => ({
  vmName: name, namespace: 'virtwork', workload: 'cpu', cpuCores: 2, memory: '2Gi',
  image: 'quay.io/containerdisks/fedora:42', hasDataDisk: false, status,
});

const read = async (file: string, runId: string): Promise<ExecutionDetails | undefined> => {
  const db = await openAuditDatabase(file);
  try {
    return showExecution(db, runId);
  } finally {
    db.close();
  }
};

describe('SqliteAuditor', () => {
  test('records a run as it goes: execution, workloads, VM lifecycle, resources, events, outcome', async ({ dir }) => {
    const file = join(dir, 'virtwork.db');
    const auditor = await SqliteAuditor.open(file, { clock: () => at(0) });
    auditor.startExecution({ runId: RUN, command: 'run', namespace: 'virtwork', workloads: ['cpu'], totalVmCount: 1,
      sshAuthConfigured: true, readyTimeoutSeconds: 600, startedAt: at(0) });
    auditor.recordWorkloads(RUN, [{ workloadType: 'cpu', enabled: true, vmCount: 1, cpuCores: 2, memory: '2Gi',
      hasDataDisk: false, requiresService: false, params: { load: 80 }, status: 'planned' }]);
    auditor.recordVms(RUN, [cpuVm('virtwork-cpu-0')]);
    auditor.updateWorkloads(RUN, { cpu: 'ready' });
    auditor.recordResources(RUN, [{ kind: 'Secret', name: 'virtwork-cpu-0-cloudinit', namespace: 'virtwork', status: 'created', at: at(1) }]);
    auditor.updateVm(RUN, 'virtwork-cpu-0', { status: 'created', at: at(1) });
    auditor.recordEvent(RUN, { type: 'vm_created', subject: 'virtwork-cpu-0', message: 'created', at: at(1) });
    auditor.updateVm(RUN, 'virtwork-cpu-0', { status: 'ready', phase: 'Running', at: at(3) });
    auditor.recordEvent(RUN, { type: 'vm_ready', subject: 'virtwork-cpu-0', message: 'ready', details: { seconds: 120 }, at: at(3) });

    const midRun = await read(file, RUN);
    expect(midRun?.execution.status).toBe('in_progress');
    expect(midRun?.execution.completedAt).toBeNull();

    auditor.completeExecution(RUN, { status: 'success', completedAt: at(4) });
    auditor.close();

    const details = await read(file, RUN);
    expect(details?.execution).toMatchObject({
      runId: RUN, command: 'run', status: 'success', namespace: 'virtwork', workloads: ['cpu'], totalVmCount: 1,
      dryRun: false, sshAuthConfigured: true, waitForReady: true, readyTimeoutSeconds: 600,
      startedAt: '2026-01-15T12:00:00.000Z', completedAt: '2026-01-15T12:04:00.000Z', errorSummary: null,
    });
    expect(details?.workloads).toEqual([expect.objectContaining({ workloadType: 'cpu', params: { load: 80 }, status: 'ready' })]);
    expect(details?.vms).toEqual([expect.objectContaining({
      vmName: 'virtwork-cpu-0', status: 'ready', phase: 'Running',
      createdAt: '2026-01-15T12:01:00.000Z', readyAt: '2026-01-15T12:03:00.000Z', deletedAt: null,
    })]);
    expect(details?.resources).toEqual([expect.objectContaining({ kind: 'Secret', status: 'created', createdAt: '2026-01-15T12:01:00.000Z' })]);
    expect(details?.events.map((e) => [e.type, e.subject, e.details])).toEqual([
      ['execution_started', null, null],
      ['vm_created', 'virtwork-cpu-0', null],
      ['vm_ready', 'virtwork-cpu-0', { seconds: 120 }],
    ]);
  });

  test('a VM update with its event writes both in one transaction, or neither', async ({ dir }) => {
    const file = join(dir, 'virtwork.db');
    const errors: VirtworkError[] = [];
    const auditor = await SqliteAuditor.open(file, { clock: () => at(0), onError: (e) => errors.push(e) });
    auditor.startExecution({ runId: RUN, command: 'run', namespace: 'virtwork' });
    auditor.recordVms(RUN, [cpuVm('virtwork-cpu-0')]);
    auditor.updateVm(RUN, 'virtwork-cpu-0', { status: 'ready', phase: 'Running', at: at(2) },
      { type: 'vm_ready', subject: 'virtwork-cpu-0', message: 'VM virtwork-cpu-0 is ready', at: at(2) });
    // a VM not recorded: the update fails, and its event must not be left behind
    auditor.updateVm(RUN, 'virtwork-cpu-9', { status: 'ready' }, { type: 'vm_ready', subject: 'virtwork-cpu-9', message: 'ready' });
    auditor.close();

    const details = await read(file, RUN);
    expect(details?.vms).toEqual([expect.objectContaining({ vmName: 'virtwork-cpu-0', status: 'ready', readyAt: '2026-01-15T12:02:00.000Z' })]);
    expect(details?.events.map((e) => [e.type, e.subject])).toEqual([['execution_started', null], ['vm_ready', 'virtwork-cpu-0']]);
    expect(errors.map((e) => e.message)).toEqual([expect.stringContaining('no VM virtwork-cpu-9 is recorded for this execution')]);
  });

  test('every detail row references its audit_log row, and the database enforces it', async ({ dir }) => {
    const file = join(dir, 'virtwork.db');
    const auditor = await SqliteAuditor.open(file);
    auditor.startExecution({ runId: RUN, command: 'run', namespace: 'virtwork' });
    auditor.recordVms(RUN, [cpuVm('virtwork-cpu-0')]);
    auditor.recordEvent(RUN, { type: 'vm_created', subject: 'virtwork-cpu-0', message: 'created' });
    auditor.close();

    const db = await openAuditDatabase(file);
    const eventVm = db.prepare(
      `SELECT v.vm_name, a.run_id FROM events e JOIN vm_details v ON v.id = e.vm_id JOIN audit_log a ON a.id = e.audit_id
       WHERE e.event_type = 'vm_created'`,
    ).get();
    const violations = db.prepare('PRAGMA foreign_key_check').all();
    const orphan = (): unknown =>
      db.prepare(`INSERT INTO vm_details (audit_id, vm_name, namespace, workload, cpu_cores, memory, container_disk_image)
                  VALUES (999, 'x', 'ns', 'cpu', 1, '1Gi', 'img')`).run();
    expect(orphan).toThrow(/FOREIGN KEY constraint failed/);
    db.close();
    expect(eventVm).toEqual({ vm_name: 'virtwork-cpu-0', run_id: RUN });
    expect(violations).toEqual([]);
  });

  test('recording a VM twice updates its row instead of adding one', async ({ dir }) => {
    const file = join(dir, 'virtwork.db');
    const auditor = await SqliteAuditor.open(file, { clock: () => at(5) });
    auditor.startExecution({ runId: RUN, command: 'run', namespace: 'virtwork' });
    auditor.recordVms(RUN, [cpuVm('virtwork-cpu-0'), cpuVm('virtwork-cpu-1')]);
    auditor.recordVms(RUN, [cpuVm('virtwork-cpu-1', 'existing'), cpuVm('virtwork-cpu-0', 'created')]);
    auditor.close();

    const details = await read(file, RUN);
    expect(details?.vms.map((vm) => [vm.vmName, vm.status, vm.createdAt])).toEqual([
      ['virtwork-cpu-0', 'created', '2026-01-15T12:05:00.000Z'],
      ['virtwork-cpu-1', 'existing', null],
    ]);
  });

  test('updateVms writes every VM of the batch, with its status, phase and timestamp', async ({ dir }) => {
    const file = join(dir, 'virtwork.db');
    const auditor = await SqliteAuditor.open(file, { clock: () => at(7) });
    auditor.startExecution({ runId: RUN, command: 'run', namespace: 'virtwork' });
    const names = Array.from({ length: 250 }, (_, i) => `virtwork-cpu-${i}`);
    auditor.recordVms(RUN, names.map((name) => cpuVm(name, 'created')));
    auditor.updateVms(RUN, names.map((vmName, i) => ({ vmName, status: i % 2 === 0 ? 'ready' : 'failed', phase: i % 2 === 0 ? 'Running' : 'Failed' })));
    auditor.close();

    const vms = (await read(file, RUN))?.vms ?? [];
    expect(vms).toHaveLength(250);
    expect(vms.filter((vm) => vm.status === 'ready' && vm.phase === 'Running' && vm.readyAt === '2026-01-15T12:07:00.000Z')).toHaveLength(125);
    expect(vms.filter((vm) => vm.status === 'failed' && vm.phase === 'Failed')).toHaveLength(125);
  });

  test('updateVms writes nothing when one VM of the batch is not recorded, and says which', async ({ dir }) => {
    const file = join(dir, 'virtwork.db');
    const errors: VirtworkError[] = [];
    const auditor = await SqliteAuditor.open(file, { onError: (e) => errors.push(e) });
    auditor.startExecution({ runId: RUN, command: 'run', namespace: 'virtwork' });
    auditor.recordVms(RUN, [cpuVm('virtwork-cpu-0', 'created'), cpuVm('virtwork-cpu-1', 'created')]);
    auditor.updateVms(RUN, [
      { vmName: 'virtwork-cpu-0', status: 'ready' },
      { vmName: 'virtwork-cpu-9', status: 'ready' },
      { vmName: 'virtwork-cpu-1', status: 'ready' },
    ]);
    auditor.close();

    expect(errors.map((e) => e.message)).toEqual([
      `audit database ${file}: cannot update VMs for run ${RUN}: no VM virtwork-cpu-9 is recorded for this execution; ` +
        'the audit of this command is incomplete from here on, and nothing more is written to it',
    ]);
    const vms = (await read(file, RUN))?.vms ?? [];
    expect(vms.map((vm) => [vm.vmName, vm.status, vm.readyAt])).toEqual([
      ['virtwork-cpu-0', 'created', null],
      ['virtwork-cpu-1', 'created', null],
    ]);
  });

  test('an interrupted execution ends interrupted, with an interrupted event carrying the reason', async ({ dir }) => {
    const file = join(dir, 'virtwork.db');
    const auditor = await SqliteAuditor.open(file);
    auditor.startExecution({ runId: RUN, command: 'run', namespace: 'virtwork' });
    auditor.completeExecution(RUN, { status: 'interrupted', errorSummary: 'interrupted by SIGINT' });
    auditor.close();

    const details = await read(file, RUN);
    expect(details?.execution.status).toBe('interrupted');
    expect(details?.execution.errorSummary).toBe('interrupted by SIGINT');
    expect(details?.events.at(-1)).toMatchObject({ type: 'interrupted', message: 'interrupted by SIGINT' });
  });

  test('an execution ends once: a second outcome changes nothing', async ({ dir }) => {
    const file = join(dir, 'virtwork.db');
    const auditor = await SqliteAuditor.open(file);
    auditor.startExecution({ runId: RUN, command: 'run', namespace: 'virtwork' });
    auditor.completeExecution(RUN, { status: 'failed', errorSummary: '2 of 3 VMs not ready', completedAt: at(7) });
    auditor.completeExecution(RUN, { status: 'interrupted', errorSummary: 'interrupted by SIGINT', completedAt: at(8) });
    auditor.close();

    const details = await read(file, RUN);
    expect(details?.execution).toMatchObject({ status: 'failed', errorSummary: '2 of 3 VMs not ready', completedAt: '2026-01-15T12:07:00.000Z' });
    expect(details?.events.map((e) => e.type)).toEqual(['execution_started']);
  });

  test('a cleanup links the run ids it found, records counts, and marks the VMs deleted where runs recorded them', async ({ dir }) => {
    const file = join(dir, 'virtwork.db');
    const auditor = await SqliteAuditor.open(file);
    // run-a made the VM; run-b found it (existing, then ready); run-c has a VM of the same name in
    // another namespace; dry-c only planned one.
    auditor.startExecution({ runId: 'run-a', command: 'run', namespace: 'virtwork', startedAt: at(1) });
    auditor.recordVms('run-a', [cpuVm('virtwork-cpu-0', 'ready')]);
    auditor.startExecution({ runId: 'run-b', command: 'run', namespace: 'virtwork', startedAt: at(2) });
    auditor.recordVms('run-b', [cpuVm('virtwork-cpu-0', 'existing')]);
    auditor.startExecution({ runId: 'run-c', command: 'run', namespace: 'other', startedAt: at(3) });
    auditor.recordVms('run-c', [{ ...cpuVm('virtwork-cpu-0', 'ready'), namespace: 'other' }]);
    auditor.startExecution({ runId: 'dry-c', command: 'dry-run', namespace: 'virtwork', startedAt: at(4) });
    auditor.recordVms('dry-c', [cpuVm('virtwork-cpu-0', 'planned')]);
    auditor.startExecution({ runId: 'cleanup-1', command: 'cleanup', namespace: 'virtwork', cleanupMode: 'run-id' });
    auditor.linkRuns('cleanup-1', ['run-a', 'run-a']);
    auditor.recordCleanupCounts('cleanup-1', { vms: 1, services: 0, secrets: 1, dataVolumes: 0, pvcs: 0, namespaceDeleted: false });
    auditor.markVmsDeleted([{ runId: 'run-a', namespace: 'virtwork', vmName: 'virtwork-cpu-0' }], at(9));
    auditor.completeExecution('cleanup-1', { status: 'success' });
    auditor.close();

    const cleanup = await read(file, 'cleanup-1');
    const runA = await read(file, 'run-a');
    const runB = await read(file, 'run-b');
    const runC = await read(file, 'run-c');
    const dry = await read(file, 'dry-c');
    expect(cleanup?.execution).toMatchObject({
      command: 'cleanup', cleanupMode: 'run-id', linkedRunIds: ['run-a'],
      deleted: { vms: 1, services: 0, secrets: 1, dataVolumes: 0, pvcs: 0, namespace: false },
    });
    expect(runA?.vms[0]).toMatchObject({ status: 'deleted', deletedAt: '2026-01-15T12:09:00.000Z' });
    expect(runB?.vms[0]).toMatchObject({ status: 'deleted', deletedAt: '2026-01-15T12:09:00.000Z' });
    expect(runC?.vms[0]).toMatchObject({ status: 'ready', deletedAt: null });
    expect(dry?.vms[0]).toMatchObject({ status: 'planned', deletedAt: null });
  });

  test('a failed write names the file, the operation and run; it throws by default', async ({ dir }) => {
    const file = join(dir, 'virtwork.db');
    const strict = await SqliteAuditor.open(file);
    strict.startExecution({ runId: RUN, command: 'run', namespace: 'virtwork' });
    expect(() => strict.updateVm(RUN, 'virtwork-cpu-9', { status: 'ready' })).toThrow(
      `audit database ${file}: cannot update VM for run ${RUN}: no VM virtwork-cpu-9 is recorded for this execution; ` +
        'the audit of this command is incomplete from here on, and nothing more is written to it',
    );
    strict.close();
  });

  test('the execution’s first row failing is an EnvironmentError naming the file and --no-audit, whatever onError says', async ({ dir }) => {
    const file = join(dir, 'virtwork.db');
    const errors: VirtworkError[] = [];
    const auditor = await SqliteAuditor.open(file, { onError: (e) => errors.push(e) });
    auditor.startExecution({ runId: RUN, command: 'run', namespace: 'virtwork' });
    expect(() => auditor.startExecution({ runId: RUN, command: 'run', namespace: 'virtwork' })).toThrow(EnvironmentError);
    expect(() => auditor.startExecution({ runId: RUN, command: 'run', namespace: 'virtwork' })).toThrow(
      new RegExp(`^audit database ${file} cannot be written: .*UNIQUE constraint failed.*; .*--no-audit$`),
    );
    auditor.close();
    expect(errors).toEqual([]);
  });

  test('with onError, the first later failure goes there once, and nothing more is written after it', async ({ dir }) => {
    const file = join(dir, 'virtwork.db');
    const errors: VirtworkError[] = [];
    const auditor = await SqliteAuditor.open(file, { onError: (e) => errors.push(e) });
    auditor.startExecution({ runId: RUN, command: 'run', namespace: 'virtwork' });
    auditor.recordEvent('unknown-run', { type: 'vm_ready', message: 'x' });
    auditor.recordEvent('unknown-run', { type: 'vm_ready', message: 'y' });
    auditor.recordEvent(RUN, { type: 'vm_ready', message: 'after the failure' });
    auditor.close();
    expect(errors.map((e) => e.message)).toEqual([
      `audit database ${file}: cannot record event for run unknown-run: no execution with this run id was started; ` +
        'the audit of this command is incomplete from here on, and nothing more is written to it',
    ]);
    const db = new DatabaseSync(file);
    expect(db.prepare("SELECT count(*) AS n FROM events WHERE message = 'after the failure'").get()).toEqual({ n: 0 });
    db.close();
  });
});
