/** `virtwork status` as a table (`-o json` prints the report as it is). */
import type { StatusReport } from '../../orchestrator/status.js';
import { formatTable } from './table.js';

/** `virtwork status`: one row per VM, grouped by run; with `-A` a NAMESPACE column first, as kubectl has. */
export const formatStatus = (report: StatusReport): string => {
  const everywhere = report.namespace === null;
  if (report.runs.length === 0) return everywhere ? 'No virtwork VMs in any namespace.\n' : `No virtwork VMs in namespace ${report.namespace}.\n`;
  return formatTable(
    [...(everywhere ? ['namespace'] : []), 'run id', 'name', 'workload', 'role', 'phase', 'ready', 'readiness', 'node', 'age'],
    report.runs.flatMap((run) =>
      run.vms.map((vm) => [
        ...(everywhere ? [vm.namespace] : []),
        run.runId ?? '<none>',
        vm.name,
        vm.workload ?? '',
        vm.role ?? '',
        vm.phase ?? '',
        vm.ready ? 'true' : 'false',
        vm.readiness,
        vm.node ?? '',
        vm.ageSeconds === null ? '' : formatAge(vm.ageSeconds),
      ]),
    ),
  );
};

/** kubectl's short ages: 45s, 12m, 3h, 5d. */
export const formatAge = (seconds: number): string =>
  seconds < 120 ? `${seconds}s` : seconds < 7200 ? `${Math.floor(seconds / 60)}m` : seconds < 172_800 ? `${Math.floor(seconds / 3600)}h` : `${Math.floor(seconds / 86_400)}d`;
