/**
 * Schema version 4: every execution records the cluster it talked to (server URL, context, where the
 * kubeconfig came from and its path), and `audit list` filters by context and namespace.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect } from 'vitest';
import { listExecutions, openAuditDatabase, showExecution } from '../../src/audit/index.js';
import { SqliteAuditor } from '../../src/audit/sqlite-auditor.js';
import { readSchemaVersion } from '../../src/audit/migrate.js';
import { LATEST_SCHEMA_VERSION } from '../../src/audit/schema.js';
import { test } from './temp-dir.js';

const V1_FIXTURE = readFileSync(new URL('./fixtures/virtwork-v1.sql', import.meta.url), 'utf8');

describe('the cluster of each execution', () => {
  test('a version 1 file gains the columns; its old rows read as unknown, new ones as recorded', async ({ dir }) => {
    const file = join(dir, 'virtwork.db');
    const raw = new DatabaseSync(file);
    raw.exec(V1_FIXTURE);
    raw.close();

    const auditor = await SqliteAuditor.open(file);
    auditor.startExecution({ runId: 'run-new', command: 'run', namespace: 'team-a' });
    auditor.recordCluster('run-new', { server: 'https://api.prod:6443', context: 'prod', kubeconfigSource: 'KUBECONFIG', kubeconfigPath: '/k/a:/k/b' });
    auditor.close();
    const db = await openAuditDatabase(file);
    const old = showExecution(db, 'run-v1-0001')?.execution;
    const recorded = showExecution(db, 'run-new')?.execution;
    const version = Number(db.prepare('SELECT version FROM schema_version').get()?.version);
    db.close();

    expect(version).toBe(LATEST_SCHEMA_VERSION);
    expect(old).toMatchObject({ clusterServer: null, kubeconfigSource: null });
    expect(recorded).toMatchObject({ clusterServer: 'https://api.prod:6443', clusterContext: 'prod', kubeconfigSource: 'KUBECONFIG', kubeconfigPath: '/k/a:/k/b' });
  });

  test('a file with the version 4 columns and no schema_version is known as version 4, not migrated again', async ({ dir }) => {
    const file = join(dir, 'virtwork.db');
    (await openAuditDatabase(file)).close();
    const raw = new DatabaseSync(file);
    raw.exec('DROP TABLE schema_version');
    raw.close();

    // Adding cluster_server a second time would fail with "duplicate column name".
    const db = await openAuditDatabase(file);
    const version = readSchemaVersion(db, file);
    db.close();

    expect(version).toBe(LATEST_SCHEMA_VERSION);
  });

  test('listing filters by context and by namespace, each alone or both', async ({ dir }) => {
    const file = join(dir, 'virtwork.db');
    const auditor = await SqliteAuditor.open(file);
    const executions = [
      ['a', 'prod', 'team-a'],
      ['b', 'prod', 'team-b'],
      ['c', 'lab', 'team-a'],
    ] as const;
    for (const [runId, context, namespace] of executions) {
      auditor.startExecution({ runId, command: 'run', namespace });
      auditor.recordCluster(runId, { server: `https://${context}:6443`, context, kubeconfigSource: 'flag', kubeconfigPath: '/k' });
    }
    auditor.startExecution({ runId: 'dry', command: 'dry-run', namespace: 'team-a' });
    auditor.close();
    const db = await openAuditDatabase(file);
    const ids = (filter: Parameters<typeof listExecutions>[2]) => listExecutions(db, 20, filter).map((e) => e.runId).sort();

    expect(ids({ context: 'prod' })).toEqual(['a', 'b']);
    expect(ids({ namespace: 'team-a' })).toEqual(['a', 'c', 'dry']);
    expect(ids({ context: 'prod', namespace: 'team-a' })).toEqual(['a']);
    expect(ids({})).toEqual(['a', 'b', 'c', 'dry']);
    expect(listExecutions(db, 20, { context: 'lab' }).map((e) => e.clusterContext)).toEqual(['lab']);
    db.close();
  });
});
