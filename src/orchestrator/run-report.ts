/**
 * What a run did, as the summary table and `run -o json` show it: every VM that exists after the
 * run (created now or found from an earlier run), its readiness, totals, and the cleanup command.
 */
import { LABEL_RUN_ID, type ReadinessMode } from '../constants.js';
import type { VirtworkError } from '../errors.js';
import type { CreateResult } from '../kube/create.js';
import { isFailed, type VmState } from '../kube/readiness.js';
import type { RunPlan } from './plan-types.js';
import { keyOf } from './reconcile-created.js';

export interface VmReport {
  readonly name: string;
  readonly workload: string;
  readonly role?: string;
  /** The VMI phase; undefined when not waited for or no VMI exists yet. */
  readonly phase?: string;
  readonly ready: boolean;
  readonly node?: string;
  /** Made by an earlier run (AlreadyExists): it keeps that run's id. */
  readonly existing: boolean;
  /** For an existing VM: the run id on its label, the run that owns it (absent when it has none). */
  readonly ownerRunId?: string;
  /** From the create response to Ready; undefined for existing VMs and VMs not ready. */
  readonly timeToReadySeconds?: number;
  /** Its VMI failed, or it cannot start until the user acts (a missing cloud-init Secret). */
  readonly failed: boolean;
}

export interface RunTotals {
  /** VMs in the plan. */
  readonly planned: number;
  readonly created: number;
  readonly existing: number;
  readonly ready: number;
  /** Neither ready nor failed: still on its way. ready + notReady + failed is every VM that exists. */
  readonly notReady: number;
  readonly failed: number;
}

export interface RunReport {
  readonly runId: string;
  readonly namespace: string;
  /** The guest OS profile the VMs' cloud-init was written for, when the plan says. */
  readonly guestOs?: string;
  /** What counted as ready. */
  readonly readiness: ReadinessMode;
  /** Only VMs that exist: a fail-fast stop leaves the rest of the plan out. */
  readonly vms: readonly VmReport[];
  readonly totals: RunTotals;
  /** The command that removes what the run reports; undefined when no run owns any of it (nothing created or found). */
  readonly cleanupCommand?: string;
  /** Readiness was waited for (false with --no-wait, or when creation stopped). */
  readonly waited: boolean;
  /** The wait began and an error stopped it (a 401 mid-wait): readiness is unknown, not "not waited for". */
  readonly waitStopped: boolean;
  /** Objects other than VMs this run created (not found existing), by kind: what a stop before the VMs leaves. */
  readonly createdObjects: Readonly<Record<string, number>>;
  /** Why the run did not succeed: the CLI prints the report, then exits with this error's code. */
  readonly failure?: VirtworkError;
}

/** The cluster flags the run was given, so the cleanup hint reaches the same cluster. */
export interface ClusterFlags {
  readonly kubeconfig?: string;
  readonly context?: string;
}

/**
 * The exact command that removes the objects of `runIds` (one run: `--run-id`; several: a label
 * selector naming them all), with the run's `--kubeconfig` and `--context`. It always names the
 * namespace: without `-n`, cleanup looks in the kubeconfig context's namespace, which need not be the run's.
 */
export const cleanupCommandFor = (runIds: readonly string[], namespace: string, flags: ClusterFlags = {}): string => {
  const which = runIds.length === 1 ? `--run-id ${runIds[0]}` : `-l ${shellWord(`${LABEL_RUN_ID} in (${runIds.join(',')})`)}`;
  const cluster = [
    ...(flags.kubeconfig !== undefined ? [`--kubeconfig ${shellWord(flags.kubeconfig)}`] : []),
    ...(flags.context !== undefined ? [`--context ${shellWord(flags.context)}`] : []),
  ];
  return ['virtwork cleanup', which, ...cluster, `-n ${namespace}`].join(' ');
};

/** A word the shell reads back as it is: quoted only when it needs to be. */
const shellWord = (word: string): string => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`);

export interface ReportInput {
  readonly plan: RunPlan;
  /** Confirmed VM creates by name. */
  readonly created: ReadonlyMap<string, CreateResult>;
  /** Objects of every kind this run confirmed, VMs included. */
  readonly confirmed?: readonly CreateResult[];
  /** The wait began and an error stopped it. */
  readonly waitStopped?: boolean;
  /** Readiness by name, when waited for. */
  readonly readiness?: ReadonlyMap<string, VmState>;
  readonly failure?: VirtworkError;
  /** The run id on each existing object, by `Kind/name` (see keyOf). */
  readonly owners?: ReadonlyMap<string, string>;
  readonly clusterFlags?: ClusterFlags;
}

export const buildRunReport = ({ plan, created, confirmed = [], waitStopped = false, readiness, failure, owners = new Map(), clusterFlags }: ReportInput): RunReport => {
  const vms: VmReport[] = [];
  for (const vm of plan.vms) {
    const result = created.get(vm.name);
    if (result === undefined) continue;
    const state = readiness?.get(vm.name);
    const existing = result.outcome === 'existing';
    const ready = state?.ready ?? false;
    const failed = state !== undefined && isFailed(state);
    const report: { -readonly [K in keyof VmReport]: VmReport[K] } = { name: vm.name, workload: vm.workload, ready, existing, failed };
    const owner = existing ? owners.get(keyOf('VirtualMachine', vm.name)) : undefined;
    if (owner !== undefined) report.ownerRunId = owner;
    if (vm.role !== undefined) report.role = vm.role;
    if (state?.phase !== undefined) report.phase = state.phase;
    if (state?.nodeName !== undefined) report.node = state.nodeName;
    if (!existing && ready && state?.readyAt !== undefined) {
      report.timeToReadySeconds = Math.max(0, (state.readyAt - result.answeredAt) / 1000);
    }
    vms.push(report);
  }
  const count = (test: (vm: VmReport) => boolean): number => vms.filter(test).length;
  // The runs owning what this run answered for: itself for what it created, the run on the label of what existed.
  const ownerRunIds = [
    ...new Set(confirmed.flatMap((result) => (result.outcome === 'created' ? [plan.runId] : [owners.get(keyOf(result.kind, result.name)) ?? []].flat()))),
  ].sort();
  return {
    runId: plan.runId,
    namespace: plan.namespace,
    ...(plan.guestOs !== undefined && { guestOs: plan.guestOs }),
    readiness: plan.readiness,
    vms,
    totals: {
      planned: plan.vms.length,
      created: count((vm) => !vm.existing),
      existing: count((vm) => vm.existing),
      ready: count((vm) => vm.ready),
      notReady: count((vm) => !vm.ready && !vm.failed),
      failed: count((vm) => vm.failed),
    },
    ...(ownerRunIds.length > 0 && { cleanupCommand: cleanupCommandFor(ownerRunIds, plan.namespace, clusterFlags) }),
    waited: readiness !== undefined,
    waitStopped,
    createdObjects: countCreated(confirmed),
    ...(failure !== undefined && { failure }),
  };
};

const countCreated = (confirmed: readonly CreateResult[]): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const result of confirmed) {
    if (result.kind !== 'VirtualMachine' && result.outcome === 'created') counts[result.kind] = (counts[result.kind] ?? 0) + 1;
  }
  return counts;
};
