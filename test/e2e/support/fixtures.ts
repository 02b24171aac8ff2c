/**
 * The fixtures most end-to-end files share: a simulator served over HTTPS with a bearer token, as a
 * real cluster is, and an audit database in a temp directory of its own. Each is made per test, and
 * only for the tests that ask for it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test as base } from 'vitest';
import { startSimCluster, type SimCluster, type SimClusterOptions } from '../../../sim/index.js';

/** `test` with `sim` (started with `options` on top of HTTPS and a token) and `auditDb` (a path, not yet a file). */
export const e2eTest = (options: SimClusterOptions = {}) =>
  base.extend<{ sim: SimCluster; auditDb: string }>({
    // eslint-disable-next-line no-empty-pattern
    sim: async ({}, use) => {
      const sim = await startSimCluster({ tls: true, token: 'e2e-token', ...options });
      await use(sim);
      await sim.stop();
    },
    // eslint-disable-next-line no-empty-pattern
    auditDb: async ({}, use) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'virtwork-e2e-'));
      await use(path.join(dir, 'virtwork.db'));
      rmSync(dir, { recursive: true, force: true });
    },
  });
