/**
 * Reads past executions back for `virtwork audit list` and `virtwork audit show`.
 * Column names map to camelCase fields; JSON columns are parsed; 0/1 columns become booleans.
 * Every schema version's columns are read (a file is never migrated to be read): a column a version
 * lacks reads as null, and version 1's names (`workloads_csv`, `component`, `resource_type`) as today's.
 */
import type { DatabaseSync, SQLOutputValue } from 'node:sqlite';
import type {
  CleanupMode,
  EventType,
  ExecutionCommand,
  ExecutionStatus,
  ResourceKind,
  ResourceStatus,
  VmStatus,
  WorkloadRecord,
  WorkloadStatus,
} from './records.js';
import { isAbandoned } from './process-liveness.js';

/**
 * As stored, except `abandoned`: stored `in_progress` by a process on this machine that no longer
 * runs (killed, crashed), so the execution never ends.
 */
export type ShownStatus = ExecutionStatus | 'abandoned' | GoExecutionStatus;

/**
 * Statuses only the Go implementation wrote, kept as it wrote them: `cancelled` (a run stopped by a
 * signal, our `interrupted`) and `aborted` (a cleanup the user declined at the prompt).
 */
export type GoExecutionStatus = 'cancelled' | 'aborted';

export interface ExecutionSummary {
  readonly runId: string;
  readonly command: ExecutionCommand;
  readonly dryRun: boolean;
  readonly status: ShownStatus;
  readonly namespace: string;
  /** The kubeconfig context the execution used (null when it never connected, or before it was recorded). */
  readonly clusterContext: string | null;
  readonly workloads: readonly string[];
  readonly totalVmCount: number | null;
  readonly linkedRunIds: readonly string[];
  readonly startedAt: string;
  readonly completedAt: string | null;
  readonly errorSummary: string | null;
}

export interface Execution extends ExecutionSummary {
  /** The process and machine that wrote it (null before schema version 3). */
  readonly processId: number | null;
  readonly host: string | null;
  readonly kubeconfigPath: string | null;
  /** Where the kubeconfig came from (null before schema version 4): see KubeconfigSourceRecord. */
  readonly kubeconfigSource: string | null;
  /** The API server URL (null before schema version 4). */
  readonly clusterServer: string | null;
  readonly containerDiskImage: string | null;
  readonly defaultCpuCores: number | null;
  readonly defaultMemory: string | null;
  readonly dataDiskSize: string | null;
  readonly totalWorkloadCount: number | null;
  readonly sshAuthConfigured: boolean;
  readonly cleanupMode: CleanupMode | null;
  readonly waitForReady: boolean;
  readonly readyTimeoutSeconds: number | null;
  readonly deleted: {
    readonly vms: number | null;
    readonly services: number | null;
    readonly secrets: number | null;
    readonly dataVolumes: number | null;
    readonly pvcs: number | null;
    readonly namespace: boolean | null;
  };
}

/** A workload as recorded; a column the record left out reads as null. */
export interface WorkloadRow extends Omit<WorkloadRecord, 'dataDiskSize'> {
  readonly dataDiskSize: string | null;
}

export interface VmRow {
  readonly vmName: string;
  readonly namespace: string;
  readonly workload: string;
  readonly role: string | null;
  readonly cpuCores: number;
  readonly memory: string;
  readonly image: string;
  readonly hasDataDisk: boolean;
  readonly dataDiskSize: string | null;
  readonly phase: string | null;
  readonly status: VmStatus;
  /** For an `existing` VM: the earlier run that owns it (null before schema version 4). */
  readonly ownerRunId: string | null;
  readonly createdAt: string | null;
  readonly readyAt: string | null;
  readonly deletedAt: string | null;
}

export interface ResourceRow {
  readonly kind: ResourceKind;
  readonly name: string;
  readonly namespace: string;
  readonly status: ResourceStatus;
  /** For an `existing` object: the earlier run that owns it (null before schema version 4). */
  readonly ownerRunId: string | null;
  readonly createdAt: string | null;
  readonly deletedAt: string | null;
}

export interface EventRow {
  readonly occurredAt: string;
  readonly type: EventType;
  readonly subject: string | null;
  readonly message: string | null;
  readonly errorDetail: string | null;
  readonly details: Readonly<Record<string, unknown>> | null;
}

export interface ExecutionDetails {
  readonly execution: Execution;
  readonly workloads: readonly WorkloadRow[];
  readonly vms: readonly VmRow[];
  readonly resources: readonly ResourceRow[];
  readonly events: readonly EventRow[];
}

type Row = Record<string, SQLOutputValue>;

/** `audit list -n` and `--context`: only the executions in that namespace, through that kubeconfig context. */
export interface ExecutionFilter {
  readonly namespace?: string;
  readonly context?: string;
}

/** The most recent executions first, those that match every filter given. */
export const listExecutions = (db: DatabaseSync, limit = 20, filter: ExecutionFilter = {}): ExecutionSummary[] => {
  const where = [
    ...(filter.namespace !== undefined ? [['namespace = ?', filter.namespace]] : []),
    ...(filter.context !== undefined ? [['cluster_context = ?', filter.context]] : []),
  ];
  const clause = where.length === 0 ? '' : `WHERE ${where.map(([sql]) => sql).join(' AND ')} `;
  return db
    .prepare(`SELECT * FROM audit_log ${clause}ORDER BY started_at DESC, id DESC LIMIT ?`)
    .all(...where.map(([, value]) => value as string), limit)
    .map(toSummary);
};

/** The run ids of the executions whose run id starts with `prefix` (every one for ''). */
export const runIdsStartingWith = (db: DatabaseSync, prefix: string): string[] =>
  db
    .prepare('SELECT run_id FROM audit_log WHERE substr(run_id, 1, length(?)) = ? ORDER BY run_id')
    .all(prefix, prefix)
    .map((row) => text(row.run_id));

/** Where each `run` whose run id starts with `prefix` created its objects, by run id. */
export const runNamespacesStartingWith = (db: DatabaseSync, prefix: string): Map<string, string> =>
  new Map(
    db
      .prepare("SELECT run_id, namespace FROM audit_log WHERE command = 'run' AND substr(run_id, 1, length(?)) = ? ORDER BY run_id")
      .all(prefix, prefix)
      .map((row) => [text(row.run_id), text(row.namespace)]),
  );

/** One execution with its workloads, VMs, resources and events; undefined when the run id is unknown. */
export const showExecution = (db: DatabaseSync, runId: string): ExecutionDetails | undefined => {
  const row = db.prepare('SELECT * FROM audit_log WHERE run_id = ?').get(runId);
  if (row === undefined) return undefined;
  const rowsOf = (table: string, order: string): Row[] =>
    db.prepare(`SELECT * FROM ${table} WHERE audit_id = ? ORDER BY ${order}`).all(row.id as number);
  return {
    execution: toExecution(row),
    workloads: rowsOf('workload_details', 'id').map(toWorkload),
    vms: rowsOf('vm_details', 'id').map(toVm),
    resources: rowsOf('resource_details', 'id').map(toResource),
    events: rowsOf('events', 'occurred_at, id').map(toEvent),
  };
};

const shownStatus = (r: Row): ShownStatus => {
  const status = text(r.status) as ExecutionStatus;
  return status === 'in_progress' && isAbandoned(numberOrNull(r.process_id), textOrNull(r.host)) ? 'abandoned' : status;
};

const toSummary = (r: Row): ExecutionSummary => ({
  runId: text(r.run_id),
  command: text(r.command) as ExecutionCommand,
  dryRun: r.dry_run === 1,
  status: shownStatus(r),
  namespace: text(r.namespace),
  clusterContext: textOrNull(r.cluster_context),
  // v1 (and the Go tool) kept a comma-separated list.
  workloads: r.workloads !== undefined ? jsonArray(r.workloads) : csvList(r.workloads_csv),
  totalVmCount: numberOrNull(r.total_vm_count),
  linkedRunIds: jsonArray(r.linked_run_ids),
  startedAt: text(r.started_at),
  completedAt: textOrNull(r.completed_at),
  errorSummary: textOrNull(r.error_summary),
});

const toExecution = (r: Row): Execution => ({
  ...toSummary(r),
  processId: numberOrNull(r.process_id),
  host: textOrNull(r.host),
  kubeconfigPath: textOrNull(r.kubeconfig_path),
  kubeconfigSource: textOrNull(r.kubeconfig_source),
  clusterServer: textOrNull(r.cluster_server),
  containerDiskImage: textOrNull(r.container_disk_image),
  defaultCpuCores: numberOrNull(r.default_cpu_cores),
  defaultMemory: textOrNull(r.default_memory),
  dataDiskSize: textOrNull(r.data_disk_size),
  totalWorkloadCount: numberOrNull(r.total_workload_count),
  sshAuthConfigured: r.ssh_auth_configured === 1,
  cleanupMode: textOrNull(r.cleanup_mode) as CleanupMode | null,
  waitForReady: r.wait_for_ready === 1,
  readyTimeoutSeconds: numberOrNull(r.ready_timeout_seconds),
  deleted: {
    vms: numberOrNull(r.vms_deleted),
    services: numberOrNull(r.services_deleted),
    secrets: numberOrNull(r.secrets_deleted),
    // The Go tool's later files call it dvs_deleted.
    dataVolumes: numberOrNull(r.datavolumes_deleted ?? r.dvs_deleted),
    pvcs: numberOrNull(r.pvcs_deleted),
    namespace: r.namespace_deleted === null ? null : r.namespace_deleted === 1,
  },
});

const toWorkload = (r: Row): WorkloadRow => ({
  workloadType: text(r.workload_type),
  enabled: r.enabled === 1,
  vmCount: Number(r.vm_count),
  cpuCores: Number(r.cpu_cores),
  memory: text(r.memory),
  hasDataDisk: r.has_data_disk === 1,
  dataDiskSize: textOrNull(r.data_disk_size),
  requiresService: r.requires_service === 1,
  params: jsonObject(r.params) ?? {},
  status: text(r.status) as WorkloadStatus,
});

const toVm = (r: Row): VmRow => ({
  vmName: text(r.vm_name),
  namespace: text(r.namespace),
  workload: text(r.workload ?? r.component),
  role: textOrNull(r.role),
  cpuCores: Number(r.cpu_cores),
  memory: text(r.memory),
  image: text(r.container_disk_image),
  hasDataDisk: r.has_data_disk === 1,
  dataDiskSize: textOrNull(r.data_disk_size),
  phase: textOrNull(r.phase),
  status: text(r.status) as VmStatus,
  ownerRunId: textOrNull(r.owner_run_id),
  createdAt: textOrNull(r.created_at),
  readyAt: textOrNull(r.ready_at),
  deletedAt: textOrNull(r.deleted_at),
});

const toResource = (r: Row): ResourceRow => ({
  kind: text(r.kind ?? r.resource_type) as ResourceKind,
  name: text(r.name ?? r.resource_name),
  namespace: text(r.namespace),
  status: text(r.status) as ResourceStatus,
  ownerRunId: textOrNull(r.owner_run_id),
  createdAt: textOrNull(r.created_at),
  deletedAt: textOrNull(r.deleted_at),
});

const toEvent = (r: Row): EventRow => ({
  occurredAt: text(r.occurred_at),
  type: text(r.event_type) as EventType,
  subject: textOrNull(r.subject),
  message: textOrNull(r.message),
  errorDetail: textOrNull(r.error_detail),
  details: jsonObject(r.details),
});

const text = (v: SQLOutputValue | undefined): string => (v === null || v === undefined ? '' : String(v));
const textOrNull = (v: SQLOutputValue | undefined): string | null => (v === null || v === undefined ? null : String(v));
const numberOrNull = (v: SQLOutputValue | undefined): number | null => (v === null || v === undefined ? null : Number(v));

const csvList = (v: SQLOutputValue | undefined): string[] =>
  typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter((s) => s !== '') : [];

/** Tolerates NULL and malformed text (a hand-edited or older file) as an empty array. */
const jsonArray = (v: SQLOutputValue | undefined): string[] => {
  const parsed = parseJson(v);
  return Array.isArray(parsed) ? parsed.map(String) : [];
};

const jsonObject = (v: SQLOutputValue | undefined): Record<string, unknown> | null => {
  const parsed = parseJson(v);
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
};

const parseJson = (v: SQLOutputValue | undefined): unknown => {
  if (typeof v !== 'string') return undefined;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return undefined;
  }
};
