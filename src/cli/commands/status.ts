/** `virtwork status [--run-id] [-l selector] [-A]`: the managed VMs by run: phase, ready, node, age, workload, role. */
import { Command } from 'commander';
import { completeCommon, withCluster } from './cluster-command.js';
import type { CommandContext } from '../deps.js';
import { withExamples } from '../examples.js';
import { addSettingOptions } from '../options.js';
import { addOutputOption, COMMAND_FORMATS } from '../output/formats.js';
import { findRunNamespace } from '../run-namespace.js';

export const statusCommand = (ctx: CommandContext): Command =>
  withExamples(addOutputOption(addSettingOptions(new Command('status'), 'status'), COMMAND_FORMATS.status), [
    'virtwork status',
    'virtwork status -A -o wide',
    'virtwork status -o name | xargs kubectl describe -n virtwork   # kind/name lines, as kubectl -o name',
    'virtwork status --run-id 3f2a -l virtwork/workload=network',
  ])
    .description('Show the VMs virtwork manages in the namespace (or every namespace, with -A), grouped by run')
    .action(async (_flags: unknown, command: Command) => {
      const { config, logger, inputs } = await completeCommon(command, ctx, 'status');
      const { resolveSetting } = await import('../../config/resolve-settings.js');
      const runId = resolveSetting('runId', inputs)?.value;
      const selector = resolveSetting('selector', inputs)?.value;
      const allNamespaces = resolveSetting('allNamespaces', inputs)?.value === true;
      const [{ collectStatus }, { resolveRunIdOnCluster }] = await Promise.all([
        import('../../orchestrator/status.js'),
        import('../../orchestrator/run-id-on-cluster.js'),
      ]);
      // Without -n, a run recorded in the audit database is looked for where it ran.
      const recorded = runId === undefined || allNamespaces ? undefined : await findRunNamespace(config, runId);
      if (recorded !== undefined) logger.debug({ runId: recorded.runId, namespace: recorded.namespace }, 'namespace of the run, from the audit database');
      const namespace = recorded?.namespace ?? config.namespace;
      const scope = { namespace, allNamespaces, ...(selector !== undefined && { selector }) };
      const report = await withCluster(config, ctx, logger, async (api) => {
        // A unique prefix of a run id will do.
        const run = runId === undefined ? undefined : await resolveRunIdOnCluster(api, runId, scope);
        return collectStatus(api, { ...scope, ...(run !== undefined && { runId: run }) });
      });
      const [{ formatStatus, formatStatusNames }, { formatAs }] = await Promise.all([import('../output/status.js'), import('../output/print.js')]);
      ctx.stdout.write(
        formatAs(config.output, report, {
          table: () => formatStatus(report),
          wide: () => formatStatus(report, { wide: true }),
          name: () => formatStatusNames(report),
        }),
      );
    });
