/**
 * The audit trail end to end: the real binary writing and reading the SQLite file, against a
 * simulator started in-process.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { beforeAll, describe, test as base, expect } from 'vitest';
import type { ExecutionDetails, ExecutionSummary } from '../../src/audit/index.js';
import { LATEST_SCHEMA_VERSION } from '../../src/audit/schema.js';
import type { CleanupResult } from '../../src/orchestrator/cleanup.js';
import { startSimCluster, type SimCluster } from '../../sim/index.js';
import { NAMESPACE, seedRun } from '../orchestrator/cleanup-seed.js';
import { BUILD_TIMEOUT_MS, ensureBuilt, isolatedEnv, plainStderrLines, runCli, startCli } from './support/cli.js';

beforeAll(async () => {
  await ensureBuilt();
}, BUILD_TIMEOUT_MS);

const test = base.extend<{ sim: SimCluster; dir: string }>({
  // eslint-disable-next-line no-empty-pattern
  sim: async ({}, use) => {
    const sim = await startSimCluster({ tls: true, token: 'e2e-token', namespaces: ['team-a', 'team-b'] });
    await use(sim);
    await sim.stop();
  },
  // eslint-disable-next-line no-empty-pattern
  dir: async ({}, use) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'virtwork-e2e-audit-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
});

const V1_FIXTURE = new URL('../audit/fixtures/virtwork-v1.sql', import.meta.url);

describe('virtwork audit', () => {
  test('a database from schema version 1 is listed and shown as it is, not migrated', async ({ dir }) => {
    const file = path.join(dir, 'virtwork.db');
    const old = new DatabaseSync(file);
    old.exec(readFileSync(V1_FIXTURE, 'utf8'));
    old.close();

    const list = await runCli(['audit', 'list', '--audit-db', file, '-o', 'json']);
    const show = await runCli(['audit', 'show', 'cleanup-v1-0002', '--audit-db', file]);

    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as ExecutionSummary[]).map((e) => [e.runId, e.command, e.workloads])).toEqual([
      ['cleanup-v1-0002', 'cleanup', []],
      ['run-v1-0001', 'run', ['cpu', 'network']],
    ]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('Linked runs: run-v1-0001\n');
    expect(show.stdout).toContain('Deleted: vms=3 services=1 secrets=3 namespace=false\n');
    const db = new DatabaseSync(file);
    expect(db.prepare('SELECT version FROM schema_version').get()).toEqual({ version: 1 });
    db.close();
  });

  test('a database from a newer virtwork is refused with exit 2 and left as it is', async ({ dir }) => {
    const file = path.join(dir, 'virtwork.db');
    const newer = new DatabaseSync(file);
    newer.exec('CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (99);');
    newer.close();
    const before = readFileSync(file);

    const cli = await runCli(['audit', 'list', '--audit-db', file]);

    expect(cli.code).toBe(2);
    expect(plainStderrLines(cli.stderr)).toEqual([
      `error: audit database ${file} has schema version 99, newer than this virtwork understands (${LATEST_SCHEMA_VERSION}): upgrade virtwork, or use another file with --audit-db`,
    ]);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  test('audit show names an unknown run id and exits 2', async ({ dir }) => {
    const file = path.join(dir, 'virtwork.db');
    const old = new DatabaseSync(file);
    old.exec(readFileSync(V1_FIXTURE, 'utf8'));
    old.close();

    const cli = await runCli(['audit', 'show', 'no-such-run', '--audit-db', file]);

    expect(cli.code).toBe(2);
    expect(plainStderrLines(cli.stderr)).toEqual([
      `error: run id=no-such-run: no execution with this run id in ${file} (see virtwork audit list)`,
    ]);
  });

  test('audit show takes a unique prefix of a run id; an ambiguous one names the matches and exits 2', async ({ dir }) => {
    const file = path.join(dir, 'virtwork.db');
    const old = new DatabaseSync(file);
    old.exec(readFileSync(V1_FIXTURE, 'utf8'));
    old.close();

    const unique = await runCli(['audit', 'show', 'cleanup-v1', '--audit-db', file, '-o', 'json']);
    const everything = await runCli(['audit', 'show', '', '--audit-db', file]);

    expect(unique.code, unique.stderr).toBe(0);
    expect((JSON.parse(unique.stdout) as { execution: { runId: string } }).execution.runId).toBe('cleanup-v1-0002');
    expect(everything.code).toBe(2);
    expect(plainStderrLines(everything.stderr)).toEqual([
      `error: run id=: matches 2 run ids in ${file} (cleanup-v1-0002, run-v1-0001); type more of the id`,
    ]);
  });

  test('two virtwork processes writing the same database at once both succeed', async ({ sim, dir }) => {
    const file = path.join(dir, 'state', 'virtwork.db');
    seedRun(sim, 'run-a', { vms: 3, namespace: 'team-a', runStrategy: 'Halted' });
    seedRun(sim, 'run-b', { vms: 3, namespace: 'team-b', runStrategy: 'Halted' });

    const clis = ['team-a', 'team-b'].map((namespace) =>
      startCli(['cleanup', '--kubeconfig', sim.kubeconfigPath, '--namespace', namespace, '--audit-db', file, '--yes', '-o', 'json'], isolatedEnv()),
    );
    const results = await Promise.all(clis.map((cli) => cli.done));

    expect(results.map((r) => [r.code, plainStderrLines(r.stderr)])).toEqual([[0, []], [0, []]]);
    const ids = results.map((r) => (JSON.parse(r.stdout) as CleanupResult).executionId);
    for (const [i, id] of ids.entries()) {
      const show = await runCli(['audit', 'show', id, '--audit-db', file, '-o', 'json']);
      const details = JSON.parse(show.stdout) as ExecutionDetails;
      expect(details.execution).toMatchObject({ status: 'success', namespace: ['team-a', 'team-b'][i], deleted: { vms: 3, secrets: 3 } });
    }
    expect(sim.list('virtualmachines').filter((vm) => vm.metadata.deletionTimestamp === undefined)).toEqual([]);
  });

  test('--no-audit records nothing and creates no file; VIRTWORK_AUDIT_DB chooses the file', async ({ sim, dir }) => {
    seedRun(sim, 'run-a', { vms: 1, runStrategy: 'Halted' });
    const viaEnv = path.join(dir, 'from-env.db');
    const env = isolatedEnv({ VIRTWORK_AUDIT_DB: viaEnv, XDG_STATE_HOME: path.join(dir, 'state') });

    const off = await runCli(['cleanup', '--kubeconfig', sim.kubeconfigPath, '--no-audit', '--dry-run'], env);
    expect(off.code).toBe(0);
    expect(existsSync(viaEnv)).toBe(false);
    expect(existsSync(path.join(env.XDG_STATE_HOME ?? '', 'virtwork'))).toBe(false);

    const on = await runCli(['cleanup', '--kubeconfig', sim.kubeconfigPath, '--dry-run'], env);
    expect(on.code).toBe(0);
    const list = await runCli(['audit', 'list', '-o', 'json'], env);
    expect((JSON.parse(list.stdout) as ExecutionSummary[]).map((e) => [e.command, e.status, e.namespace])).toEqual([
      ['cleanup', 'success', NAMESPACE],
    ]);
  });

  test('the config file sets audit_db and audit; a flag beats the file', async ({ sim, dir }) => {
    seedRun(sim, 'run-a', { vms: 1, runStrategy: 'Halted' });
    const config = path.join(dir, 'virtwork.yaml');
    writeFileSync(config, 'audit_db: ./from-file.db\naudit: false\n');
    const fromFile = path.join(dir, 'from-file.db');
    const args = ['cleanup', '--kubeconfig', sim.kubeconfigPath, '--config', config, '--dry-run'];

    const off = await runCli(args);
    expect(off.code).toBe(0);
    expect(existsSync(fromFile)).toBe(false);

    const on = await runCli([...args, '--audit']);
    expect(on.code).toBe(0);
    const list = await runCli(['audit', 'list', '--config', config, '-o', 'json']);
    expect((JSON.parse(list.stdout) as ExecutionSummary[]).map((e) => e.command)).toEqual(['cleanup']);
    expect(existsSync(fromFile)).toBe(true);
  });
});
