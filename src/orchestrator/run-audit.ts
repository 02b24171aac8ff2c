/**
 * What a run records in the audit trail, at the points its flow gives: the plan before anything is
 * created, each object as the server answers, each VM as it turns ready or fails, the outcome.
 * Every call commits at once, so a crash leaves an `in_progress` row and every VM created so far.
 */
import type { Auditor } from '../audit/auditor.js';
import type { ClusterIdentity, ResourceKind, VmRecord, WorkloadRecord, WorkloadStatus } from '../audit/records.js';
import { runExecutionStart } from '../audit/run-execution.js';
import type { RunConfig } from '../config/types.js';
import { LABEL_WORKLOAD } from '../constants.js';
import { InternalError, InterruptedError, NotReadyError } from '../errors.js';
import type { CreateResult } from '../kube/create.js';
import { isFailed, type VmState } from '../kube/readiness.js';
import type { RunPlan, VmPlan } from './plan-types.js';
import type { RunReport } from './run-report.js';

/** What a run records as it goes: each object the server answered for, each VM that turned ready or failed. */
export interface RunRecorder {
  /** The cluster the run connected to, as its connection resolved it. */
  connected(cluster: ClusterIdentity): void;
  /** The run ids on the objects found already there, by `Kind/name`. */
  owned(owners: ReadonlyMap<string, string>): void;
  created(result: CreateResult): void;
  transition(state: VmState, previous: VmState): void;
}

/**
 * The one owner of a run's execution in the audit trail: `start` records it with the plan, the run
 * records objects and transitions through it, and `end` records the outcome, exactly once.
 */
export class RunAudit implements RunRecorder {
  #ended = false;

  private constructor(
    private readonly auditor: Auditor,
    private readonly plan: RunPlan,
  ) {}

  /** The execution (`run` or `dry-run`), its workloads and its VMs as planned, before anything is created. */
  static start(auditor: Auditor, config: RunConfig, plan: RunPlan): RunAudit {
    auditor.startExecution(runExecutionStart(config, { runId: plan.runId, totalVmCount: plan.vms.length }));
    auditor.recordWorkloads(plan.runId, workloadRecords(config, plan));
    // One transaction per batch: 100,000 planned VMs never make one array of rows.
    for (let from = 0; from < plan.vms.length; from += VM_RECORD_BATCH) {
      auditor.recordVms(plan.runId, plan.vms.slice(from, from + VM_RECORD_BATCH).map((vm) => vmRecord(vm, plan.namespace)));
    }
    return new RunAudit(auditor, plan);
  }

  connected(cluster: ClusterIdentity): void {
    this.auditor.recordCluster(this.plan.runId, cluster);
  }

  owned(owners: ReadonlyMap<string, string>): void {
    this.auditor.recordOwners(
      this.plan.runId,
      [...owners].map(([key, ownerRunId]) => {
        const [kind = '', name = ''] = key.split('/');
        return { kind, name, ownerRunId };
      }),
    );
  }

  created(result: CreateResult): void {
    recordCreated(this.auditor, this.plan, result);
  }

  transition(state: VmState, previous: VmState): void {
    recordTransition(this.auditor, this.plan.runId, state, previous);
  }

  /**
   * The outcome, once: a run report (final phases, timeouts, its failure or success), or how the
   * run ended without one (a dry run: nothing; an error before or instead of the report).
   */
  end(outcome: { readonly report: RunReport } | { readonly error?: unknown }): void {
    if (this.#ended) throw new InternalError(`the audit execution of run ${this.plan.runId} was ended twice`);
    this.#ended = true;
    if ('report' in outcome) {
      recordRunReport(this.auditor, outcome.report);
      recordRunEnd(this.auditor, this.plan.runId, outcome.report.failure);
    } else {
      recordRunEnd(this.auditor, this.plan.runId, outcome.error);
    }
  }
}

const RESOURCE_KINDS: Readonly<Record<string, ResourceKind>> = { Namespace: 'Namespace', Service: 'Service', Secret: 'Secret' };

/** One object the server answered for: created now, or existing from an earlier run. */
const recordCreated = (auditor: Auditor, plan: RunPlan, result: CreateResult): void => {
  const { runId, namespace } = plan;
  if (result.kind === 'VirtualMachine') {
    auditor.updateVm(runId, result.name, { status: result.outcome }, {
      type: 'vm_created',
      subject: result.name,
      message: result.outcome === 'created' ? `VM ${result.name} created` : `VM ${result.name} already existed (an earlier run made it)`,
    });
    return;
  }
  const kind = RESOURCE_KINDS[result.kind];
  if (kind === undefined) return;
  auditor.recordResources(runId, [{ kind, name: result.name, namespace: kind === 'Namespace' ? result.name : namespace, status: result.outcome }]);
  if (kind === 'Service') {
    auditor.recordEvent(runId, { type: 'service_created', subject: result.name, message: `Service ${result.name} ${result.outcome}` });
  }
};

/** A VM turned ready or failed; other phase changes wait for the outcome. */
const recordTransition = (auditor: Auditor, runId: string, state: VmState, previous: VmState): void => {
  if (state.ready && !previous.ready) {
    auditor.updateVm(runId, state.name, { status: 'ready', ...(state.phase && { phase: state.phase }) }, {
      type: 'vm_ready',
      subject: state.name,
      message: `VM ${state.name} is ready`,
      ...(state.nodeName && { details: { node: state.nodeName } }),
    });
  } else if (isFailed(state) && !isFailed(previous)) {
    auditor.updateVm(runId, state.name, { status: 'failed', ...(state.phase && { phase: state.phase }) }, {
      type: 'vm_failed',
      subject: state.name,
      message: `VM ${state.name} failed`,
      ...(state.failureReason && { errorDetail: state.failureReason }),
    });
  }
};

/** Final phases and timeouts from the run report. */
const recordRunReport = (auditor: Auditor, report: RunReport): void => {
  const { runId } = report;
  auditor.updateVms(
    runId,
    report.vms.flatMap((vm) =>
      vm.phase === undefined
        ? []
        : [{ vmName: vm.name, status: vm.ready ? 'ready' : vm.failed ? 'failed' : vm.existing ? 'existing' : 'created', phase: vm.phase }],
    ),
  );
  auditor.updateWorkloads(runId, workloadStatuses(report));
  if (report.failure instanceof NotReadyError) {
    for (const name of report.failure.notReady) {
      auditor.recordEvent(runId, { type: 'vm_timeout', subject: name, message: `VM ${name} was not ready before the timeout` });
    }
  }
};

/** `success` without an error; `interrupted` for SIGINT/SIGTERM; `failed` otherwise. */
const recordRunEnd = (auditor: Auditor, runId: string, error?: unknown): void => {
  if (error === undefined) {
    auditor.completeExecution(runId, { status: 'success' });
    return;
  }
  auditor.completeExecution(runId, {
    status: error instanceof InterruptedError ? 'interrupted' : 'failed',
    errorSummary: error instanceof Error ? error.message : typeof error === 'string' ? error : 'unknown error',
  });
};

/** `failed` when one of its VMs failed, `ready` when all were, `created` otherwise. */
const workloadStatuses = (report: RunReport): Record<string, WorkloadStatus> => {
  const statuses: Record<string, WorkloadStatus> = {};
  for (const vm of report.vms) {
    const vmStatus: WorkloadStatus = vm.failed ? 'failed' : vm.ready ? 'ready' : 'created';
    const current = statuses[vm.workload];
    statuses[vm.workload] =
      current === undefined || vmStatus === 'failed' || (current === 'ready' && vmStatus === 'created') ? vmStatus : current;
  }
  return statuses;
};

const vmRecord = (vm: VmPlan, namespace: string): VmRecord => ({
  vmName: vm.name,
  namespace,
  workload: vm.workload,
  ...(vm.role !== undefined && { role: vm.role }),
  cpuCores: vm.cpuCores,
  memory: vm.memory,
  image: vm.image,
  hasDataDisk: vm.dataDisks.length > 0,
  ...(vm.dataDisks[0] && { dataDiskSize: vm.dataDisks[0].size }),
  status: 'planned',
});

/** Planned VMs recorded per transaction. */
const VM_RECORD_BATCH = 1_000;

/** Whether the plan has a Service of `workload` (its Services are built one at a time to read their labels). */
const hasService = (plan: RunPlan, workload: string): boolean => {
  for (const service of plan.kinds.find((planned) => planned.kind === 'Service') ?? []) {
    if (service.metadata?.labels?.[LABEL_WORKLOAD] === workload) return true;
  }
  return false;
};

const workloadRecords = (config: RunConfig, plan: RunPlan): WorkloadRecord[] =>
  config.workloads.map((name) => {
    const vms = plan.vms.filter((vm) => vm.workload === name);
    const first = vms[0];
    return {
      workloadType: name,
      enabled: true,
      vmCount: vms.length,
      cpuCores: first?.cpuCores ?? config.cpuCores,
      memory: first?.memory ?? config.memory,
      hasDataDisk: (first?.dataDisks.length ?? 0) > 0,
      ...(first?.dataDisks[0] && { dataDiskSize: first.dataDisks[0].size }),
      requiresService: hasService(plan, name),
      params: plan.workloads.find((workload) => workload.name === name)?.params ?? {},
      status: 'planned',
    };
  });
