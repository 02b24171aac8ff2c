import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect } from 'vitest';
import { openAuditDatabase, showExecution } from '../../src/audit/index.js';
import { SqliteAuditor } from '../../src/audit/sqlite-auditor.js';
import { LATEST_SCHEMA_VERSION } from '../../src/audit/schema.js';
import { EnvironmentError } from '../../src/errors.js';
import { test } from './temp-dir.js';

const V1_FIXTURE = readFileSync(new URL('./fixtures/virtwork-v1.sql', import.meta.url), 'utf8');

const createDb = (file: string, sql: string): void => {
  const db = new DatabaseSync(file);
  db.exec(sql);
  db.close();
};

const schemaVersionOf = (file: string): number => {
  const db = new DatabaseSync(file);
  try {
    return Number(db.prepare('SELECT version FROM schema_version').get()?.version);
  } finally {
    db.close();
  }
};

const columnsOf = (db: DatabaseSync, table: string): string[] =>
  db.prepare(`SELECT name FROM pragma_table_info('${table}')`).all().map((r) => String(r.name));

describe('opening an audit database', () => {
  test('a missing file is created, with its directory, at the latest schema version', async ({ dir }) => {
    const file = join(dir, 'state', 'virtwork', 'virtwork.db');
    const db = await openAuditDatabase(file);
    const journal = db.prepare('PRAGMA journal_mode').get()?.journal_mode;
    const foreignKeys = db.prepare('PRAGMA foreign_keys').get()?.foreign_keys;
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all()
      .map((r) => r.name);
    db.close();

    expect(journal).toBe('wal');
    expect(foreignKeys).toBe(1);
    expect(tables).toEqual(['audit_log', 'events', 'resource_details', 'schema_version', 'vm_details', 'workload_details']);
    expect(schemaVersionOf(file)).toBe(LATEST_SCHEMA_VERSION);
  });

  test('a version 1 database is upgraded to the latest version and keeps its data', async ({ dir }) => {
    const file = join(dir, 'virtwork.db');
    createDb(file, V1_FIXTURE);
    expect(schemaVersionOf(file)).toBe(1);

    const db = await openAuditDatabase(file);
    expect(columnsOf(db, 'audit_log')).toEqual(expect.arrayContaining(['workloads', 'datavolumes_deleted', 'pvcs_deleted']));
    expect(columnsOf(db, 'audit_log')).not.toContain('workloads_csv');
    expect(columnsOf(db, 'vm_details')).toContain('workload');
    expect(columnsOf(db, 'vm_details')).not.toContain('component');
    expect(columnsOf(db, 'resource_details')).toEqual(expect.arrayContaining(['kind', 'name']));
    expect(columnsOf(db, 'events')).toEqual(expect.arrayContaining(['subject', 'details']));

    const run = showExecution(db, 'run-v1-0001');
    const cleanup = showExecution(db, 'cleanup-v1-0002');
    db.close();

    expect(schemaVersionOf(file)).toBe(LATEST_SCHEMA_VERSION);
    expect(run?.execution).toMatchObject({
      command: 'run',
      status: 'success',
      workloads: ['cpu', 'network'],
      linkedRunIds: [],
      totalVmCount: 3,
      sshAuthConfigured: true,
    });
    expect(run?.vms.map((vm) => [vm.vmName, vm.workload, vm.role])).toEqual([
      ['virtwork-cpu-0', 'cpu', null],
      ['virtwork-network-server-0', 'network', 'server'],
      ['virtwork-network-client-0', 'network', 'client'],
    ]);
    expect(run?.workloads.map((w) => [w.workloadType, w.params])).toEqual([
      ['cpu', {}],
      ['network', {}],
    ]);
    expect(run?.resources).toEqual([
      expect.objectContaining({ kind: 'Service', name: 'virtwork-iperf3-server', status: 'created' }),
    ]);
    expect(run?.events).toEqual([expect.objectContaining({ type: 'vm_ready', subject: null, details: null })]);
    expect(cleanup?.execution).toMatchObject({
      command: 'cleanup',
      linkedRunIds: ['run-v1-0001'],
      deleted: { vms: 3, services: 1, secrets: 3, dataVolumes: null, pvcs: null, namespace: false },
    });
  });

  test('an upgraded version 1 database takes new executions that reference their rows', async ({ dir }) => {
    const file = join(dir, 'virtwork.db');
    createDb(file, V1_FIXTURE);
    const auditor = await SqliteAuditor.open(file);
    auditor.startExecution({ runId: 'run-v2-0003', command: 'run', namespace: 'virtwork', workloads: ['disk'] });
    auditor.recordWorkloads('run-v2-0003', [
      { workloadType: 'disk', enabled: true, vmCount: 1, cpuCores: 2, memory: '2Gi', hasDataDisk: true,
        dataDiskSize: '10Gi', requiresService: false, params: { profile: 'mixed' }, status: 'planned' },
    ]);
    auditor.recordVms('run-v2-0003', [
      { vmName: 'virtwork-disk-0', namespace: 'virtwork', workload: 'disk', cpuCores: 2, memory: '2Gi',
        image: 'quay.io/containerdisks/fedora:42', hasDataDisk: true, dataDiskSize: '10Gi', status: 'created' },
    ]);
    auditor.close();

    const db = await openAuditDatabase(file);
    const details = showExecution(db, 'run-v2-0003');
    const workloadIdOfVm = db.prepare(
      `SELECT w.workload_type FROM vm_details v JOIN workload_details w ON w.id = v.workload_id WHERE v.vm_name = ?`,
    ).get('virtwork-disk-0');
    db.close();
    expect(details?.workloads[0]?.params).toEqual({ profile: 'mixed' });
    expect(details?.vms[0]).toMatchObject({ vmName: 'virtwork-disk-0', status: 'created', dataDiskSize: '10Gi' });
    expect(workloadIdOfVm?.workload_type).toBe('disk');
  });

  test('a database from before schema versioning (tables, no schema_version) counts as version 1', async ({ dir }) => {
    const file = join(dir, 'virtwork.db');
    createDb(file, V1_FIXTURE.replace(/CREATE TABLE schema_version[^;]*;\s*INSERT INTO schema_version[^;]*;/, ''));

    const db = await openAuditDatabase(file);
    const run = showExecution(db, 'run-v1-0001');
    db.close();

    expect(schemaVersionOf(file)).toBe(LATEST_SCHEMA_VERSION);
    expect(run?.execution.workloads).toEqual(['cpu', 'network']);
  });

  test('opening an up-to-date database twice changes nothing', async ({ dir }) => {
    const file = join(dir, 'virtwork.db');
    (await openAuditDatabase(file)).close();
    const db = await openAuditDatabase(file);
    const versions = db.prepare('SELECT version FROM schema_version').all();
    db.close();
    expect(versions).toEqual([{ version: LATEST_SCHEMA_VERSION }]);
  });

  test('a database written by a newer virtwork is refused with the versions and the way out, unchanged', async ({ dir }) => {
    const file = join(dir, 'virtwork.db');
    (await openAuditDatabase(file)).close();
    const db = new DatabaseSync(file);
    db.exec('PRAGMA journal_mode = DELETE');
    db.exec(`UPDATE schema_version SET version = ${LATEST_SCHEMA_VERSION + 1}`);
    db.close();
    const before = readFileSync(file);

    const opening = openAuditDatabase(file);
    await expect(opening).rejects.toBeInstanceOf(EnvironmentError);
    await expect(opening).rejects.toThrow(
      `audit database ${file} has schema version ${LATEST_SCHEMA_VERSION + 1}, newer than this virtwork understands ` +
        `(${LATEST_SCHEMA_VERSION}): upgrade virtwork, or use another file with --audit-db`,
    );
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(schemaVersionOf(file)).toBe(LATEST_SCHEMA_VERSION + 1);
  });
});
