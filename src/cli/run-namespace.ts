/**
 * `status --run-id` and `cleanup --run-id` without a namespace: the audit database recorded where
 * each run created its objects, so the run is looked for there rather than in the kubeconfig
 * context's namespace (or `virtwork`), which need not be the run's. A namespace the user chose
 * (`-n`, VIRTWORK_NAMESPACE, the config file) always wins.
 */
import { existsSync } from 'node:fs';
import type { CommonConfig } from '../config/resolve-common-config.js';

export interface RunNamespace {
  /** The whole run id the prefix stands for. */
  readonly runId: string;
  readonly namespace: string;
}

/** Namespaces chosen on purpose; the kubeconfig context's and the default yield to the audit. */
const CHOSEN = new Set(['flag', 'env', 'file']);

/**
 * The run `given` (a unique prefix will do) and its namespace, when the namespace was not chosen and
 * the audit database knows the run; undefined otherwise (the command then looks where it would).
 * A prefix that matches several recorded runs fails, as `audit show` does.
 */
export const findRunNamespace = async (config: CommonConfig, given: string): Promise<RunNamespace | undefined> => {
  if (CHOSEN.has(config.sources.namespace) || !existsSync(config.auditDb)) return undefined;
  const [{ runNamespacesStartingWith }, { openAuditDatabaseForReading }, { matchRunId }] = await Promise.all([
    import('../audit/audit-reader.js'),
    import('../audit/open-database.js'),
    import('../config/run-id-match.js'),
  ]);
  const db = await openAuditDatabaseForReading(config.auditDb);
  try {
    const namespaces = runNamespacesStartingWith(db, given);
    if (namespaces.size === 0) return undefined;
    const runId = matchRunId(given, [...namespaces.keys()], '--run-id', `recorded in ${config.auditDb}`);
    const namespace = namespaces.get(runId);
    return namespace === undefined ? undefined : { runId, namespace };
  } finally {
    db.close();
  }
};
