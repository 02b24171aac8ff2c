/**
 * After creation stopped (an interrupt, or fail-fast on an error), the creates that were in flight
 * may or may not have reached the server: the answer never came. One label-selected list per kind,
 * by this run's id, says which exist, so the audit and the summary count them as created rather
 * than leaving them `planned`. It runs on a signal of its own, briefly (a second and the lists): the
 * user's interrupt has already fired, and a second one ends the process at once.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { KubernetesObject } from '@kubernetes/client-node';
import type { ApiContext } from '../kube/api.js';
import { managedSelector } from '../kube/labels.js';
import { listByLabel, type ManagedKind } from '../kube/list.js';
import type { RunPlan } from './plan-types.js';

/**
 * A create the client gave up on may still land: the API server goes on with a request whose client
 * went away once the write has begun. The lists wait this long first.
 */
const IN_FLIGHT_GRACE_MS = 1_000;
/** How long the lists may take. */
const RECONCILE_TIMEOUT_MS = 5_000;

const KINDS = ['VirtualMachine', 'Secret', 'Service'] as const satisfies readonly ManagedKind[];

/** Planned objects of these kinds that exist with this run's id but were never confirmed; empty when the lists fail. */
export const findUnconfirmedCreates = async (
  api: ApiContext,
  plan: RunPlan,
  confirmed: ReadonlySet<string>,
): Promise<{ kind: string; name: string }[]> => {
  const ctx: ApiContext = { ...api, signal: AbortSignal.timeout(IN_FLIGHT_GRACE_MS + RECONCILE_TIMEOUT_MS), retryPolicy: { maxAttempts: 1 } };
  const selector = managedSelector(plan.runId);
  const planned = new Set(plan.kinds.flatMap(({ kind, names }) => names.map((name) => keyOf(kind, name))));
  try {
    await sleep(IN_FLIGHT_GRACE_MS);
    const lists = await Promise.all(KINDS.map((kind) => listByLabel(ctx, kind, plan.namespace, selector)));
    return KINDS.flatMap((kind, i) =>
      (lists[i]?.items ?? [])
        .map((o: KubernetesObject) => ({ kind, name: o.metadata?.name ?? '' }))
        .filter((o) => planned.has(keyOf(o.kind, o.name)) && !confirmed.has(keyOf(o.kind, o.name))),
    );
  } catch {
    return [];
  }
};

export const keyOf = (kind: string, name: string): string => `${kind}/${name}`;
