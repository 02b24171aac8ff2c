/**
 * The audit trail in SQLite. Every call commits at once (batches in one transaction), so a
 * process that dies mid-run leaves its `in_progress` row and every VM recorded so far.
 *
 * What a failure does depends on when it happens. The file cannot be opened, or the execution's
 * first row cannot be written: an EnvironmentError, before the command has changed anything on
 * the cluster. A later write fails (the disk filled, a lock held past the busy timeout, a corrupt
 * page): the command goes on, `onError` hears of it once, naming the file and the cause, and the
 * auditor writes nothing more, since a trail with holes in the middle would mislead.
 */
import { hostname } from 'node:os';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { EnvironmentError, VirtworkError } from '../errors.js';
import type { Auditor } from './auditor.js';
import { openAuditDatabase } from './open-database.js';
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

export interface SqliteAuditorOptions {
  /**
   * Receives the first write that fails after the execution started, instead of the caller; later
   * writes are skipped. The CLI logs it as one warning: a full disk must not stop a run or a
   * cleanup half-way. @default rethrow every failure
   */
  readonly onError?: (error: VirtworkError) => void;
  /** @default () => new Date() */
  readonly clock?: () => Date;
}

export class SqliteAuditor implements Auditor {
  private readonly auditIds = new Map<string, number>();
  /** Compiled statements by SQL text, kept for the auditor's life (see `statement`). */
  private readonly statements = new Map<string, StatementSync>();
  private readonly clock: () => Date;
  private closed = false;
  /** A write failed after the start: the trail is incomplete, and nothing more is written. */
  private broken = false;

  private constructor(
    private readonly db: DatabaseSync,
    private readonly file: string,
    private readonly options: SqliteAuditorOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  static async open(file: string, options: SqliteAuditorOptions = {}): Promise<SqliteAuditor> {
    try {
      return new SqliteAuditor(await openAuditDatabase(file), file, options);
    } catch (error) {
      if (error instanceof VirtworkError) throw error;
      throw new EnvironmentError(`audit database ${file} cannot be opened: ${reasonOf(error)}; ${AUDIT_FIX}`, { cause: error });
    }
  }

  startExecution(start: ExecutionStart): void {
    try {
      this.writeStart(start);
    } catch (error) {
      throw new EnvironmentError(`audit database ${this.file} cannot be written: ${reasonOf(error)}; ${AUDIT_FIX}`, { cause: error });
    }
  }

  private writeStart(start: ExecutionStart): void {
    this.transaction(() => {
      const auditId = this.insertExecution(start);
      this.auditIds.set(start.runId, auditId);
      this.insertEvent(auditId, {
        type: 'execution_started',
        message: `${start.command} started in namespace ${start.namespace}`,
        at: start.startedAt,
      });
    });
  }

  recordWorkloads(runId: string, workloads: readonly WorkloadRecord[]): void {
    this.write('record workloads', runId, () => {
      const auditId = this.auditId(runId);
      const insert = this.statement(
        `INSERT INTO workload_details (audit_id, workload_type, enabled, vm_count, cpu_cores, memory,
           has_data_disk, data_disk_size, requires_service, params, status)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      this.transaction(() => {
        for (const w of workloads) {
          insert.run(
            auditId,
            w.workloadType,
            flag(w.enabled),
            w.vmCount,
            w.cpuCores,
            w.memory,
            flag(w.hasDataDisk),
            w.dataDiskSize ?? null,
            flag(w.requiresService),
            JSON.stringify(w.params),
            w.status,
          );
        }
      });
    });
  }

  updateWorkloads(runId: string, statuses: Readonly<Record<string, WorkloadStatus>>): void {
    this.write('update workloads', runId, () => {
      const auditId = this.auditId(runId);
      const update = this.statement('UPDATE workload_details SET status = ? WHERE audit_id = ? AND workload_type = ?');
      this.transaction(() => {
        for (const [workloadType, status] of Object.entries(statuses)) update.run(status, auditId, workloadType);
      });
    });
  }

  recordVms(runId: string, vms: readonly VmRecord[]): void {
    this.write('record VMs', runId, () => {
      const auditId = this.auditId(runId);
      const now = this.timestamp();
      const update = this.statement(
        `UPDATE vm_details SET namespace = ?, workload = ?, role = ?, cpu_cores = ?, memory = ?,
           container_disk_image = ?, has_data_disk = ?, data_disk_size = ?, phase = coalesce(?, phase), status = ?,
           ${timestampColumns}
         WHERE audit_id = ? AND vm_name = ?`,
      );
      const insert = this.statement(
        `INSERT INTO vm_details (audit_id, workload_id, vm_name, namespace, workload, role, cpu_cores, memory,
           container_disk_image, has_data_disk, data_disk_size, phase, status, created_at, ready_at, deleted_at)
         VALUES (?, (SELECT max(id) FROM workload_details WHERE audit_id = ? AND workload_type = ?),
           ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      this.transaction(() => {
        for (const vm of vms) {
          const columns = [vm.namespace, vm.workload, vm.role ?? null, vm.cpuCores, vm.memory, vm.image,
            flag(vm.hasDataDisk), vm.dataDiskSize ?? null] as const;
          const { changes } = update.run(...columns, vm.phase ?? null, vm.status,
            ...timestampArgs(vm.status, now), auditId, vm.vmName);
          if (Number(changes) > 0) continue;
          const at = timestampsFor(vm.status, now);
          insert.run(auditId, auditId, vm.workload, vm.vmName, ...columns, vm.phase ?? null, vm.status,
            at.created, at.ready, at.deleted);
        }
      });
    });
  }

  updateVm(runId: string, vmName: string, update: VmUpdate, event?: EventRecord): void {
    this.write('update VM', runId, () => {
      const auditId = this.auditId(runId);
      if (event === undefined) return this.writeVmUpdate(auditId, { ...update, vmName });
      // one commit instead of two: a run writes this twice per VM (created, then ready or failed)
      this.transaction(() => {
        this.writeVmUpdate(auditId, { ...update, vmName });
        this.insertEvent(auditId, event);
      });
    });
  }

  updateVms(runId: string, updates: readonly NamedVmUpdate[]): void {
    this.write('update VMs', runId, () => {
      const auditId = this.auditId(runId);
      this.transaction(() => {
        for (const update of updates) this.writeVmUpdate(auditId, update);
      });
    });
  }

  private writeVmUpdate(auditId: number, update: NamedVmUpdate): void {
    const { changes } = this.statement(
      `UPDATE vm_details SET status = ?, phase = coalesce(?, phase), ${timestampColumns}
       WHERE audit_id = ? AND vm_name = ?`,
    ).run(update.status, update.phase ?? null, ...timestampArgs(update.status, this.timestamp(update.at)), auditId, update.vmName);
    if (Number(changes) === 0) throw new Error(`no VM ${update.vmName} is recorded for this execution`);
  }

  recordResources(runId: string, resources: readonly ResourceRecord[]): void {
    this.write('record resources', runId, () => {
      const auditId = this.auditId(runId);
      const insert = this.statement(
        `INSERT INTO resource_details (audit_id, kind, name, namespace, status, created_at, deleted_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      this.transaction(() => {
        for (const r of resources) {
          const at = timestampsFor(r.status, this.timestamp(r.at));
          insert.run(auditId, r.kind, r.name, r.namespace, r.status, at.created, at.deleted);
        }
      });
    });
  }

  recordEvent(runId: string, event: EventRecord): void {
    this.write('record event', runId, () => this.insertEvent(this.auditId(runId), event));
  }

  linkRuns(runId: string, linkedRunIds: readonly string[]): void {
    this.write('link runs', runId, () => {
      const unique = [...new Set(linkedRunIds)].sort();
      this.statement('UPDATE audit_log SET linked_run_ids = ? WHERE id = ?').run(JSON.stringify(unique), this.auditId(runId));
    });
  }

  recordCluster(runId: string, cluster: ClusterIdentity): void {
    this.write('record the cluster', runId, () => {
      this.statement('UPDATE audit_log SET cluster_server = ?, cluster_context = ?, kubeconfig_source = ?, kubeconfig_path = ? WHERE id = ?')
        .run(cluster.server, cluster.context, cluster.kubeconfigSource, cluster.kubeconfigPath ?? null, this.auditId(runId));
    });
  }

  recordOwners(runId: string, owners: readonly OwnerRecord[]): void {
    this.write('record owners', runId, () => {
      const auditId = this.auditId(runId);
      const vm = this.statement('UPDATE vm_details SET owner_run_id = ? WHERE audit_id = ? AND vm_name = ?');
      const resource = this.statement('UPDATE resource_details SET owner_run_id = ? WHERE audit_id = ? AND kind = ? AND name = ?');
      this.transaction(() => {
        for (const owner of owners) {
          if (owner.kind === 'VirtualMachine') vm.run(owner.ownerRunId, auditId, owner.name);
          else resource.run(owner.ownerRunId, auditId, owner.kind, owner.name);
        }
      });
    });
  }

  recordCleanupCounts(runId: string, counts: CleanupCounts): void {
    this.write('record cleanup counts', runId, () => {
      this.statement(
          `UPDATE audit_log SET vms_deleted = ?, services_deleted = ?, secrets_deleted = ?, datavolumes_deleted = ?,
             pvcs_deleted = ?, namespace_deleted = ? WHERE id = ?`,
        )
        .run(counts.vms, counts.services, counts.secrets, counts.dataVolumes, counts.pvcs,
          flag(counts.namespaceDeleted), this.auditId(runId));
    });
  }

  markVmsDeleted(vms: readonly DeletedVm[], at?: Date): void {
    this.write('mark VMs deleted', undefined, () => {
      const deletedAt = this.timestamp(at);
      // The run that made the VM (its label) and every later run that found it and recorded it
      // `existing`: each says the VM is gone now. A dry run's `planned` rows never existed.
      const update = this.statement(
        `UPDATE vm_details SET status = 'deleted', deleted_at = ?
         WHERE vm_name = ? AND namespace = ? AND status IN ('created', 'existing', 'ready', 'failed')
           AND audit_id IN (SELECT id FROM audit_log
                            WHERE started_at >= (SELECT started_at FROM audit_log WHERE run_id = ?))`,
      );
      this.transaction(() => {
        for (const vm of vms) update.run(deletedAt, vm.vmName, vm.namespace, vm.runId);
      });
    });
  }

  completeExecution(runId: string, outcome: ExecutionOutcome): void {
    this.write('complete execution', runId, () => {
      const auditId = this.auditId(runId);
      const completedAt = this.timestamp(outcome.completedAt);
      this.transaction(() => {
        // An execution ends once: a later outcome (a caller's catch-all after a recorded report) is ignored.
        const { changes } = this.statement(`UPDATE audit_log SET status = ?, completed_at = ?, error_summary = ? WHERE id = ? AND status = 'in_progress'`)
          .run(outcome.status, completedAt, outcome.errorSummary ?? null, auditId);
        if (Number(changes) > 0 && outcome.status === 'interrupted') {
          this.insertEvent(auditId, {
            type: 'interrupted',
            message: outcome.errorSummary ?? 'interrupted',
            at: outcome.completedAt,
          });
        }
      });
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.statements.clear();
    this.db.close();
  }

  private insertExecution(start: ExecutionStart): number {
    const { lastInsertRowid } = this.statement(
        `INSERT INTO audit_log (run_id, linked_run_ids, command, status, kubeconfig_path, cluster_context,
           namespace, container_disk_image, default_cpu_cores, default_memory, data_disk_size, workloads,
           total_vm_count, total_workload_count, dry_run, ssh_auth_configured, cleanup_mode, wait_for_ready,
           ready_timeout_seconds, started_at, process_id, host)
         VALUES (?, '[]', ?, 'in_progress', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        start.runId,
        start.command,
        start.kubeconfigPath ?? null,
        start.clusterContext ?? null,
        start.namespace,
        start.containerDiskImage ?? null,
        start.defaultCpuCores ?? null,
        start.defaultMemory ?? null,
        start.dataDiskSize ?? null,
        JSON.stringify(start.workloads ?? []),
        start.totalVmCount ?? null,
        start.totalWorkloadCount ?? null,
        flag(start.dryRun ?? start.command === 'dry-run'),
        flag(start.sshAuthConfigured ?? false),
        start.cleanupMode ?? null,
        flag(start.waitForReady ?? true),
        start.readyTimeoutSeconds ?? null,
        this.timestamp(start.startedAt),
        start.processId ?? process.pid,
        start.host ?? hostname(),
      );
    return Number(lastInsertRowid);
  }

  private insertEvent(auditId: number, event: EventRecord): void {
    this.statement(
        `INSERT INTO events (audit_id, vm_id, workload_id, event_type, subject, message, error_detail, details, occurred_at)
         VALUES (?, (SELECT max(id) FROM vm_details WHERE audit_id = ? AND vm_name = ?),
           (SELECT max(id) FROM workload_details WHERE audit_id = ? AND workload_type = ?), ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        auditId,
        auditId,
        event.subject ?? null,
        auditId,
        event.subject ?? null,
        event.type,
        event.subject ?? null,
        event.message,
        event.errorDetail ?? null,
        event.details === undefined ? null : JSON.stringify(event.details),
        this.timestamp(event.at),
      );
  }

  /**
   * The compiled statement for `sql`, compiled once: a run writes a few rows per VM, and a statement
   * compiled per write holds native memory the garbage collector does not see until it finalizes it
   * (hundreds of MB over 10,000 VMs).
   */
  private statement(sql: string): StatementSync {
    let compiled = this.statements.get(sql);
    if (compiled === undefined) {
      compiled = this.db.prepare(sql);
      this.statements.set(sql, compiled);
    }
    return compiled;
  }

  /** The audit_log id of an execution, cached for the ones this process started. */
  private auditId(runId: string): number {
    const cached = this.auditIds.get(runId);
    if (cached !== undefined) return cached;
    const row = this.statement('SELECT id FROM audit_log WHERE run_id = ?').get(runId);
    if (row === undefined) throw new Error('no execution with this run id was started');
    const id = Number(row.id);
    this.auditIds.set(runId, id);
    return id;
  }

  private transaction(body: () => void): void {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      body();
      this.db.exec('COMMIT');
    } catch (error) {
      // A failed COMMIT (a full disk) may have ended the transaction already; its cause is what counts.
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  private write(operation: string, runId: string | undefined, body: () => void): void {
    if (this.broken) return;
    try {
      body();
    } catch (cause) {
      const error = new VirtworkError(
        `audit database ${this.file}: cannot ${operation}${runId === undefined ? '' : ` for run ${runId}`}: ${reasonOf(cause)}; ` +
          'the audit of this command is incomplete from here on, and nothing more is written to it',
        { cause },
      );
      if (this.options.onError === undefined) throw error;
      this.broken = true;
      this.options.onError(error);
    }
  }

  private timestamp(at?: Date): string {
    return (at ?? this.clock()).toISOString();
  }
}

const flag = (value: boolean): number => (value ? 1 : 0);

const AUDIT_FIX = 'fix the file or its directory, choose another file with --audit-db, or record nothing with --no-audit';

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Sets the timestamp column that matches a status, keeping one already set. */
const timestampColumns = `
  created_at = CASE WHEN ? IS NOT NULL THEN coalesce(created_at, ?) ELSE created_at END,
  ready_at   = CASE WHEN ? IS NOT NULL THEN coalesce(ready_at, ?)   ELSE ready_at END,
  deleted_at = CASE WHEN ? IS NOT NULL THEN coalesce(deleted_at, ?) ELSE deleted_at END`;

const timestampArgs = (status: string, at: string): (string | null)[] => {
  const t = timestampsFor(status, at);
  return [t.created, t.created, t.ready, t.ready, t.deleted, t.deleted];
};

const timestampsFor = (
  status: string,
  at: string,
): { created: string | null; ready: string | null; deleted: string | null } => ({
  // An existing VM was created by an earlier run, at a time this run does not know.
  created: status === 'created' ? at : null,
  ready: status === 'ready' ? at : null,
  deleted: status === 'deleted' ? at : null,
});
