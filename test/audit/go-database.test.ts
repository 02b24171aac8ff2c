/**
 * Both shapes of the Go implementation's audit database (schema_version 1, with and without
 * `dvs_deleted`/`pvcs_deleted`) migrate to the latest schema with every row and every column's
 * meaning kept, and read the same before and after.
 */
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect } from 'vitest';
import { listExecutions, openAuditDatabase, showExecution } from '../../src/audit/index.js';
import { openAuditDatabaseForReading } from '../../src/audit/open-database.js';
import { LATEST_SCHEMA_VERSION } from '../../src/audit/schema.js';
import { SqliteAuditor } from '../../src/audit/sqlite-auditor.js';
import { writeGoDatabase, type GoShape } from './fixtures/go-database.js';
import { test } from './temp-dir.js';

const TABLES = ['audit_log', 'workload_details', 'vm_details', 'resource_details', 'events'] as const;

const rowCounts = (file: string): Record<string, number> => {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return Object.fromEntries(TABLES.map((t) => [t, Number(db.prepare(`SELECT count(*) AS n FROM ${t}`).get()?.n)]));
  } finally {
    db.close();
  }
};

describe.each(['early', 'late'] as const)('a Go audit database, %s shape', (shape: GoShape) => {
  test('migrates to the latest schema keeping every row', async ({ dir }) => {
    const file = join(dir, 'virtwork.db');
    writeGoDatabase(file, shape);
    const before = rowCounts(file);

    const db = await openAuditDatabase(file);
    const version = db.prepare('SELECT version FROM schema_version').all();
    const auditColumns = db.prepare("SELECT name FROM pragma_table_info('audit_log')").all().map((c) => String(c.name));
    db.close();

    expect(version).toEqual([{ version: LATEST_SCHEMA_VERSION }]);
    expect(auditColumns).toEqual(expect.arrayContaining(['workloads', 'datavolumes_deleted', 'pvcs_deleted']));
    expect(auditColumns).not.toContain('dvs_deleted');
    expect(auditColumns).not.toContain('workloads_csv');
    expect(rowCounts(file)).toEqual(before);
    expect(before).toEqual({ audit_log: 4, workload_details: 3, vm_details: 4, resource_details: 2, events: 5 });
  });

  test('keeps the meaning of every column: workloads, components, resource types, statuses, delete counts', async ({ dir }) => {
    const file = join(dir, 'virtwork.db');
    writeGoDatabase(file, shape);
    const db = await openAuditDatabase(file);
    const list = listExecutions(db);
    const run = showExecution(db, 'go-run-0001');
    const cleanup = showExecution(db, 'go-cleanup-0002');
    db.close();

    expect(list.map((e) => [e.runId, e.command, e.status, e.workloads])).toEqual([
      ['go-cleanup-0004', 'cleanup', 'aborted', []],
      ['go-run-0003', 'run', 'cancelled', ['cpu']],
      ['go-cleanup-0002', 'cleanup', 'success', []],
      ['go-run-0001', 'run', 'success', ['database', 'network']],
    ]);
    expect(run?.execution).toMatchObject({
      kubeconfigPath: '/home/sre/.kube/config',
      clusterContext: 'admin',
      containerDiskImage: 'quay.io/containerdisks/fedora:41',
      defaultCpuCores: 2,
      defaultMemory: '2Gi',
      dataDiskSize: '10Gi',
      totalVmCount: 3,
      totalWorkloadCount: 2,
      sshAuthConfigured: true,
      waitForReady: true,
      readyTimeoutSeconds: 600,
      linkedRunIds: [],
    });
    expect(run?.workloads.map((w) => [w.workloadType, w.vmCount, w.hasDataDisk, w.dataDiskSize, w.requiresService, w.status])).toEqual([
      ['database', 1, true, '10Gi', false, 'created'],
      ['network', 2, false, null, true, 'created'],
    ]);
    expect(run?.vms.map((v) => [v.vmName, v.workload, v.role, v.status, v.deletedAt])).toEqual([
      ['virtwork-database-0', 'database', null, 'ready', '2026-03-01T12:00:08Z'],
      ['virtwork-network-server-0', 'network', 'server', 'ready', null],
      ['virtwork-network-client-0', 'network', 'client', 'ready', null],
    ]);
    expect(run?.resources.map((r) => [r.kind, r.name, r.status])).toEqual([
      ['Service', 'virtwork-iperf3-server', 'deleted'],
      ['Secret', 'virtwork-database-0-cloudinit', 'created'],
    ]);
    expect(run?.events.map((e) => [e.type, e.message])).toEqual([
      ['execution_started', 'run started'],
      ['service_created', 'Service virtwork-iperf3-server created'],
      ['vm_ready', 'VM virtwork-database-0 ready'],
    ]);
    expect(cleanup?.execution).toMatchObject({
      cleanupMode: 'run-id',
      linkedRunIds: ['go-run-0001'],
      deleted:
        shape === 'late'
          ? { vms: 3, services: 1, secrets: 3, dataVolumes: 1, pvcs: 1, namespace: true }
          : { vms: 3, services: 1, secrets: 3, dataVolumes: null, pvcs: null, namespace: true },
    });
  });

  test('reads the same unmigrated (audit list/show never migrate) as migrated', async ({ dir }) => {
    const file = join(dir, 'virtwork.db');
    writeGoDatabase(file, shape);
    const readOnly = await openAuditDatabaseForReading(file);
    const unmigrated = ['go-run-0001', 'go-cleanup-0002', 'go-run-0003', 'go-cleanup-0004'].map((id) => showExecution(readOnly, id));
    readOnly.close();

    const db = await openAuditDatabase(file);
    const migrated = ['go-run-0001', 'go-cleanup-0002', 'go-run-0003', 'go-cleanup-0004'].map((id) => showExecution(db, id));
    db.close();
    expect(migrated).toEqual(unmigrated);
    expect(migrated[2]?.events[0]).toMatchObject({ type: 'vm_failed', errorDetail: 'admission webhook denied' });
  });

  test('takes new executions after the migration, next to the Go rows', async ({ dir }) => {
    const file = join(dir, 'virtwork.db');
    writeGoDatabase(file, shape);
    const auditor = await SqliteAuditor.open(file);
    auditor.startExecution({ runId: 'ts-run-0005', command: 'run', namespace: 'virtwork', workloads: ['cpu'] });
    auditor.close();

    const db = await openAuditDatabase(file);
    const runIds = listExecutions(db).map((e) => e.runId);
    db.close();
    expect(runIds).toHaveLength(5);
    expect(runIds).toContain('ts-run-0005');
    expect(runIds).toContain('go-run-0001');
  });
});
