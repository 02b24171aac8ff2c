/** vitest fixtures that start a simulated cluster around each test and stop it after. */
import { test as base } from 'vitest';
import { startSimCluster, type SimCluster, type SimClusterOptions } from '../../sim/index.js';
import { haveSchemas, schemasDir } from '../../sim/apiserver/schemas.js';

/** A test with `sim` started from `opts` (fresh per test). */
export const simTest = (opts: SimClusterOptions = {}) =>
  base.extend<{ sim: SimCluster }>({
    // eslint-disable-next-line no-empty-pattern
    sim: async ({}, use) => {
      const sim = await startSimCluster(opts);
      await use(sim);
      await sim.stop();
    },
  });

/** Schema-based checks skip without the schemas directory, except in CI where that is an error. */
export const schemasMissing = !haveSchemas();
if (schemasMissing && process.env.CI === 'true') {
  throw new Error(`the KubeVirt/CDI/Kubernetes schemas are missing from ${schemasDir()} (set VIRTWORK_SCHEMAS_DIR)`);
}
if (schemasMissing) console.warn(`skipping schema-based simulator tests: no schemas at ${schemasDir()} (set VIRTWORK_SCHEMAS_DIR)`);
