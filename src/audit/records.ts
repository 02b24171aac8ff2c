/**
 * What the audit trail records, as the rest of virtwork hands it over. No type here has a field
 * for a password or a key: SSH access is recorded only as `sshAuthConfigured`.
 */

export type ExecutionCommand = 'run' | 'dry-run' | 'cleanup';
/** `declined`: a cleanup the user answered no to at its confirmation prompt, so nothing was deleted. */
export type ExecutionStatus = 'in_progress' | 'success' | 'failed' | 'interrupted' | 'declined';
/** `all`: every managed object; `run-id`: only one run's objects (`cleanup --run-id`). */
export type CleanupMode = 'all' | 'run-id';

/**
 * Where the kubeconfig came from: `--kubeconfig` (`flag`), VIRTWORK_KUBECONFIG, the config file,
 * KUBECONFIG, the in-cluster service account, or the default ~/.kube/config.
 */
export type KubeconfigSourceRecord = 'flag' | 'VIRTWORK_KUBECONFIG' | 'config-file' | 'KUBECONFIG' | 'in-cluster' | 'default';

/** The cluster an execution talked to, as its connection resolved it (typed or not). */
export interface ClusterIdentity {
  /** The API server URL. */
  readonly server: string;
  /** The kubeconfig context used (`inCluster` for the service account). */
  readonly context: string;
  readonly kubeconfigSource: KubeconfigSourceRecord;
  /** The file (a KUBECONFIG list joined as it was given); absent in-cluster. */
  readonly kubeconfigPath?: string;
}

/** An object a run found already there, and the run id on its label: the run that owns it. */
export interface OwnerRecord {
  readonly kind: string;
  readonly name: string;
  readonly ownerRunId: string;
}

/** The row `startExecution` writes, status `in_progress`, before anything touches a cluster. */
export interface ExecutionStart {
  readonly runId: string;
  readonly command: ExecutionCommand;
  readonly namespace: string;
  readonly kubeconfigPath?: string | undefined;
  readonly clusterContext?: string | undefined;
  readonly containerDiskImage?: string | undefined;
  readonly defaultCpuCores?: number | undefined;
  readonly defaultMemory?: string | undefined;
  readonly dataDiskSize?: string | undefined;
  readonly workloads?: readonly string[] | undefined;
  readonly totalVmCount?: number | undefined;
  readonly totalWorkloadCount?: number | undefined;
  readonly dryRun?: boolean | undefined;
  readonly sshAuthConfigured?: boolean | undefined;
  readonly cleanupMode?: CleanupMode | undefined;
  readonly waitForReady?: boolean | undefined;
  readonly readyTimeoutSeconds?: number | undefined;
  /** @default now */
  readonly startedAt?: Date | undefined;
  /** The process writing the execution, and its machine: a row left in_progress by a dead one is abandoned. @default this process */
  readonly processId?: number | undefined;
  readonly host?: string | undefined;
}

export interface ExecutionOutcome {
  readonly status: Exclude<ExecutionStatus, 'in_progress'>;
  readonly errorSummary?: string;
  /** @default now */
  readonly completedAt?: Date;
}

export type WorkloadStatus = 'planned' | 'created' | 'ready' | 'failed' | 'skipped';

export interface WorkloadRecord {
  readonly workloadType: string;
  readonly enabled: boolean;
  readonly vmCount: number;
  readonly cpuCores: number;
  readonly memory: string;
  readonly hasDataDisk: boolean;
  readonly dataDiskSize?: string;
  readonly requiresService: boolean;
  /** The workload's params after defaults; stored as a JSON object. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly status: WorkloadStatus;
}

export type VmStatus = 'planned' | 'created' | 'existing' | 'ready' | 'failed' | 'deleted';

export interface VmRecord {
  readonly vmName: string;
  readonly namespace: string;
  readonly workload: string;
  readonly role?: string;
  readonly cpuCores: number;
  readonly memory: string;
  readonly image: string;
  readonly hasDataDisk: boolean;
  readonly dataDiskSize?: string;
  readonly phase?: string;
  readonly status: VmStatus;
}

/** A later state of a recorded VM; the matching timestamp column is set from `at`. */
export interface VmUpdate {
  readonly status: VmStatus;
  readonly phase?: string;
  /** @default now */
  readonly at?: Date;
}

/** A VmUpdate of the VM named `vmName`. */
export interface NamedVmUpdate extends VmUpdate {
  readonly vmName: string;
}

export type ResourceKind = 'Service' | 'Secret' | 'DataVolume' | 'PVC' | 'Namespace';
export type ResourceStatus = 'created' | 'existing' | 'failed' | 'deleted';

export interface ResourceRecord {
  readonly kind: ResourceKind;
  readonly name: string;
  readonly namespace: string;
  readonly status: ResourceStatus;
  /** @default now */
  readonly at?: Date;
}

export type EventType =
  | 'execution_started'
  | 'service_created'
  | 'vm_created'
  | 'vm_failed'
  | 'vm_ready'
  | 'vm_timeout'
  | 'cleanup_started'
  | 'cleanup_completed'
  | 'workload_skipped'
  | 'interrupted';

export interface EventRecord {
  readonly type: EventType;
  /** What the event is about: a VM, Service or workload name. */
  readonly subject?: string | undefined;
  readonly message: string;
  /** Error text, for failure events. */
  readonly errorDetail?: string | undefined;
  /** Structured extras, stored as a JSON object. */
  readonly details?: Readonly<Record<string, unknown>> | undefined;
  /** @default now */
  readonly at?: Date | undefined;
}

/** Objects a cleanup deleted, per kind. */
export interface CleanupCounts {
  readonly vms: number;
  readonly services: number;
  readonly secrets: number;
  readonly dataVolumes: number;
  readonly pvcs: number;
  readonly namespaceDeleted: boolean;
}

/** A VM a cleanup deleted, found by the execution that created it. */
export interface DeletedVm {
  readonly runId: string;
  readonly namespace: string;
  readonly vmName: string;
}
