/**
 * Waits for the planned VMs to be ready with ONE label-selected list+watch of VMIs per namespace,
 * whatever the number of VMs: list, then watch from the list's resourceVersion; re-list when the
 * watch says the resourceVersion expired (410); reconnect from the last seen resourceVersion when the
 * stream ends. Polling (a list every few seconds) when the watch verb is refused (403), and before
 * each try once watches keep failing.
 * Beside it, VMIs that stay in Scheduling get their launcher pods' mount failures looked up
 * (mount-failures.ts): a missing cloud-init Secret fails the wait instead of running out the clock.
 * Not client-node's ListWatch: it re-lists after every watch that ends (no resume from the last
 * resourceVersion, so a server closing streams every few minutes costs a full list of thousands of
 * VMIs each time), stops for good on the first watch error, and has no polling fallback for a 403.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { V1VirtualMachineInstance } from '@kubevirt-ui-ext/kubevirt-api/kubevirt';
import type { ReadinessMode } from '../constants.js';
import type { ApiContext } from './api.js';
import { managedSelector } from './labels.js';
import { httpStatusOf, isRetryable, toRunError, type RequestTarget } from './api-errors.js';
import { collectionPath, resourceOf } from './kind-calls.js';
import { pagesOf } from './list.js';
import { watchMountFailures, type MountCheckOptions } from './mount-failures.js';
import { ReadinessTracker, type VmState } from './readiness.js';
import { DEFAULT_RETRY_POLICY, retryDelayMs } from './retry.js';

export interface WaitOptions {
  readonly namespace: string;
  /** The planned VM names; a VMI is matched to its VM by name. */
  readonly names: readonly string[];
  /** Every phase or readiness change of a planned VM (for logs and the progress line). */
  readonly onTransition?: (state: VmState, previous: VmState, all: ReadonlyMap<string, VmState>) => void;
  /** How the wait is going: the watch (re)connected, expired, or fell back to polling. */
  readonly onEvent?: (event: WaitEvent) => void;
  /** Interval of the polling fallback. @default 2000 */
  readonly pollIntervalMs?: number;
  /** When VMIs stuck in Scheduling get their launcher pods' mount failures looked up. */
  readonly mountCheck?: Omit<MountCheckOptions, 'onError'>;
  /** What ready means: the VMI's Ready condition, or with `running` its phase. @default 'http' */
  readonly readiness?: ReadinessMode;
}

export type WaitEvent =
  | { readonly type: 'listed'; readonly resourceVersion: string | undefined }
  | { readonly type: 'watch-ended'; readonly reason: 'closed' | 'expired' | 'error'; readonly error?: unknown }
  | { readonly type: 'polling'; readonly error: unknown }
  /** Looking up launcher pods' mount failures failed; the wait goes on without it. */
  | { readonly type: 'mount-check-failed'; readonly error: unknown };

export type WaitOutcome =
  | { readonly kind: 'ready' }
  /** A VMI reached phase Failed, or cannot start until the user acts; waiting stopped at once. */
  | { readonly kind: 'failed'; readonly vm: VmState }
  /** The signal aborted (deadline, SIGINT, SIGTERM); `reason` is the signal's reason. */
  | { readonly kind: 'aborted'; readonly reason: unknown };

export interface WaitResult {
  readonly outcome: WaitOutcome;
  readonly vms: ReadonlyMap<string, VmState>;
}

/** Selects every VMI virtwork made (KubeVirt copies the VM template's labels onto the VMI). */
const MANAGED_SELECTOR = managedSelector();

const VMIS = resourceOf('VirtualMachineInstance');

type WatchEnd =
  | { readonly kind: 'settled' }
  | { readonly kind: 'aborted' }
  | { readonly kind: 'closed'; readonly sawEvents: boolean }
  | { readonly kind: 'expired' }
  | { readonly kind: 'error'; readonly error: unknown; readonly sawEvents: boolean };

/**
 * Resolves when every planned VM is ready, one VMI failed, or `ctx.signal` aborted; throws only when
 * the cluster refuses the list (RBAC, missing API) or keeps failing it after retries.
 */
export const waitForReady = async (ctx: ApiContext, options: WaitOptions): Promise<WaitResult> => {
  // Aborted once the tracker settles, whoever settled it: the watch or the mount check.
  const settled = new AbortController();
  const tracker: ReadinessTracker = new ReadinessTracker(
    options.names,
    (state, previous) => {
      options.onTransition?.(state, previous, tracker.states);
      if (tracker.settled) settled.abort();
    },
    undefined,
    options.readiness,
  );
  const inner: ApiContext = { ...ctx, signal: AbortSignal.any([ctx.signal, settled.signal]) };
  const result = (outcome: WaitOutcome): WaitResult => ({ outcome, vms: tracker.states });
  const mountCheck = watchMountFailures(inner, options.namespace, tracker, {
    ...options.mountCheck,
    onError: (error) => options.onEvent?.({ type: 'mount-check-failed', error }),
  });
  try {
    await follow(inner, options, tracker);
  } catch (error) {
    if (!inner.signal.aborted) throw error;
  } finally {
    settled.abort();
    await mountCheck;
  }
  if (ctx.signal.aborted && !tracker.settled) return result({ kind: 'aborted', reason: ctx.signal.reason });
  const failed = tracker.failed;
  return result(failed ? { kind: 'failed', vm: failed } : { kind: 'ready' });
};

/** Watches that fail in a row, without an event, before each further try is preceded by a list. */
const FAILED_WATCHES_BEFORE_LISTING = 3;

/**
 * Lists, then watches from the list's resourceVersion until every VM is settled. A stream that ends
 * after delivering events (the server closed it, or the connection dropped) is resumed at once from
 * the last resourceVersion, as kubectl and client-go's reflector do. A watch that fails before any
 * event backs off, and after a few such failures in a row every further try starts with a list, so
 * the answer keeps following the cluster even when no watch ever gets through.
 */
const follow = async (ctx: ApiContext, options: WaitOptions, tracker: ReadinessTracker): Promise<void> => {
  const { namespace } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 2000;
  let resourceVersion: string | undefined;
  let polling = false;
  let failedWatches = 0;
  while (!tracker.settled && !ctx.signal.aborted) {
    if (resourceVersion === undefined || polling) {
      if (polling) await sleep(pollIntervalMs, undefined, { signal: ctx.signal });
      resourceVersion = await listInto(ctx, namespace, tracker);
      options.onEvent?.({ type: 'listed', resourceVersion });
      // a list without a resourceVersion gives a watch nowhere to start from
      if (resourceVersion === undefined) polling = true;
      continue;
    }
    let lastVersion: string = resourceVersion;
    const end = await watchOnce(ctx, namespace, lastVersion, (type, object) => {
      const applied = applyEvent(tracker, type, object);
      if (applied === EXPIRED) return { kind: 'expired' };
      if (applied.resourceVersion !== undefined) lastVersion = applied.resourceVersion;
      return tracker.settled ? { kind: 'settled' } : undefined;
    });
    resourceVersion = lastVersion;
    switch (end.kind) {
      case 'settled':
      case 'aborted':
        return;
      case 'expired':
        options.onEvent?.({ type: 'watch-ended', reason: 'expired' });
        resourceVersion = undefined;
        break;
      case 'closed':
      case 'error': {
        options.onEvent?.(
          end.kind === 'closed' ? { type: 'watch-ended', reason: 'closed' } : { type: 'watch-ended', reason: 'error', error: end.error },
        );
        // A stream that delivered events did its job however it ended: resume from where it stopped.
        if (end.sawEvents) {
          failedWatches = 0;
          break;
        }
        const status = end.kind === 'error' ? httpStatusOf(end.error) : undefined;
        if (end.kind === 'error' && status === 403) {
          polling = true;
          options.onEvent?.({ type: 'polling', error: end.error });
          break;
        }
        if (status === 410) {
          resourceVersion = undefined;
          break;
        }
        if (end.kind === 'error' && status !== undefined && !isRetryable(end.error)) {
          throw toRunError(end.error, watchTarget(namespace), ctx.cluster);
        }
        // A watch that fails (or closes at once) again and again must not become a busy loop, nor
        // leave the answer stale: back off, and past a few failures list before each new try.
        failedWatches++;
        if (failedWatches >= FAILED_WATCHES_BEFORE_LISTING) {
          await sleep(pollIntervalMs, undefined, { signal: ctx.signal });
          resourceVersion = undefined;
        } else {
          await pause(ctx, failedWatches);
        }
        break;
      }
    }
  }
};

const watchTarget = (namespace: string): RequestTarget => ({
  verb: 'watch',
  resource: VMIS,
  namespace,
});

/** Lists the managed VMIs into the tracker a page at a time (10,000 in one answer are tens of MB); returns the list's resourceVersion. */
const listInto = async (ctx: ApiContext, namespace: string, tracker: ReadinessTracker): Promise<string | undefined> => {
  const listed = new Set<string>();
  let resourceVersion: string | undefined;
  for await (const page of pagesOf(ctx, 'VirtualMachineInstance', namespace, MANAGED_SELECTOR)) {
    if (page.restarted) listed.clear();
    // The KubeVirt API types and client-node's describe the same JSON, with different optional fields.
    for (const vmi of page.items as unknown as readonly V1VirtualMachineInstance[]) {
      tracker.observe(vmi);
      if (vmi.metadata?.name) listed.add(vmi.metadata.name);
    }
    resourceVersion = page.resourceVersion;
  }
  tracker.forgetAllBut(listed);
  return resourceVersion;
};

const EXPIRED = Symbol('expired');

/** Applies one watch event; returns its resourceVersion, or EXPIRED for an ERROR event. */
const applyEvent = (
  tracker: ReadinessTracker,
  type: string,
  object: unknown,
): { readonly resourceVersion?: string | undefined } | typeof EXPIRED => {
  // An ERROR event is a Status, usually 410 Expired; whatever it says, the watch cannot go on from
  // this resourceVersion, so every ERROR means: re-list.
  if (type === 'ERROR') return EXPIRED;
  const vmi = object as V1VirtualMachineInstance;
  if (type === 'ADDED' || type === 'MODIFIED') tracker.observe(vmi);
  else if (type === 'DELETED' && vmi.metadata?.name) tracker.forget(vmi.metadata.name);
  return { resourceVersion: vmi.metadata?.resourceVersion };
};

/**
 * One watch connection, resolved when it ends: the handler asked to stop, the stream closed or
 * failed, or the signal aborted. The connection is always torn down before resolving.
 */
const watchOnce = (
  ctx: ApiContext,
  namespace: string,
  resourceVersion: string,
  onEvent: (type: string, object: unknown) => WatchEnd | undefined,
): Promise<WatchEnd> =>
  new Promise((resolve) => {
    let controller: AbortController | undefined;
    let finished = false;
    let sawEvents = false;
    const finish = (end: WatchEnd): void => {
      if (finished) return;
      finished = true;
      ctx.signal.removeEventListener('abort', onAbort);
      controller?.abort();
      resolve(end);
    };
    const onAbort = (): void => finish({ kind: 'aborted' });
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    const path = collectionPath('VirtualMachineInstance', namespace);
    const query = { labelSelector: MANAGED_SELECTOR, resourceVersion, allowWatchBookmarks: true };
    void ctx.cluster.watch
      .watch(
        path,
        query,
        (type: string, object: unknown) => {
          if (finished) return;
          sawEvents = true;
          const end = onEvent(type, object);
          if (end) finish(end);
        },
        (error: unknown) => finish(error ? { kind: 'error', error, sawEvents } : { kind: 'closed', sawEvents }),
      )
      .then(
        (started) => {
          controller = started;
          if (finished) started.abort();
        },
        (error: unknown) => finish({ kind: 'error', error, sawEvents }),
      );
    if (ctx.signal.aborted) onAbort();
  });

const pause = async (ctx: ApiContext, failures: number): Promise<void> => {
  await sleep(retryDelayMs(failures, DEFAULT_RETRY_POLICY, undefined), undefined, { signal: ctx.signal });
};
