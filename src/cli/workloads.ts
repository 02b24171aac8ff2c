/** `virtwork workloads`: the built-in workloads and every param `--params` takes, with types and defaults. */
import { Command } from 'commander';
import { InvalidInputError } from '../errors.js';
import type { ParamDescription } from '../workloads/params.js';
import type { WorkloadDescription } from '../workloads/registry.js';
import type { CliDeps } from './deps.js';

export const workloadsCommand = (deps: CliDeps): Command =>
  new Command('workloads')
    .description('List the built-in workloads and their params (types, defaults, what they do)')
    .action(async (_flags: unknown, command: Command) => {
      const { output } = command.optsWithGlobals<{ output?: string }>();
      if (output === 'yaml') throw new InvalidInputError('--output', output, 'workloads prints table (the default) or json');
      const { describeWorkloads } = await import('../workloads/registry.js');
      const workloads = describeWorkloads();
      deps.stdout.write(output === 'json' ? `${JSON.stringify(workloads, null, 2)}\n` : await formatWorkloads(workloads));
    });

/** Two tables: the workloads, then their params as `--params` names them (`cpu.cpu-load-percent`). */
export const formatWorkloads = async (workloads: readonly WorkloadDescription[]): Promise<string> => {
  const { formatTable } = await import('./print-table.js');
  const overview = formatTable(
    ['workload', 'vms per count', 'data disk', 'runs by default', 'description'],
    workloads.map((w) => [
      w.name,
      w.roles.length > 0 ? `${w.vmsPerCount} (${w.roles.join(' + ')})` : String(w.vmsPerCount),
      w.dataDisk ? 'yes' : 'no',
      w.optIn ? 'no (name it)' : 'yes',
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
