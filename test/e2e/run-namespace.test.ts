/**
 * `status --run-id` and `cleanup --run-id` without -n look for the run in the namespace the audit
 * database recorded for it (by a unique prefix of its id); a namespace the user chose wins.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, test as base, expect } from 'vitest';
import { SqliteAuditor } from '../../src/audit/index.js';
import type { CleanupResult } from '../../src/orchestrator/cleanup.js';
import type { StatusReport } from '../../src/orchestrator/status.js';
import { startSimCluster, type SimCluster } from '../../sim/index.js';
import { NAMESPACE, names, seedRun } from '../orchestrator/cleanup-seed.js';
import { BUILD_TIMEOUT_MS, ensureBuilt, isolatedEnv, plainStderrLines, runCli } from './support/cli.js';

beforeAll(async () => {
  await ensureBuilt();
}, BUILD_TIMEOUT_MS);

const RUN_IN_TEAM = '7e1d0c3a-team-run';

const test = base.extend<{ sim: SimCluster; auditDb: string }>({
  // eslint-disable-next-line no-empty-pattern
  sim: async ({}, use) => {
    const sim = await startSimCluster({ tls: true, token: 'e2e-token' });
    await use(sim);
    await sim.stop();
  },
  // eslint-disable-next-line no-empty-pattern
  auditDb: async ({}, use) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'virtwork-e2e-run-ns-'));
    const file = path.join(dir, 'virtwork.db');
    // What `virtwork run -n team-a` recorded, and a cleanup whose own id shares the prefix.
    const auditor = await SqliteAuditor.open(file);
    auditor.startExecution({ runId: RUN_IN_TEAM, command: 'run', namespace: 'team-a' });
    auditor.completeExecution(RUN_IN_TEAM, { status: 'success' });
    auditor.startExecution({ runId: '7e1d0c3a-cleanup', command: 'cleanup', namespace: NAMESPACE });
    auditor.completeExecution('7e1d0c3a-cleanup', { status: 'success' });
    auditor.close();
    await use(file);
    rmSync(dir, { recursive: true, force: true });
  },
});

const cli = (sim: SimCluster, auditDb: string, ...args: string[]) =>
  runCli([...args, '--kubeconfig', sim.kubeconfigPath, '--audit-db', auditDb], isolatedEnv());

test('status --run-id PREFIX without -n shows the run in the namespace the audit recorded', async ({ sim, auditDb }) => {
  seedRun(sim, RUN_IN_TEAM, { vms: 1, runStrategy: 'Halted', namespace: 'team-a' });
  seedRun(sim, 'run-in-default', { vms: 1, runStrategy: 'Halted' });

  const found = await cli(sim, auditDb, 'status', '--run-id', '7e1d', '-o', 'json');

  expect(found.code, found.stderr).toBe(0);
  const report = JSON.parse(found.stdout) as StatusReport;
  expect([report.namespace, report.runs.map((r) => r.runId)]).toEqual(['team-a', [RUN_IN_TEAM]]);
});

test('-n wins over the audit: the run is looked for in the namespace given, and is not there (exit 2)', async ({ sim, auditDb }) => {
  seedRun(sim, RUN_IN_TEAM, { vms: 1, runStrategy: 'Halted', namespace: 'team-a' });

  const typed = await cli(sim, auditDb, 'status', '--run-id', '7e1d', '-n', NAMESPACE);

  expect(typed.code).toBe(2);
  expect(plainStderrLines(typed.stderr).join('\n')).toContain(`no run id in namespace ${NAMESPACE} is or starts with this`);
});

test('a run the audit does not know is looked for where the command would look anyway', async ({ sim, auditDb }) => {
  seedRun(sim, 'run-in-default', { vms: 1, runStrategy: 'Halted' });

  const found = await cli(sim, auditDb, 'status', '--run-id', 'run-in', '-o', 'json');

  expect(found.code, found.stderr).toBe(0);
  const report = JSON.parse(found.stdout) as StatusReport;
  expect([report.namespace, report.runs.map((r) => r.runId)]).toEqual([NAMESPACE, ['run-in-default']]);
});

test('cleanup --run-id PREFIX without -n deletes the run in its recorded namespace and nothing elsewhere', async ({ sim, auditDb }) => {
  seedRun(sim, RUN_IN_TEAM, { vms: 2, runStrategy: 'Halted', namespace: 'team-a' });
  seedRun(sim, 'run-in-default', { vms: 1, runStrategy: 'Halted' });

  const cleaned = await cli(sim, auditDb, 'cleanup', '--run-id', '7e1d0c3a-t', '--yes', '-o', 'json');

  expect(cleaned.code, cleaned.stderr).toBe(0);
  const result = JSON.parse(cleaned.stdout) as CleanupResult;
  expect([result.plan.namespace, result.plan.runIds, result.deleted.VirtualMachine]).toEqual(['team-a', [RUN_IN_TEAM], 2]);
  expect(names(sim, 'virtualmachines', undefined, 'team-a')).toEqual([]);
  expect(names(sim, 'virtualmachines')).toEqual(['virtwork-cpu-0']);
});
