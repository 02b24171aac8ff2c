/**
 * `virtwork run` against a cluster: the orchestrator wired to the kubeconfig chain, the logger, the
 * progress line and the summary printer. Prints the summary whatever happened once creating began,
 * then throws the run's failure so `main` prints it and exits with its code.
 */
import type { Auditor } from '../audit/auditor.js';
import { connectCluster } from '../cluster/client.js';
import type { RunConfig } from '../config/types.js';
import type { Logger } from '../logging/logger.js';
import type { RunPlan } from '../orchestrator/plan-types.js';
import { RunOrchestrator } from '../orchestrator/run.js';
import { recordRunReport } from '../orchestrator/run-audit.js';
import type { CommandContext } from './deps.js';
import { createProgressLine } from './progress.js';
import { printSummary } from './summary.js';

export interface ClusterRunInput {
  readonly plan: RunPlan;
  readonly config: RunConfig;
  readonly logger: Logger;
  /** The run's execution is started; this records creation, readiness and the outcome. */
  readonly auditor: Auditor;
}

export const runOnCluster = async ({ plan, config, logger, auditor }: ClusterRunInput, ctx: CommandContext): Promise<void> => {
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
    auditor,
    ...(progress && { onProgress: (counts) => progress.update(counts) }),
  });
  const report = await orchestrator.run(plan, {
    wait: config.wait,
    timeoutSeconds: config.timeoutSeconds,
    vmConcurrency: config.vmConcurrency,
    signal: ctx.signal ?? new AbortController().signal,
  });
  progress?.done();
  recordRunReport(auditor, report);
  printSummary(report, config.output === 'json' ? 'json' : 'table', ctx.stdout);
  if (report.failure) {
    ctx.stderr.write(`to remove what this run created: ${report.cleanupCommand}\n`);
    throw report.failure;
  }
};
