/**
 * cleanup's confirmation prompt on a real pseudo-terminal (`script` gives the CLI one): Ctrl-C there
 * ends the command at once with 130 and records the cleanup `interrupted`; "n" records it `declined`.
 * Nothing is deleted either way.
 */
import { spawn } from 'node:child_process';
import { beforeAll, expect } from 'vitest';
import { listExecutions, openAuditDatabase, type ExecutionSummary } from '../../src/audit/index.js';
import type { SimCluster } from '../../sim/index.js';
import { names, seedRun } from '../orchestrator/cleanup-seed.js';
import { BUILD_TIMEOUT_MS, cliPath, ensureBuilt, isolatedEnv } from './support/cli.js';
import { e2eTest } from './support/fixtures.js';

beforeAll(async () => {
  await ensureBuilt();
}, BUILD_TIMEOUT_MS);

const test = e2eTest();

const quote = (arg: string): string => `'${arg.replaceAll("'", "'\\''")}'`;

/**
 * `virtwork cleanup` on a pseudo-terminal; once the prompt shows, `keys` are typed as a person
 * would (`\x03` is Ctrl-C, which the terminal turns into SIGINT). Resolves with the exit code and
 * what the terminal showed.
 */
const cleanupOnPty = (sim: SimCluster, auditDb: string, keys: string): Promise<{ code: number | null; screen: string }> => {
  const command = [process.execPath, cliPath, 'cleanup', '--kubeconfig', sim.kubeconfigPath, '--audit-db', auditDb].map(quote).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env: isolatedEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
  let screen = '';
  let typed = false;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    screen += chunk;
    if (!typed && screen.includes('[y/N]')) {
      typed = true;
      child.stdin.write(keys);
    }
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, screen }));
  });
};

const executions = async (file: string): Promise<ExecutionSummary[]> => {
  const db = await openAuditDatabase(file);
  try {
    return listExecutions(db);
  } finally {
    db.close();
  }
};

test('Ctrl-C at the prompt ends the cleanup at once with 130, records it interrupted and deletes nothing', async ({ sim, auditDb }) => {
  seedRun(sim, 'run-a', { vms: 1, runStrategy: 'Halted' });

  const { code, screen } = await cleanupOnPty(sim, auditDb, '\x03');

  expect(code, screen).toBe(130);
  expect(screen).toContain('error: interrupted by SIGINT');
  expect(names(sim, 'virtualmachines')).toEqual(['virtwork-cpu-0']);
  expect((await executions(auditDb)).map((e) => [e.command, e.status])).toEqual([['cleanup', 'interrupted']]);
}, 30_000);

test('"n" at the prompt declines: exit 0, recorded declined (not interrupted), nothing deleted', async ({ sim, auditDb }) => {
  seedRun(sim, 'run-a', { vms: 1, runStrategy: 'Halted' });

  const { code, screen } = await cleanupOnPty(sim, auditDb, 'n\r');

  expect(code, screen).toBe(0);
  expect(screen).toContain('nothing was deleted');
  expect(names(sim, 'virtualmachines')).toEqual(['virtwork-cpu-0']);
  expect((await executions(auditDb)).map((e) => [e.command, e.status, e.errorSummary])).toEqual([
    ['cleanup', 'declined', 'declined at the confirmation prompt'],
  ]);
}, 30_000);
