/** `virtwork workloads` as tables; the README's workload tables describe params the same way. */
import type { ParamDescription } from '../../workloads/params.js';
import type { WorkloadDescription } from '../../workloads/registry.js';
import { formatTable } from './table.js';

/** Two tables: the workloads, then their params as `--params` names them (`cpu.cpu-load-percent`). */
export const formatWorkloads = (workloads: readonly WorkloadDescription[]): string => {
  const overview = formatTable(
    ['workload', 'vms per count', 'data disk', 'runs by default', 'description'],
    workloads.map((w) => [
      w.name,
      w.roles.length > 0 ? `${w.vmsPerCount} (${w.roles.join(' + ')})` : String(w.vmsPerCount),
      w.dataDisk ? 'yes' : 'no',
      w.catalog === true ? 'no (catalog: --from-catalog)' : w.optIn ? 'no (name it)' : 'yes',
      w.description,
    ]),
  );
  const params = formatTable(
    ['param', 'type', 'default', 'description'],
    workloads.flatMap((w) => w.params.map((p) => [`${w.name}.${p.key}`, p.type, String(p.default), describeParam(p)])),
  );
  return `${overview}\n${params}`;
};

/** The description, plus the accepted values when the type alone does not say them. */
export const describeParam = (param: ParamDescription): string => {
  if (param.values) return `${param.description} (one of ${param.values.join(', ')})`;
  const { minimum, maximum } = param;
  if (minimum !== undefined && maximum !== undefined) return `${param.description} (${minimum} to ${maximum})`;
  if (minimum !== undefined) return `${param.description} (at least ${minimum})`;
  if (maximum !== undefined) return `${param.description} (at most ${maximum})`;
  return param.description;
};
