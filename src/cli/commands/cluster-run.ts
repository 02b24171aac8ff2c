/**
 * `virtwork run` against a cluster: the orchestrator wired to the kubeconfig chain, the logger, the
 * progress display and the run's audit recorder. Returns the report whatever happened once creating
 * began; the command prints it.
 */
import { connectCluster } from '../../cluster/client.js';
import type { RunConfig } from '../../config/types.js';
import type { Logger } from '../../logging/logger.js';
import type { RunPlan } from '../../orchestrator/plan-types.js';
import { RunOrchestrator } from '../../orchestrator/run.js';
import type { RunRecorder } from '../../orchestrator/run-audit.js';
import type { RunReport } from '../../orchestrator/run-report.js';
import { colourOn } from '../command-logger.js';
import type { CommandContext } from '../deps.js';
import { createProgressDisplay, type ProgressDisplay, type ProgressOptions } from '../output/progress.js';

export interface ClusterRunInput {
  readonly plan: RunPlan;
  readonly config: RunConfig;
  readonly logger: Logger;
  /** Records creation and readiness in the run's audit execution. */
  readonly recorder: RunRecorder;
  /** --quiet: no progress display. */
  readonly quiet: boolean;
}

/**
 * The progress display on stderr (when it is a terminal and not --quiet), with the command's log
 * lines routed above it until `dispose`. For every command that creates or waits for VMs.
 */
export const showProgress = (
  ctx: CommandContext,
  { quiet, ...options }: ProgressOptions & { readonly quiet: boolean },
): { display?: ProgressDisplay; dispose: () => void } => {
  const display = quiet ? undefined : createProgressDisplay(ctx.stderr, { colour: colourOn(ctx.stderr, ctx.env), ...options });
  if (display === undefined) return { dispose: () => undefined };
  ctx.logRoute.above = (line) => display.writeAbove(line);
  return {
    display,
    dispose: () => {
      ctx.logRoute.above = undefined;
      display.done();
    },
  };
};

export const runOnCluster = async ({ plan, config, logger, recorder, quiet }: ClusterRunInput, ctx: CommandContext): Promise<RunReport> => {
  await ctx.limitHeapGrowth?.();
  const { display, dispose } = showProgress(ctx, { quiet, timeoutSeconds: config.timeoutSeconds });
  const orchestrator = new RunOrchestrator({
    connect: () =>
      connectCluster({
        ...(config.kubeconfig !== undefined && { kubeconfig: config.kubeconfig }),
        ...(config.kubeconfigFrom !== undefined && { kubeconfigFrom: config.kubeconfigFrom }),
        ...(config.context !== undefined && { context: config.context }),
        env: ctx.env,
      }),
    logger,
    recorder,
    ...(display && { onCreateProgress: (step) => display.creating(step), onProgress: (states) => display.waiting(states) }),
  });
  try {
    return await orchestrator.run(plan, {
      wait: config.wait,
      timeoutSeconds: config.timeoutSeconds,
      vmConcurrency: config.vmConcurrency,
      // The cleanup hint reaches the same cluster as the run.
      clusterFlags: { ...(config.kubeconfig !== undefined && { kubeconfig: config.kubeconfig }), ...(config.context !== undefined && { context: config.context }) },
      signal: ctx.signal ?? new AbortController().signal,
    });
  } finally {
    dispose();
  }
};
