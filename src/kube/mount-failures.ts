/**
 * A VMI whose virt-launcher pod cannot mount its cloud-init Secret stays in phase Scheduling, and
 * nothing in its status says why: only the kubelet's FailedMount events on the pod do. So, while
 * some VMI has been Scheduling for a while, the wait lists those events, ONE field-selected list
 * for the whole namespace, and matches them to the VMIs by the pod uid (`status.activePods`), so
 * events of an earlier pod of the same name never count.
 */
import type { CoreV1Event } from '@kubernetes/client-node';
import { setTimeout as sleep } from 'node:timers/promises';
import { callApi, type ApiContext } from './api.js';
import type { MountFailure, ReadinessTracker } from './readiness.js';

/** The kubelet's text: `MountVolume.SetUp failed for volume "<volume>" : secret "<name>" not found`. */
const SECRET_NOT_FOUND = /secret "([^"]+)" not found/;

export const MOUNT_FAILURE_SELECTOR = 'involvedObject.kind=Pod,reason=FailedMount';

export interface MountCheckOptions {
  /** A VMI is looked at once it has been Scheduling this long. @default 5000 */
  readonly afterMs?: number;
  /** The first pause between looks; it doubles up to a minute while nothing is found. @default 5000 */
  readonly intervalMs?: number;
  /** The look failed (no permission to list events, say): the wait goes on without it. */
  readonly onError?: (error: unknown) => void;
  readonly now?: () => number;
}

const MAX_INTERVAL_MS = 60_000;

/** Reads one event: the pod it is about and the Secret it could not mount. */
export const mountFailureOf = (event: CoreV1Event): MountFailure | undefined => {
  const secret = SECRET_NOT_FOUND.exec(event.message ?? '')?.[1];
  const { uid, name } = event.involvedObject;
  return secret !== undefined && uid !== undefined && name !== undefined ? { podUid: uid, podName: name, secret } : undefined;
};

/** Lists the namespace's FailedMount events of pods: one request. */
export const listMountFailures = async (ctx: ApiContext, namespace: string): Promise<MountFailure[]> => {
  const list = await callApi(ctx, { verb: 'list', resource: 'events', namespace }, (options) =>
    ctx.cluster.core.listNamespacedEvent({ namespace, fieldSelector: MOUNT_FAILURE_SELECTOR }, options),
  );
  return list.items.map(mountFailureOf).filter((f): f is MountFailure => f !== undefined);
};

/**
 * Until `ctx.signal` aborts: whenever a VMI has been Scheduling for `afterMs`, lists the mount
 * failures and marks the VMs whose launcher pod they name. Never throws.
 */
export const watchMountFailures = async (
  ctx: ApiContext,
  namespace: string,
  tracker: ReadinessTracker,
  options: MountCheckOptions = {},
): Promise<void> => {
  const afterMs = options.afterMs ?? 5000;
  const now = options.now ?? (() => performance.now());
  let intervalMs = options.intervalMs ?? 5000;
  try {
    for (;;) {
      await sleep(intervalMs, undefined, { signal: ctx.signal });
      const waiting = tracker.schedulingSince(now() - afterMs);
      if (waiting.length === 0) continue;
      const byPod = new Map(waiting.flatMap((state) => (state.launcherPods ?? []).map((uid) => [uid, state.name] as const)));
      const failures = (await listMountFailures(ctx, namespace)).filter((f) => byPod.has(f.podUid));
      for (const failure of failures) tracker.markMountFailed(byPod.get(failure.podUid)!, failure);
      intervalMs = failures.length > 0 ? intervalMs : Math.min(intervalMs * 2, MAX_INTERVAL_MS);
    }
  } catch (error) {
    if (!ctx.signal.aborted) options.onError?.(error);
  }
};
