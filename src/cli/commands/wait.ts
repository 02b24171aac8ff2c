/**
 * `virtwork wait [--run-id ID] [--timeout]`: waits for VMs that exist to be ready, as `run` does
 * after creating them (for use after `run --no-wait`): the same progress line on a terminal, the
 * same exit codes (1 a VM failed, 3 not all ready in time). Without --run-id it waits for every
 * virtwork VM in the namespace. Then it prints them as `status` does.
 */
import { Command } from 'commander';
import { completeCommon, validateTableOrJson, withCluster } from './cluster-command.js';
import type { CommandContext } from '../deps.js';
import { withExamples } from '../examples.js';
import { addSettingOptions } from '../options.js';

export const waitCommand = (ctx: CommandContext): Command =>
  withExamples(addSettingOptions(new Command('wait'), 'wait'), [
    'virtwork run --no-wait && virtwork wait',
    'virtwork wait --run-id 3f2a --timeout 15m',
    'virtwork wait -n load-test -o json',
  ])
    .description('Wait until the VMs of a run (by default every virtwork VM in the namespace) are ready, as run does without --no-wait')
    .action(async (_flags: unknown, command: Command) => {
      const { config, logger, inputs } = await completeCommon(command, ctx, 'wait');
      const { resolveDefaulted, resolveSetting } = await import('../../config/resolve-settings.js');
      const givenRunId = resolveSetting('runId', inputs)?.value;
      const timeoutSeconds = resolveDefaulted('timeout', inputs).value;
      validateTableOrJson(config, 'wait');
      const [{ waitForRun }, { resolveRunIdOnCluster }, { collectStatus }, { createProgressLine }] = await Promise.all([
        import('../../orchestrator/wait-run.js'),
        import('../../orchestrator/run-id-on-cluster.js'),
        import('../../orchestrator/status.js'),
        import('../output/progress.js'),
      ]);
      const { report, failure } = await withCluster(config, ctx, logger, async (api) => {
        const scope = { namespace: config.namespace };
        // A unique prefix of a run id will do.
        const runId = givenRunId === undefined ? undefined : await resolveRunIdOnCluster(api, givenRunId, scope);
        const progress = createProgressLine(ctx.stderr);
        const waited = await waitForRun(
          api,
          { ...scope, ...(runId !== undefined && { runId }), timeoutSeconds, signal: api.signal },
          { logger, ...(progress && { onProgress: (counts) => progress.update(counts) }) },
        );
        progress?.done();
        // Interrupted: nothing more to ask the cluster; main reports the interrupt.
        if (api.signal.aborted && waited.failure) throw waited.failure;
        return { report: await collectStatus(api, { ...scope, ...(runId !== undefined && { runId }) }), failure: waited.failure };
      });
      const { formatStatus } = await import('../output/status.js');
      ctx.stdout.write(config.output === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatStatus(report));
      if (failure) throw failure;
    });
