/**
 * The params each VM's workload ran with, which set what verify expects (a cpu VM at 30 %): the
 * workload's defaults, overlaid with what the audit store recorded for the VM's run when it has it.
 */
import { existsSync } from 'node:fs';
import { describeWorkloads } from '../workloads/registry.js';
import type { VerifyTarget } from './verify-checks.js';

type Params = Readonly<Record<string, unknown>>;

const defaultParams = (): Map<string, Params> =>
  new Map(describeWorkloads().map((w) => [w.name, Object.fromEntries(w.params.map((p) => [p.key, p.default]))]));

/** Recorded params by `<run id>/<workload>`; nothing when there is no audit store or it cannot be read. */
const recordedParams = async (auditDb: string | undefined, runIds: readonly string[]): Promise<Map<string, Params>> => {
  const found = new Map<string, Params>();
  if (auditDb === undefined || !existsSync(auditDb) || runIds.length === 0) return found;
  const [{ openAuditDatabaseForReading }, { showExecution }] = await Promise.all([import('../audit/open-database.js'), import('../audit/audit-reader.js')]);
  const db = await openAuditDatabaseForReading(auditDb);
  try {
    for (const runId of runIds) {
      for (const w of showExecution(db, runId)?.workloads ?? []) found.set(`${runId}/${w.workloadType}`, w.params);
    }
  } finally {
    db.close();
  }
  return found;
};

/** The targets with their workload's params filled in. */
export const withWorkloadParams = async (targets: readonly VerifyTarget[], auditDb: string | undefined): Promise<VerifyTarget[]> => {
  const defaults = defaultParams();
  const runIds = [...new Set(targets.map((t) => t.runId).filter((r): r is string => r !== null))];
  const recorded = await recordedParams(auditDb, runIds);
  return targets.map((t) => ({
    ...t,
    params: { ...(t.workload === null ? {} : defaults.get(t.workload)), ...(t.workload === null ? {} : recorded.get(`${t.runId}/${t.workload}`)) },
  }));
};
