import type { Auditor } from './auditor.js';

/** The auditor behind `--no-audit`: records nothing and opens no file. */
export class NoOpAuditor implements Auditor {
  startExecution(): void {}
  recordCluster(): void {}
  recordOwners(): void {}
  recordWorkloads(): void {}
  updateWorkloads(): void {}
  recordVms(): void {}
  updateVm(): void {}
  updateVms(): void {}
  recordResources(): void {}
  recordEvent(): void {}
  linkRuns(): void {}
  recordCleanupCounts(): void {}
  markVmsDeleted(): void {}
  completeExecution(): void {}
  close(): void {}
}
