/** `virtwork status [--run-id] [-l selector] [-A]`: the managed VMs by run: phase, ready, node, age, workload, role. */
import { Command } from 'commander';
import { completeCommon, validateTableOrJson, withCluster } from './cluster-command.js';
import type { CommandContext } from '../deps.js';
import { withExamples } from '../examples.js';
import { addSettingOptions } from '../options.js';
import { findRunNamespace } from '../run-namespace.js';

export const statusCommand = (ctx: CommandContext): Command =>
  withExamples(addSettingOptions(new Command('status'), 'status'), [
    'virtwork status',
    'virtwork status -A -o json',
    'virtwork status --run-id 3f2a -l virtwork/workload=network',
  ])
    .description('Show the VMs virtwork manages in the namespace (or every namespace, with -A), grouped by run')
    .action(async (_flags: unknown, command: Command) => {
      const { config, logger, inputs } = await completeCommon(command, ctx, 'status');
      const { resolveSetting } = await import('../../config/resolve-settings.js');
      const runId = resolveSetting('runId', inputs)?.value;
      const selector = resolveSetting('selector', inputs)?.value;
      const allNamespaces = resolveSetting('allNamespaces', inputs)?.value === true;
      validateTableOrJson(config, 'status');
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
      const { formatStatus } = await import('../output/status.js');
      ctx.stdout.write(config.output === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatStatus(report));
    });
