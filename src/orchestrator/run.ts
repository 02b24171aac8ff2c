/**
 * RunOrchestrator: takes a plan to the cluster. API check -> Namespace -> Services -> Secrets
 * (parallel) -> VirtualMachines (parallel, bounded) -> readiness, all under the one AbortSignal that
 * carries SIGINT/SIGTERM. `--timeout` bounds the readiness wait, counted from the end of creation;
 * creation (with its retries) gets a deadline of the same length, so nothing retries forever.
 *
 * Before anything is created, failures throw (nothing to report or clean up). Once creating has
 * begun, `run` resolves with a report whose `failure` says why the run did not succeed, so the CLI
 * can print what exists and the cleanup command before it exits with that failure's code.
 */
import type { ClusterClient } from '../cluster/client.js';
import { NotReadyError, VirtworkError } from '../errors.js';
import type { ApiContext } from '../kube/api.js';
import { httpStatusOf, type RequestTarget } from '../kube/api-errors.js';
import { requireVirtualizationApis } from '../kube/api-check.js';
import type { CreateResult } from '../kube/create.js';
import { isFailed, type VmState } from '../kube/readiness.js';
import type { RetryEvent } from '../kube/retry.js';
import { waitForReady, type WaitEvent, type WaitResult } from '../kube/wait.js';
import type { Logger } from '../logging/logger.js';
import { AdaptiveConcurrency } from './adaptive-concurrency.js';
import { createBatch } from './create-objects.js';
import type { RunPlan } from './plan-types.js';
import { clusterIdentity } from './cluster-identity.js';
import type { RunRecorder } from './run-audit.js';
import { findDeletedObjects } from './deleted-objects.js';
import { findUnconfirmedCreates, keyOf } from './reconcile-created.js';
import { buildRunReport, type ClusterFlags, type ReportInput, type RunReport } from './run-report.js';
import { findExistingOwners } from './existing-owners.js';
import { timeoutSignal } from '../kube/deadline.js';

export interface RunDeps {
  /** Builds the cluster client (kubeconfig chain); called once per run, never for a dry run. */
  readonly connect: () => ClusterClient;
  readonly logger: Logger;
  /** Every VM's state after every change, the live map itself (counting it is the reader's job, when it draws): for the progress display. */
  readonly onProgress?: (states: ReadonlyMap<string, VmState>) => void;
  /** While creating: how many objects of `kind` are created (or found) of the plan's `total`. */
  readonly onCreateProgress?: (step: { readonly kind: string; readonly done: number; readonly total: number }) => void;
  /** Records each created object and each VM that turns ready or fails (the run's RunAudit); default: nothing. */
  readonly recorder?: RunRecorder;
}

export interface RunOptions {
  /** false with --no-wait: return right after creation. */
  readonly wait: boolean;
  /** Bounds the readiness wait, and separately creation with its retries. */
  readonly timeoutSeconds: number;
  /** Create requests in flight: `auto` adapts to the server's answers (one limit for the whole run). */
  readonly vmConcurrency: number | 'auto';
  /** Aborted by SIGINT/SIGTERM, with an InterruptedError as reason. */
  readonly signal: AbortSignal;
  /** The run's --kubeconfig and --context, for the cleanup hint. */
  readonly clusterFlags?: ClusterFlags;
}

export class RunOrchestrator {
  readonly #recorder: RunRecorder;

  constructor(private readonly deps: RunDeps) {
    this.#recorder = deps.recorder ?? { connected: () => undefined, created: () => undefined, owned: () => undefined, transition: () => undefined };
  }

  async run(plan: RunPlan, options: RunOptions): Promise<RunReport> {
    const { logger } = this.deps;
    const cluster = this.deps.connect();
    try {
      let retries = 0;
      const ctx: ApiContext = {
        cluster,
        signal: withDeadline(options),
        onRetry: (target, event) => {
          retries++;
          logRetry(logger, target, event);
        },
      };
      logger.info({ server: cluster.server, context: cluster.contextName, runId: plan.runId }, 'connecting to the cluster');
      this.#recorder.connected(clusterIdentity(cluster));
      try {
        await requireVirtualizationApis(ctx);
      } catch (error) {
        throw ctx.signal.aborted ? abortFailure(ctx.signal.reason, 'connecting', options) : error;
      }
      const report = await this.#createAndWait(ctx, plan, options);
      if (report.failure) logger.error({ runId: plan.runId, totals: report.totals, retries, err: report.failure.message }, 'run failed');
      else logger.info({ runId: plan.runId, totals: report.totals, retries }, 'run finished');
      return report;
    } finally {
      await cluster.close();
    }
  }

  async #createAndWait(ctx: ApiContext, plan: RunPlan, options: RunOptions): Promise<RunReport> {
    const { logger } = this.deps;
    const created = new Map<string, CreateResult>();
    const confirmed = new Set<string>();
    const results: CreateResult[] = [];
    let owners = new Map<string, string>();
    const report = (rest: Pick<ReportInput, 'readiness' | 'waitStopped' | 'failure'> = {}): RunReport =>
      buildRunReport({ plan, created, confirmed: results, owners, ...(options.clusterFlags && { clusterFlags: options.clusterFlags }), ...rest });
    try {
      await this.#create(ctx, plan, options, created, confirmed, results);
    } catch (error) {
      const failure = ctx.signal.aborted ? abortFailure(ctx.signal.reason, 'creating', options) : asRunError(error);
      await this.#recordUnconfirmedCreates(ctx, plan, created, confirmed, results);
      logger.error({ err: failure.message, created: created.size }, 'creation stopped');
      return report({ failure });
    }
    owners = await this.#ownersOfExisting(ctx, plan, results);
    if (!options.wait) return report();

    try {
      const waited = await this.#wait({ ...ctx, signal: withDeadline(options) }, plan);
      // The deadline may have passed already: the check gets a few seconds of its own, and still ends on an interrupt.
      const checkCtx: ApiContext = { ...ctx, signal: AbortSignal.any([options.signal, AbortSignal.timeout(CHECK_TIMEOUT_MS)]) };
      const deleted = endedByTheCluster(waited)
        ? await findDeletedObjects(checkCtx, plan).catch((error: unknown) => {
            logger.warn({ err: String(error) }, 'could not check that the run’s objects are all still there');
            return [];
          })
        : [];
      if (deleted.length > 0) {
        logger.error({ deleted: deleted.length }, 'objects of this run were deleted while it ran');
        return report({ readiness: waited.vms, failure: deletedFailure(deleted) });
      }
      return report({ readiness: waited.vms, ...failureOf(waited, options, plan.namespace) });
    } catch (error) {
      // the VMI list itself was refused or kept failing: still report what exists
      return report({ waitStopped: true, failure: asRunError(error) });
    }
  }

  /** Namespace, then Services, then Secrets, then VMs; each step only when the one before succeeded. */
  async #create(
    ctx: ApiContext,
    plan: RunPlan,
    options: RunOptions,
    created: Map<string, CreateResult>,
    confirmed: Set<string>,
    results: CreateResult[],
  ): Promise<void> {
    const { logger } = this.deps;
    const concurrency = options.vmConcurrency === 'auto' ? this.#adaptiveConcurrency() : options.vmConcurrency;
    for (const planned of plan.kinds) {
      const { kind } = planned;
      const total = planned.names.length;
      let existing = 0;
      let done = 0;
      this.deps.onCreateProgress?.({ kind, done, total });
      // Each object is built as it is sent and let go once answered, whatever the number of VMs.
      await createBatch(ctx, planned, {
        concurrency,
        onCreated: (result) => {
          this.deps.onCreateProgress?.({ kind, done: ++done, total });
          confirmed.add(keyOf(result.kind, result.name));
          results.push(result);
          this.#recorder.created(result);
          if (result.outcome === 'existing') existing++;
          if (kind === 'VirtualMachine') created.set(result.name, result);
          logger.debug({ kind, name: result.name, outcome: result.outcome }, `${kind} ${result.outcome}`);
        },
      });
      const reached = typeof concurrency === 'number' ? {} : { concurrency: { max: concurrency.highest, final: concurrency.limit } };
      logger.info({ kind, count: total, existing, ...reached }, `created ${kind} objects`);
    }
  }

  /** `--vm-concurrency auto`: each change of the limit is logged at debug level. */
  #adaptiveConcurrency(): AdaptiveConcurrency {
    const { logger } = this.deps;
    return new AdaptiveConcurrency({
      onChange: ({ from, to, reason }) => logger.debug({ from, to, reason }, `create concurrency ${to > from ? 'raised' : 'lowered'} to ${to}`),
    });
  }

  /** The runs owning the objects found already there, recorded; none when the lists fail (the hint then names only this run). */
  async #ownersOfExisting(ctx: ApiContext, plan: RunPlan, results: readonly CreateResult[]): Promise<Map<string, string>> {
    if (!results.some((r) => r.outcome === 'existing')) return new Map();
    try {
      const owners = await findExistingOwners(ctx, plan.namespace, results);
      this.#recorder.owned(owners);
      return owners;
    } catch (error) {
      this.deps.logger.warn({ err: String(error) }, 'could not read which runs own the objects found already there');
      return new Map();
    }
  }

  /** Creates that were in flight when creation stopped, found on the cluster: recorded, and reported, as created. */
  async #recordUnconfirmedCreates(
    ctx: ApiContext,
    plan: RunPlan,
    created: Map<string, CreateResult>,
    confirmed: ReadonlySet<string>,
    results: CreateResult[],
  ): Promise<void> {
    const found = await findUnconfirmedCreates(ctx, plan, confirmed);
    for (const { kind, name } of found) {
      const result: CreateResult = { kind, name, outcome: 'created', answeredAt: performance.now() };
      results.push(result);
      this.#recorder.created(result);
      if (kind === 'VirtualMachine') created.set(name, result);
    }
    if (found.length > 0) this.deps.logger.info({ count: found.length }, 'objects whose create was in flight exist: counted as created');
  }

  async #wait(ctx: ApiContext, plan: RunPlan): Promise<WaitResult> {
    const { logger, onProgress } = this.deps;
    const names = plan.vms.map((vm) => vm.name);
    const initial = new Map(names.map((name) => [name, { name, ready: false }]));
    onProgress?.(initial);
    return waitForReady(ctx, {
      namespace: plan.namespace,
      names,
      onTransition: (state, previous, all) => {
        this.#recorder.transition(state, previous);
        logTransition(logger, state, previous);
        onProgress?.(all);
      },
      onEvent: (event) => logWaitEvent(logger, event),
      readiness: plan.readiness,
    });
  }
}

/** The interrupt signal, also aborted with a TimeoutError `--timeout` seconds from now. */
const withDeadline = (options: RunOptions): AbortSignal =>
  AbortSignal.any([options.signal, timeoutSignal(options.timeoutSeconds * 1000)]);

/** How long the check for deleted objects after the wait may take. */
const CHECK_TIMEOUT_MS = 10_000;

/** Every VM ready, or the deadline passed: the cluster's answer, which a concurrent cleanup may have changed. */
const endedByTheCluster = (waited: WaitResult): boolean =>
  waited.outcome.kind === 'ready' ||
  (waited.outcome.kind === 'aborted' && waited.outcome.reason instanceof DOMException && waited.outcome.reason.name === 'TimeoutError');

const deletedFailure = (deleted: readonly string[]): VirtworkError =>
  new VirtworkError(
    `${deleted.length} of this run's objects were deleted while it ran (a cleanup at the same time?): ${listNames(deleted)}; ` +
      'its VMs cannot boot again, nor its clients reach their servers: run the same command again to recreate them',
  );

/** Why a finished wait is not a success (none when every VM is ready): what `run` and `wait` exit with. */
export const failureOf = (waited: WaitResult, options: Pick<RunOptions, 'timeoutSeconds'>, namespace: string): { failure?: VirtworkError } => {
  const { outcome } = waited;
  switch (outcome.kind) {
    case 'ready':
      return {};
    case 'failed': {
      const { vm } = outcome;
      const what = vm.phase === 'Failed' ? 'failed' : 'cannot start';
      return { failure: new VirtworkError(`VM ${vm.name} ${what}: ${vm.failureReason ?? 'VMI phase Failed'}`) };
    }
    case 'aborted':
      return { failure: abortFailure(outcome.reason, 'waiting', options, waited.vms, namespace) };
  }
};

/** Why the run's signal aborted, as the error the CLI exits with. */
const abortFailure = (
  reason: unknown,
  phase: 'connecting' | 'creating' | 'waiting',
  options: Pick<RunOptions, 'timeoutSeconds'>,
  vms?: ReadonlyMap<string, VmState>,
  namespace?: string,
): VirtworkError => {
  if (reason instanceof VirtworkError) return reason;
  if (reason instanceof DOMException && reason.name === 'TimeoutError') {
    if (phase === 'waiting' && vms) {
      const notReady = [...vms.values()].filter((vm) => !vm.ready).map((vm) => vm.name);
      const first = notReady[0] ?? '<vm>';
      const ns = namespace === undefined ? '' : ` -n ${namespace}`;
      return new NotReadyError(
        `${notReady.length} of ${vms.size} VMs not ready after ${options.timeoutSeconds}s: ${listNames(notReady)}; ` +
          `see why with virtctl console ${first}${ns} (the guest's boot and cloud-init) or kubectl describe vmi ${first}${ns} (its conditions and events)`,
        notReady,
      );
    }
    return new VirtworkError(`timed out after ${options.timeoutSeconds}s while ${phase} (--timeout)`, { cause: reason });
  }
  return new VirtworkError(`cancelled while ${phase}`, { cause: reason });
};

const asRunError = (error: unknown): VirtworkError =>
  error instanceof VirtworkError ? error : new VirtworkError(error instanceof Error ? error.message : String(error), { cause: error });

const listNames = (names: readonly string[], max = 20): string =>
  names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;

const logRetry = (logger: Logger, target: RequestTarget, event: RetryEvent): void => {
  logger.debug(
    { verb: target.verb, resource: target.resource, name: target.name, attempt: event.attempt, delayMs: event.delayMs, status: httpStatusOf(event.error) },
    'retrying a request',
  );
};

/** A VM that failed, or cannot start until someone acts, is an error; every other step is info. */
export const logTransition = (logger: Logger, state: VmState, previous: VmState): void => {
  logger[isFailed(state) ? 'error' : 'info'](
    { vm: state.name, phase: state.phase ?? null, ready: state.ready, node: state.nodeName ?? null, from: previous.phase ?? null, ...(state.failureReason && { reason: state.failureReason }) },
    state.ready ? 'VM ready' : `VM ${state.phase ?? 'has no VMI'}`,
  );
};

export const logWaitEvent = (logger: Logger, event: WaitEvent): void => {
  if (event.type === 'polling') logger.warn({ err: String(event.error) }, 'watching VMIs is not allowed; polling instead');
  else if (event.type === 'mount-check-failed') {
    logger.warn({ err: String(event.error) }, 'cannot list launcher pod events; a missing cloud-init Secret shows only as a timeout');
  } else if (event.type === 'watch-ended') logger.debug({ reason: event.reason }, 'VMI watch ended; resuming');
  else logger.debug({ resourceVersion: event.resourceVersion }, 'listed VMIs');
};
