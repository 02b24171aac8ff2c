/**
 * The audit records the cluster of every execution, typed or not (server URL, context, where the
 * kubeconfig came from), and `audit list` shows the context and filters by it and by `-n`.
 */
import { beforeAll, expect } from 'vitest';
import type { Execution, ExecutionDetails, ExecutionSummary } from '../../src/audit/index.js';
import { CONTEXT_NAME } from '../../sim/kubeconfig.js';
import { NAMESPACE, seedRun } from '../orchestrator/cleanup-seed.js';
import { BUILD_TIMEOUT_MS, ensureBuilt, isolatedEnv, runCli } from './support/cli.js';
import { e2eTest } from './support/fixtures.js';

beforeAll(async () => {
  await ensureBuilt();
}, BUILD_TIMEOUT_MS);

const test = e2eTest();

const list = async (auditDb: string, ...args: string[]): Promise<ExecutionSummary[]> => {
  const cli = await runCli(['audit', 'list', '--audit-db', auditDb, '-o', 'json', ...args], isolatedEnv());
  expect(cli.code, cli.stderr).toBe(0);
  return JSON.parse(cli.stdout) as ExecutionSummary[];
};

const show = async (auditDb: string, runId: string): Promise<Execution> => {
  const cli = await runCli(['audit', 'show', runId, '--audit-db', auditDb, '-o', 'json'], isolatedEnv());
  return (JSON.parse(cli.stdout) as ExecutionDetails).execution;
};

test('each execution records the server, the context and where the kubeconfig came from, typed or not', async ({ sim, auditDb }) => {
  seedRun(sim, 'run-a', { vms: 1, runStrategy: 'Halted' });

  const typed = await runCli(['cleanup', '--dry-run', '--kubeconfig', sim.kubeconfigPath, '--audit-db', auditDb], isolatedEnv());
  const fromEnv = await runCli(['cleanup', '--dry-run', '-n', 'team-b', '--audit-db', auditDb], isolatedEnv({ KUBECONFIG: sim.kubeconfigPath }));
  expect([typed.code, fromEnv.code], typed.stderr + fromEnv.stderr).toEqual([0, 0]);

  const [newest, oldest] = await list(auditDb);
  expect(await show(auditDb, oldest?.runId ?? '')).toMatchObject({
    clusterServer: sim.url, clusterContext: CONTEXT_NAME, kubeconfigSource: 'flag', kubeconfigPath: sim.kubeconfigPath,
  });
  expect(await show(auditDb, newest?.runId ?? '')).toMatchObject({
    clusterServer: sim.url, clusterContext: CONTEXT_NAME, kubeconfigSource: 'KUBECONFIG', kubeconfigPath: sim.kubeconfigPath, namespace: 'team-b',
  });
});

test('audit list shows the CONTEXT, and --context and -n narrow it to what was typed', async ({ sim, auditDb }) => {
  for (const namespace of ['team-b', NAMESPACE]) {
    const cli = await runCli(['cleanup', '--dry-run', '-n', namespace, '--kubeconfig', sim.kubeconfigPath, '--audit-db', auditDb], isolatedEnv());
    expect(cli.code, cli.stderr).toBe(0);
  }

  const table = await runCli(['audit', 'list', '--audit-db', auditDb], isolatedEnv());
  const namespaces = async (...args: string[]) => (await list(auditDb, ...args)).map((e) => e.namespace).sort();

  expect(table.stdout.split('\n')[0]).toMatch(/^RUN ID\s+COMMAND\s+DRY RUN\s+STATUS\s+CONTEXT\s+NAMESPACE\s/);
  expect(table.stdout.split('\n')[1]).toContain(CONTEXT_NAME);
  expect(await namespaces('--context', CONTEXT_NAME)).toEqual(['team-b', NAMESPACE]);
  expect(await namespaces('--context', 'another')).toEqual([]);
  expect(await namespaces('-n', 'team-b')).toEqual(['team-b']);
  expect(await namespaces('--context', CONTEXT_NAME, '-n', NAMESPACE)).toEqual([NAMESPACE]);
  // A namespace that is not typed (the environment's) does not hide history.
  const cli = await runCli(['audit', 'list', '--audit-db', auditDb, '-o', 'json'], isolatedEnv({ VIRTWORK_NAMESPACE: 'team-b' }));
  expect((JSON.parse(cli.stdout) as ExecutionSummary[]).map((e) => e.namespace).sort()).toEqual(['team-b', NAMESPACE]);
});
