/** `virtwork workloads`: the built-in workloads and every param `--params` takes, with types and defaults. */
import { Command } from 'commander';
import { InvalidInputError } from '../../errors.js';
import type { CliDeps } from '../deps.js';

export const workloadsCommand = (deps: CliDeps): Command =>
  new Command('workloads')
    .description('List the built-in workloads and their params (types, defaults, what they do)')
    .action(async (_flags: unknown, command: Command) => {
      const { output } = command.optsWithGlobals<{ output?: string }>();
      if (output === 'yaml') throw new InvalidInputError('--output', output, 'workloads prints table (the default) or json');
      const { describeWorkloads } = await import('../../workloads/registry.js');
      const workloads = describeWorkloads();
      const { formatWorkloads } = await import('../output/workloads.js');
      deps.stdout.write(output === 'json' ? `${JSON.stringify(workloads, null, 2)}\n` : formatWorkloads(workloads));
    });
