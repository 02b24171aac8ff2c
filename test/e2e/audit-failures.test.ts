/**
 * What the CLI does when the audit database fails, through the real binary against a simulator:
 * before anything is created, the command stops (exit 2) naming the file and --no-audit; once the
 * cluster has been changed, the command goes on and says once that the audit is incomplete.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, test as base, expect } from 'vitest';
import type { RunSummaryJson } from '../../src/cli/output/summary.js';
import { startSimCluster, type SimCluster } from '../../sim/index.js';
import { BUILD_TIMEOUT_MS, ensureBuilt, logLines, plainStderrLines, runCli, startCli } from './support/cli.js';

beforeAll(async () => {
  await ensureBuilt();
}, BUILD_TIMEOUT_MS);

const test = base.extend<{ sim: SimCluster; dir: string }>({
  // eslint-disable-next-line no-empty-pattern
  sim: async ({}, use) => {
    const sim = await startSimCluster({ tls: true, token: 'e2e-token' });
    await use(sim);
    await sim.stop();
  },
  // eslint-disable-next-line no-empty-pattern
  dir: async ({}, use) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'virtwork-audit-failure-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
});

const FIX = 'fix the file or its directory, choose another file with --audit-db, or record nothing with --no-audit';

describe('an audit database that cannot be used', () => {
  test.for([
    ['is a directory', (file: string) => mkdirSync(file)],
    ['is not a database', (file: string) => writeFileSync(file, 'this is no SQLite file, but someone saved notes here\n'.repeat(100))],
  ] as const)('one that %s stops run and cleanup before they touch the cluster: exit 2 naming the file and --no-audit', async ([, make], { sim, dir }) => {
    const file = path.join(dir, 'virtwork.db');
    make(file);
    const before = sim.stats().byVerb.create ?? 0;
    for (const command of [['run', '--workloads', 'cpu'], ['cleanup', '--yes']]) {
      const result = await runCli([...command, '--kubeconfig', sim.kubeconfigPath, '--audit-db', file]);
      expect(result.code, result.stderr).toBe(2);
      const [line, ...rest] = plainStderrLines(result.stderr);
      expect(rest).toEqual([]);
      expect(line).toMatch(new RegExp(`^error: audit database ${file} cannot be (opened|written): .+; ${FIX}$`));
    }
    expect(sim.stats().byVerb.create ?? 0).toBe(before);
    expect(sim.stats().byVerb.deletecollection ?? 0).toBe(0);
  });

  test('one locked by another process after the run began: the run goes on, warns once, and exits 0', async ({ sim, dir }) => {
    const file = path.join(dir, 'virtwork.db');
    const cli = startCli(['run', '--kubeconfig', sim.kubeconfigPath, '--audit-db', file, '-o', 'json', '--workloads', 'cpu', '--vm-count', '3']);
    // The run has created its VMs and waits: now someone holds the database's write lock.
    await expect.poll(() => sim.stats().byResource.virtualmachineinstances?.watch ?? 0, { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
    const holder = new DatabaseSync(file);
    holder.exec('BEGIN EXCLUSIVE');
    try {
      for (const name of ['virtwork-cpu-0', 'virtwork-cpu-1', 'virtwork-cpu-2']) sim.guest(name).passProbe();
      const result = await cli.done;
      expect(result.code, result.stderr).toBe(0);
      expect((JSON.parse(result.stdout) as RunSummaryJson).totals.ready).toBe(3);
      const warnings = logLines(result.stderr).filter((l) => l.level === 'warn' && String(l.msg).includes('audit'));
      expect(warnings).toHaveLength(1);
      expect(String(warnings[0]?.err)).toMatch(
        new RegExp(`^audit database ${file}: cannot .+: database is locked; the audit of this command is incomplete from here on`),
      );
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    // what was written before the lock is intact and readable
    const list = await runCli(['audit', 'list', '--audit-db', file, '-o', 'json']);
    expect(list.code).toBe(0);
    expect(readFileSync(file).subarray(0, 15).toString()).toBe('SQLite format 3');
  }, 90_000);
});
