/**
 * `virtwork cleanup`: find everything virtwork made in a namespace by label, optionally only one
 * run's objects, and delete it kind by kind. One label-selected list per kind first (counts, names
 * and run ids), then one deletecollection per kind, so the cost does not grow with the VM count.
 * A failing kind or object never stops the others: failures are collected into the result.
 * Everything is recorded in the audit trail as it happens.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import type { Auditor } from '../audit/auditor.js';
import type { CleanupCounts, ResourceKind } from '../audit/records.js';
import { LABEL_RUN_ID } from '../constants.js';
import { VirtworkError } from '../errors.js';
import type { ApiContext } from '../kube/api.js';
import {
  deleteByLabel,
  deleteNamespace,
  waitUntilGone,
  waitUntilNamespaceGone,
  type DeleteResult,
  type LabelledName,
} from '../kube/delete.js';
import { managedSelector } from '../kube/labels.js';
import { listProjected, MANAGED_KINDS, type ManagedKind } from '../kube/list.js';
import { timeoutSignal } from '../kube/deadline.js';
import { decideNamespace, type NamespaceDecision } from './cleanup-namespace.js';
import { clusterIdentity } from './cluster-identity.js';

export interface CleanupOptions {
  readonly namespace: string;
  /** Only this run's objects (`--run-id`); all managed objects when absent. */
  readonly runId?: string;
  /** `-l`: a validated label selector that narrows the managed objects further. */
  readonly selector?: string;
  readonly deleteNamespace: boolean;
  readonly dryRun: boolean;
  /** Wait until the deleted objects are gone, up to `timeoutSeconds`. */
  readonly wait: boolean;
  readonly timeoutSeconds: number;
}

export interface CleanupDeps {
  readonly api: ApiContext;
  readonly auditor: Auditor;
  /** This cleanup's own id in the audit trail. */
  readonly executionId: string;
  /** For the audit row. */
  readonly kubeconfigPath?: string;
  /**
   * Asked after listing, before deleting, with what would go. Resolves false to cancel; throws to
   * refuse (a non-TTY without --yes). Absent: proceed.
   */
  readonly confirm?: (plan: CleanupPlan) => Promise<boolean>;
  /** Progress notes (a kind fell back to single deletes): for the log. */
  readonly onNote?: (message: string, fields: Record<string, unknown>) => void;
}

export interface FoundObject {
  readonly name: string;
  /** Its `virtwork/run-id` label. */
  readonly runId?: string;
}

/** What a cleanup found, before deleting anything. */
export interface CleanupPlan {
  readonly namespace: string;
  readonly labelSelector: string;
  /** Objects per kind, as the label-selected lists returned them. */
  readonly objects: Readonly<Record<ManagedKind, readonly FoundObject[]>>;
  /** Unique run ids on the objects found, sorted. */
  readonly runIds: readonly string[];
  /** With --delete-namespace: whether the namespace goes, or why it stays. */
  readonly namespaceDecision?: NamespaceDecision;
}

export interface CleanupFailure {
  readonly kind: ManagedKind | 'Namespace';
  readonly name?: string;
  readonly message: string;
}

export interface CleanupResult {
  readonly executionId: string;
  readonly plan: CleanupPlan;
  readonly dryRun: boolean;
  /** The user answered no at the confirmation prompt: nothing was deleted. */
  readonly cancelled: boolean;
  readonly deleted: Readonly<Record<ManagedKind, number>>;
  readonly namespaceDeleted: boolean;
  /** Why the namespace was kept, with --delete-namespace. */
  readonly namespaceKeptReason?: string;
  readonly failures: readonly CleanupFailure[];
  /** With --wait: objects still present at the deadline. */
  readonly stillPresent: readonly { readonly kind: ManagedKind | 'Namespace'; readonly name: string }[];
}

export const runCleanup = async (options: CleanupOptions, deps: CleanupDeps): Promise<CleanupResult> => {
  const { auditor, executionId } = deps;
  const labelSelector = managedSelector(options.runId, options.selector);
  auditor.startExecution({
    runId: executionId,
    command: 'cleanup',
    namespace: options.namespace,
    kubeconfigPath: deps.kubeconfigPath,
    clusterContext: deps.api.cluster.contextName,
    dryRun: options.dryRun,
    cleanupMode: options.runId === undefined ? 'all' : 'run-id',
    waitForReady: options.wait,
    readyTimeoutSeconds: options.timeoutSeconds,
  });
  auditor.recordCluster(executionId, clusterIdentity(deps.api.cluster));
  auditor.recordEvent(executionId, {
    type: 'cleanup_started',
    message: `cleanup of ${labelSelector} in namespace ${options.namespace}`,
    details: { labelSelector, deleteNamespace: options.deleteNamespace, dryRun: options.dryRun },
  });
  // What has been deleted so far, by kind: kept outside the steps, so an interrupt can record it.
  const deleted = zeroCounts();
  let deleting = false;
  try {
    const plan = await planCleanup(deps.api, options, labelSelector);
    auditor.linkRuns(executionId, plan.runIds);
    let result: CleanupResult;
    if (options.dryRun) result = emptyResult(executionId, plan, { dryRun: true });
    else if ((await deps.confirm?.(plan)) === false) result = emptyResult(executionId, plan, { cancelled: true });
    else {
      deleting = true;
      result = await executeCleanup(plan, options, deps, deleted);
    }
    recordOutcome(auditor, result);
    return result;
  } catch (error) {
    const interrupted = deps.api.signal.aborted;
    if (deleting) auditor.recordCleanupCounts(executionId, { ...countsOf(deleted), namespaceDeleted: false });
    auditor.completeExecution(executionId, {
      status: interrupted ? 'interrupted' : 'failed',
      errorSummary: error instanceof Error ? error.message : String(error),
    });
    throw error;
  }
};

/** Lists every managed kind by the selector (one request per kind, in parallel) and decides about the namespace. */
export const planCleanup = async (api: ApiContext, options: CleanupOptions, labelSelector: string): Promise<CleanupPlan> => {
  const [lists, namespaceDecision] = await Promise.all([
    // Each object cut down to its name and run id as its page arrives: 10,000 VMs never sit whole in memory.
    Promise.all(MANAGED_KINDS.map((kind) => listProjected(api, kind, options.namespace, labelSelector, toFound))),
    options.deleteNamespace ? decideNamespace(api, options.namespace, options.runId) : undefined,
  ]);
  const objects = Object.fromEntries(
    MANAGED_KINDS.map((kind, i) => [kind, lists[i]?.items ?? []]),
  ) as Record<ManagedKind, FoundObject[]>;
  const runIds = new Set(lists.flatMap((list) => list.items.map((found) => found.runId)).filter((id): id is string => id !== undefined));
  return {
    namespace: options.namespace,
    labelSelector,
    objects,
    runIds: [...runIds].sort(),
    ...(namespaceDecision ? { namespaceDecision } : {}),
  };
};

const executeCleanup = async (
  plan: CleanupPlan,
  options: CleanupOptions,
  deps: CleanupDeps,
  deleted: Record<ManagedKind, number>,
): Promise<CleanupResult> => {
  const { api, auditor, executionId } = deps;
  const failures: CleanupFailure[] = [];
  const results: DeleteResult[] = [];
  // Kinds go one after the other, VMs first, so a VM never outlives the Secret it boots from.
  for (const kind of MANAGED_KINDS) {
    const result = await deleteByLabel(api, {
      kind,
      namespace: plan.namespace,
      labelSelector: plan.labelSelector,
      objects: plan.objects[kind],
      onFallback: (k, error) =>
        deps.onNote?.('deletecollection refused; deleting one by one', { kind: k, reason: error.message }),
      // Counted and recorded as they go: an interrupt half-way leaves the right counts behind.
      onDeleted: (objects) => {
        deleted[kind] += objects.length;
        recordDeletions(auditor, executionId, plan, kind, objects);
      },
    });
    results.push(result);
    failures.push(...result.failures.map((f) => ({ kind: f.kind, ...(f.name ? { name: f.name } : {}), message: f.error.message })));
  }
  // Objects a run created after the list were deleted too: their runs are linked as well.
  const deletedRunIds = new Set(results.flatMap((r) => r.deleted.flatMap((o) => (o.runId === undefined ? [] : [o.runId]))));
  if ([...deletedRunIds].some((id) => !plan.runIds.includes(id))) auditor.linkRuns(executionId, [...new Set([...plan.runIds, ...deletedRunIds])].sort());

  let namespaceDeleted = false;
  if (plan.namespaceDecision?.action === 'delete') {
    try {
      await deleteNamespace(api, plan.namespace);
      namespaceDeleted = true;
      auditor.recordResources(executionId, [{ kind: 'Namespace', name: plan.namespace, namespace: plan.namespace, status: 'deleted' }]);
    } catch (error) {
      api.signal.throwIfAborted();
      failures.push({ kind: 'Namespace', name: plan.namespace, message: messageOf(error) });
    }
  }

  const stillPresent = options.wait ? await waitForDeletion(api, plan, results, namespaceDeleted, options.timeoutSeconds) : [];
  if (stillPresent.length > 0) {
    failures.push({
      kind: stillPresent[0]?.kind ?? 'VirtualMachine',
      message: `${stillPresent.length} object(s) still present after ${options.timeoutSeconds}s: ${stillPresent
        .slice(0, 5)
        .map((o) => `${o.kind}/${o.name}`)
        .join(', ')}${stillPresent.length > 5 ? ' ...' : ''}`,
    });
  }
  return {
    executionId,
    plan,
    dryRun: false,
    cancelled: false,
    deleted,
    namespaceDeleted,
    ...(plan.namespaceDecision?.action === 'keep' ? { namespaceKeptReason: plan.namespaceDecision.reason } : {}),
    failures,
    stillPresent,
  };
};

const waitForDeletion = async (
  api: ApiContext,
  plan: CleanupPlan,
  results: readonly DeleteResult[],
  namespaceDeleted: boolean,
  timeoutSeconds: number,
): Promise<CleanupResult['stillPresent']> => {
  const bounded: ApiContext = { ...api, signal: AbortSignal.any([api.signal, timeoutSignal(timeoutSeconds * 1000)]) };
  const [objects, namespaceGone] = await Promise.all([
    waitUntilGone(
      bounded,
      results.map((r) => ({ kind: r.kind, namespace: plan.namespace, labelSelector: plan.labelSelector, names: r.deleted.map((o) => o.name) })),
    ),
    namespaceDeleted ? waitUntilNamespaceGone(bounded, plan.namespace) : true,
  ]);
  // SIGINT/SIGTERM while waiting is an interrupt, not a timeout.
  api.signal.throwIfAborted();
  return [...objects, ...(namespaceGone ? [] : [{ kind: 'Namespace' as const, name: plan.namespace }])];
};

const AUDIT_KIND: Readonly<Record<Exclude<ManagedKind, 'VirtualMachine'>, ResourceKind>> = {
  DataVolume: 'DataVolume',
  PersistentVolumeClaim: 'PVC',
  Secret: 'Secret',
  Service: 'Service',
};

/** VMs are marked deleted in the runs that made them; other kinds are listed under this cleanup. */
const recordDeletions = (
  auditor: Auditor,
  executionId: string,
  plan: CleanupPlan,
  managedKind: ManagedKind,
  objects: readonly LabelledName[],
): void => {
  if (objects.length === 0) return;
  if (managedKind === 'VirtualMachine') {
    auditor.markVmsDeleted(
      objects.flatMap(({ name, runId }) => (runId === undefined ? [] : [{ runId, namespace: plan.namespace, vmName: name }])),
    );
    return;
  }
  const kind = AUDIT_KIND[managedKind];
  auditor.recordResources(
    executionId,
    objects.map(({ name }) => ({ kind, name, namespace: plan.namespace, status: 'deleted' as const })),
  );
};

const countsOf = (deleted: Readonly<Record<ManagedKind, number>>): Omit<CleanupCounts, 'namespaceDeleted'> => ({
  vms: deleted.VirtualMachine,
  services: deleted.Service,
  secrets: deleted.Secret,
  dataVolumes: deleted.DataVolume,
  pvcs: deleted.PersistentVolumeClaim,
});

const recordOutcome = (auditor: Auditor, result: CleanupResult): void => {
  auditor.recordCleanupCounts(result.executionId, { ...countsOf(result.deleted), namespaceDeleted: result.namespaceDeleted });
  auditor.recordEvent(result.executionId, {
    type: 'cleanup_completed',
    message: result.dryRun
      ? 'dry run: nothing deleted'
      : result.cancelled
        ? 'declined at the confirmation prompt: nothing deleted'
        : `deleted ${Object.values(result.deleted).reduce((a, b) => a + b, 0)} object(s)`,
    details: {
      deleted: result.deleted,
      runIds: result.plan.runIds,
      namespaceDeleted: result.namespaceDeleted,
      ...(result.namespaceKeptReason ? { namespaceKeptReason: result.namespaceKeptReason } : {}),
      failures: result.failures,
    },
  });
  auditor.completeExecution(result.executionId, {
    status: result.failures.length > 0 ? 'failed' : result.cancelled ? 'declined' : 'success',
    ...(result.failures.length > 0 ? { errorSummary: summarizeFailures(result.failures) } : {}),
    ...(result.cancelled ? { errorSummary: 'declined at the confirmation prompt' } : {}),
  });
};

export const summarizeFailures = (failures: readonly CleanupFailure[]): string =>
  failures.map((f) => `${f.kind}${f.name ? `/${f.name}` : ''}: ${f.message}`).join('; ');

const emptyResult = (executionId: string, plan: CleanupPlan, how: { dryRun?: boolean; cancelled?: boolean }): CleanupResult => ({
  executionId,
  plan,
  dryRun: how.dryRun ?? false,
  cancelled: how.cancelled ?? false,
  deleted: zeroCounts(),
  namespaceDeleted: false,
  ...(plan.namespaceDecision?.action === 'keep' ? { namespaceKeptReason: plan.namespaceDecision.reason } : {}),
  failures: [],
  stillPresent: [],
});

/** Exit code 1 when anything failed; the CLI throws this after printing the result. */
export class CleanupFailedError extends VirtworkError {
  constructor(readonly failures: readonly CleanupFailure[]) {
    super(`cleanup finished with ${failures.length} failure(s): ${summarizeFailures(failures)}`);
    this.name = 'CleanupFailedError';
  }
}

const zeroCounts = (): Record<ManagedKind, number> =>
  Object.fromEntries(MANAGED_KINDS.map((kind) => [kind, 0])) as Record<ManagedKind, number>;
const toFound = (object: KubernetesObject): FoundObject => {
  const runId = runIdOf(object);
  return { name: object.metadata?.name ?? '', ...(runId !== undefined ? { runId } : {}) };
};
const runIdOf = (object: KubernetesObject): string | undefined => object.metadata?.labels?.[LABEL_RUN_ID];
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
