/** `virtwork workloads`: the built-in workloads and the catalog's entries, and every param `--params` takes. */
import { Command } from 'commander';
import type { CliDeps } from '../deps.js';
import { withExamples } from '../examples.js';
import { userFlags } from '../options.js';
import { addOutputOption, COMMAND_FORMATS, outputOf } from '../output/formats.js';

export const workloadsCommand = (deps: CliDeps): Command =>
  withExamples(addOutputOption(new Command('workloads'), COMMAND_FORMATS.workloads), [
    'virtwork workloads',
    "virtwork workloads -o json | jq '.[].name'",
  ])
    .description('List the built-in workloads and the catalog entries, with their params (types, defaults, what they do)')
    .action(async (_flags: unknown, command: Command) => {
      const output = outputOf(command);
      const [{ loadSettingInputs }, { loadCatalog }, { workloadSet }, { formatWorkloads }, { formatAs }] = await Promise.all([
        import('../../config/resolve-settings.js'),
        import('../catalog.js'),
        import('../../workloads/workload-set.js'),
        import('../output/workloads.js'),
        import('../output/print.js'),
      ]);
      const inputs = await loadSettingInputs({ flags: userFlags(command, 'global'), env: deps.env, cwd: deps.cwd });
      const catalog = await loadCatalog(inputs);
      // Entries with errors cannot run: `virtwork validate` says why.
      const workloads = workloadSet(catalog.checked.flatMap((checked) => (checked.entry ? [checked.entry] : []))).describeWorkloads();
      deps.stdout.write(formatAs(output, workloads, { table: () => formatWorkloads(workloads) }));
    });
