/**
 * The audit trail as the orchestrators see it. `run` and `cleanup` call it as they go, so a crash
 * leaves an `in_progress` row with everything recorded up to that point.
 *
 * Methods are synchronous (node:sqlite is) and keyed by the execution's run id.
 */
import type {
  CleanupCounts,
  ClusterIdentity,
  DeletedVm,
  EventRecord,
  ExecutionOutcome,
  ExecutionStart,
  NamedVmUpdate,
  OwnerRecord,
  ResourceRecord,
  VmRecord,
  VmUpdate,
  WorkloadRecord,
  WorkloadStatus,
} from './records.js';

export interface Auditor {
  /** Writes the execution row with status `in_progress` and an `execution_started` event. */
  startExecution(start: ExecutionStart): void;
  /** The cluster the execution connected to: server URL, context and kubeconfig source and path. */
  recordCluster(runId: string, cluster: ClusterIdentity): void;
  /** For objects recorded `existing`: the earlier run that owns each (`owner_run_id`). */
  recordOwners(runId: string, owners: readonly OwnerRecord[]): void;
  recordWorkloads(runId: string, workloads: readonly WorkloadRecord[]): void;
  /** Sets the status of recorded workloads, by workload type. */
  updateWorkloads(runId: string, statuses: Readonly<Record<string, WorkloadStatus>>): void;
  /** Inserts VMs, or updates the ones already recorded for this execution (matched by name). */
  recordVms(runId: string, vms: readonly VmRecord[]): void;
  /** With `event`, the event that says why is written in the same transaction: both, or neither. */
  updateVm(runId: string, vmName: string, update: VmUpdate, event?: EventRecord): void;
  /** As updateVm for many VMs, in one transaction: all are written, or (a VM not recorded) none. */
  updateVms(runId: string, updates: readonly NamedVmUpdate[]): void;
  recordResources(runId: string, resources: readonly ResourceRecord[]): void;
  recordEvent(runId: string, event: EventRecord): void;
  /** Stores the run ids a cleanup found on the objects it deleted (`linked_run_ids`). */
  linkRuns(runId: string, linkedRunIds: readonly string[]): void;
  recordCleanupCounts(runId: string, counts: CleanupCounts): void;
  /** Marks VMs deleted in the runs that made them (their run id is on the object's label) and in later runs that recorded them existing. */
  markVmsDeleted(vms: readonly DeletedVm[], at?: Date): void;
  /**
   * Ends the execution; an `interrupted` outcome also records an `interrupted` event. Only the
   * first outcome counts: an execution that has ended is not changed again.
   */
  completeExecution(runId: string, outcome: ExecutionOutcome): void;
  close(): void;
}
