/** `virtwork status` as a table, its wide form, or `kind/name` lines (`-o json`/`yaml` print the report as it is). */
import type { StatusReport } from '../../orchestrator/status.js';
import { nameLines, resourceName } from './print.js';
import { formatTable } from './table.js';

/**
 * `virtwork status`: one row per VM, grouped by run; with `-A` a NAMESPACE column first, as kubectl
 * has. `wide` adds what ready means for the VM and its node, as `kubectl get -o wide` adds a pod's node.
 */
export const formatStatus = (report: StatusReport, { wide = false }: { readonly wide?: boolean } = {}): string => {
  const everywhere = report.namespace === null;
  if (report.runs.length === 0) return everywhere ? 'No virtwork VMs in any namespace.\n' : `No virtwork VMs in namespace ${report.namespace}.\n`;
  return formatTable(
    [...(everywhere ? ['namespace'] : []), 'run id', 'name', 'workload', 'role', 'phase', 'ready', 'age', ...(wide ? ['readiness', 'node'] : [])],
    report.runs.flatMap((run) =>
      run.vms.map((vm) => [
        ...(everywhere ? [vm.namespace] : []),
        run.runId ?? '<none>',
        vm.name,
        vm.workload ?? '',
        vm.role ?? '',
        vm.phase ?? '',
        vm.ready ? 'true' : 'false',
        vm.ageSeconds === null ? '' : formatAge(vm.ageSeconds),
        ...(wide ? [vm.readiness, vm.node ?? ''] : []),
      ]),
    ),
  );
};

/** `-o name`: `virtualmachine.kubevirt.io/<name>`, one line per VM. */
export const formatStatusNames = (report: StatusReport): string =>
  nameLines(report.runs.flatMap((run) => run.vms.map((vm) => resourceName('VirtualMachine', vm.name))));

/** kubectl's short ages: 45s, 12m, 3h, 5d. */
export const formatAge = (seconds: number): string =>
  seconds < 120 ? `${seconds}s` : seconds < 7200 ? `${Math.floor(seconds / 60)}m` : seconds < 172_800 ? `${Math.floor(seconds / 3600)}h` : `${Math.floor(seconds / 86_400)}d`;
