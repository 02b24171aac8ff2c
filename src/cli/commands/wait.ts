/**
 * `virtwork wait [--run-id ID] [--timeout]`: waits for VMs that exist to be ready, as `run` does
 * after creating them (for use after `run --no-wait`): the same progress line on a terminal, the
 * same exit codes (1 a VM failed, 3 not all ready in time). Without --run-id it waits for every
 * virtwork VM in the namespace. Then it prints them as `status` does.
 */
import { Command } from 'commander';
import { addOutputOption, COMMAND_FORMATS } from '../output/formats.js';
import { showProgress } from './cluster-run.js';
import { completeCommon, withCluster } from './cluster-command.js';
import type { CommandContext } from '../deps.js';
import { withExamples } from '../examples.js';
import { addSettingOptions } from '../options.js';

export const waitCommand = (ctx: CommandContext): Command =>
  withExamples(addOutputOption(addSettingOptions(new Command('wait'), 'wait'), COMMAND_FORMATS.wait), [
    'virtwork run --no-wait && virtwork wait',
    'virtwork wait --run-id 3f2a --timeout 15m',
    'virtwork wait -n load-test -o json',
  ])
    .description('Wait until the VMs of a run (by default every virtwork VM in the namespace) are ready, as run does without --no-wait')
    .action(async (_flags: unknown, command: Command) => {
      const { config, logger, quiet, inputs } = await completeCommon(command, ctx, 'wait');
      const { resolveDefaulted, resolveSetting } = await import('../../config/resolve-settings.js');
      const givenRunId = resolveSetting('runId', inputs)?.value;
      const timeoutSeconds = resolveDefaulted('timeout', inputs).value;
      const [{ waitForRun }, { resolveRunIdOnCluster }, { collectStatus }] = await Promise.all([
        import('../../orchestrator/wait-run.js'),
        import('../../orchestrator/run-id-on-cluster.js'),
        import('../../orchestrator/status.js'),
      ]);
      const { report, failure } = await withCluster(config, ctx, logger, async (api) => {
        const scope = { namespace: config.namespace };
        // A unique prefix of a run id will do.
        const runId = givenRunId === undefined ? undefined : await resolveRunIdOnCluster(api, givenRunId, scope);
        const { display, dispose } = showProgress(ctx, { quiet, timeoutSeconds });
        const waited = await waitForRun(
          api,
          { ...scope, ...(runId !== undefined && { runId }), timeoutSeconds, signal: api.signal },
          { logger, ...(display && { onProgress: (states) => display.waiting(states) }) },
        ).finally(dispose);
        // Interrupted: nothing more to ask the cluster; main reports the interrupt.
        if (api.signal.aborted && waited.failure) throw waited.failure;
        return { report: await collectStatus(api, { ...scope, ...(runId !== undefined && { runId }) }), failure: waited.failure };
      });
      const [{ formatStatus, formatStatusNames }, { formatAs }] = await Promise.all([import('../output/status.js'), import('../output/print.js')]);
      ctx.stdout.write(
        formatAs(config.output, report, {
          table: () => formatStatus(report),
          wide: () => formatStatus(report, { wide: true }),
          name: () => formatStatusNames(report),
        }),
      );
      if (failure) throw failure;
    });
