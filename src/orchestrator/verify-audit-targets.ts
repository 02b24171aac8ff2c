/**
 * The VMs of a run as the audit store recorded them, as verify targets: for a run no longer on
 * the cluster (cleaned up a few minutes ago), whose series Prometheus still holds over the window.
 */
import { existsSync } from 'node:fs';
import { matchRunId } from '../config/run-id-match.js';
import { parseQuantity } from '../kube/quantity.js';
import type { VerifyTarget } from './verify-checks.js';

export interface AuditTargets {
  readonly runId: string;
  readonly targets: VerifyTarget[];
}

/** The data disk's name in the VM spec virtwork writes (the `drive` label). */
const DATA_DISK = 'data';

/**
 * The run `given` (whole or a unique prefix) and its recorded VMs in `namespace`; undefined when
 * there is no audit store or no run of it starts with `given`; an InvalidInputError when several do.
 */
export const auditVerifyTargets = async (auditDb: string, given: string, namespace: string): Promise<AuditTargets | undefined> => {
  if (!existsSync(auditDb)) return undefined;
  const [{ openAuditDatabaseForReading }, { runIdsStartingWith, showExecution }] = await Promise.all([
    import('../audit/open-database.js'),
    import('../audit/audit-reader.js'),
  ]);
  const db = await openAuditDatabaseForReading(auditDb);
  try {
    const known = runIdsStartingWith(db, given);
    if (known.length === 0) return undefined;
    const runId = matchRunId(given, known, '--run-id', `in ${auditDb}`);
    const vms = (showExecution(db, runId)?.vms ?? []).filter((vm) => vm.namespace === namespace && vm.status !== 'existing' && vm.status !== 'planned');
    const targets = vms
      .map((vm): VerifyTarget => ({
        namespace: vm.namespace,
        name: vm.vmName,
        runId,
        workload: vm.workload,
        role: vm.role,
        pair: null,
        phase: vm.deletedAt === null ? vm.phase : 'Deleted',
        vcpus: vm.cpuCores,
        memoryBytes: parseQuantity(vm.memory) ?? null,
        dataDisk: vm.hasDataDisk ? DATA_DISK : null,
        interfaceName: 'default',
        params: {},
      }))
      .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
    return { runId, targets };
  } finally {
    db.close();
  }
};
