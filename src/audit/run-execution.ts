import type { RunConfig } from '../config/types.js';
import type { ExecutionStart } from './records.js';

/**
 * The audit row of a `run` (or `run --dry-run`) from its resolved configuration. This is the one
 * place a RunConfig meets the audit store, and it keeps only whether SSH access was configured:
 * neither the password nor any key is copied.
 */
export const runExecutionStart = (
  config: RunConfig,
  run: { readonly runId: string; readonly totalVmCount: number; readonly startedAt?: Date },
): ExecutionStart => ({
  runId: run.runId,
  command: config.dryRun ? 'dry-run' : 'run',
  namespace: config.namespace,
  kubeconfigPath: config.kubeconfig,
  clusterContext: config.context,
  containerDiskImage: config.containerDiskImage,
  defaultCpuCores: config.cpuCores,
  defaultMemory: config.memory,
  dataDiskSize: config.diskSize,
  workloads: config.workloads,
  totalVmCount: run.totalVmCount,
  totalWorkloadCount: config.workloads.length,
  dryRun: config.dryRun,
  sshAuthConfigured: config.ssh.password !== undefined || config.ssh.authorizedKeys.length > 0,
  waitForReady: config.wait,
  readyTimeoutSeconds: config.timeoutSeconds,
  startedAt: run.startedAt,
});
