/**
 * Cleanup tests against the simulated cluster: a fresh simulator per test, an ApiContext on it and
 * an audit database file; seeding lives in cleanup-seed.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from 'vitest';
import { openAuditDatabase, showExecution, type ExecutionDetails } from '../../src/audit/index.js';
import { createClusterClient } from '../../src/cluster/client.js';
import { loadKubeconfig } from '../../src/cluster/kubeconfig.js';
import type { ApiContext } from '../../src/kube/api.js';
import { startSimCluster, type SimCluster } from '../../sim/index.js';

export { NAMESPACE, names, seedForeign, seedNamespace, seedRun, type SeedOptions } from './cleanup-seed.js';

export interface CleanupFixture {
  readonly sim: SimCluster;
  readonly api: ApiContext;
  /** An audit database file in a fresh directory. */
  readonly auditDb: string;
}

export const test = base.extend<CleanupFixture>({
  // eslint-disable-next-line no-empty-pattern
  sim: async ({}, use) => {
    const sim = await startSimCluster();
    await use(sim);
    await sim.stop();
  },
  api: async ({ sim }, use) => {
    const cluster = createClusterClient(loadKubeconfig({ kubeconfig: sim.kubeconfigPath, env: {} }));
    await use({ cluster, signal: new AbortController().signal, retryPolicy: { baseDelayMs: 1, maxDelayMs: 5 } });
    await cluster.close();
  },
  // eslint-disable-next-line no-empty-pattern
  auditDb: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'virtwork-cleanup-'));
    await use(join(dir, 'virtwork.db'));
    rmSync(dir, { recursive: true, force: true });
  },
});

/** One execution as the audit database holds it. */
export const auditOf = async (file: string, runId: string): Promise<ExecutionDetails | undefined> => {
  const db = await openAuditDatabase(file);
  try {
    return showExecution(db, runId);
  } finally {
    db.close();
  }
};
