/**
 * `virtwork run` against a cluster: the orchestrator wired to the kubeconfig chain, the logger, the
 * progress line and the run's audit recorder. Returns the report whatever happened once creating
 * began; the command prints it.
 */
import { connectCluster } from '../../cluster/client.js';
import type { RunConfig } from '../../config/types.js';
import type { Logger } from '../../logging/logger.js';
import type { RunPlan } from '../../orchestrator/plan-types.js';
import { RunOrchestrator } from '../../orchestrator/run.js';
import type { RunRecorder } from '../../orchestrator/run-audit.js';
import type { RunReport } from '../../orchestrator/run-report.js';
import type { CommandContext } from '../deps.js';
import { createProgressLine } from '../output/progress.js';

export interface ClusterRunInput {
  readonly plan: RunPlan;
  readonly config: RunConfig;
  readonly logger: Logger;
  /** Records creation and readiness in the run's audit execution. */
  readonly recorder: RunRecorder;
}

export const runOnCluster = async ({ plan, config, logger, recorder }: ClusterRunInput, ctx: CommandContext): Promise<RunReport> => {
  const progress = config.wait ? createProgressLine(ctx.stderr) : undefined;
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
    ...(progress && { onProgress: (counts) => progress.update(counts) }),
  });
  const report = await orchestrator.run(plan, {
    wait: config.wait,
    timeoutSeconds: config.timeoutSeconds,
    vmConcurrency: config.vmConcurrency,
    // The cleanup hint reaches the same cluster as the run.
    clusterFlags: { ...(config.kubeconfig !== undefined && { kubeconfig: config.kubeconfig }), ...(config.context !== undefined && { context: config.context }) },
    signal: ctx.signal ?? new AbortController().signal,
  });
  progress?.done();
  return report;
};
