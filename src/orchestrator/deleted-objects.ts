/**
 * After the wait, is everything the run planned still there? A cleanup running at the same time
 * deletes by label, so a run can end with ready VMs whose Secrets and Services are gone (the VMs
 * cannot boot again, the clients reach no server). One label-selected list per kind, whatever the
 * number of VMs, finds the planned objects that are missing or being deleted.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import type { ApiContext } from '../kube/api.js';
import { listByLabel, type ManagedKind } from '../kube/list.js';
import { managedSelector } from '../kube/labels.js';
import type { RunPlan } from './plan-types.js';

/** The kinds a run creates per VM or pair and that a cleanup deletes by label. */
const CHECKED_KINDS = ['VirtualMachine', 'Secret', 'Service'] as const satisfies readonly ManagedKind[];

/** `<Kind>/<name>` of every planned object that is gone or going; empty when all are there. */
export const findDeletedObjects = async (ctx: ApiContext, plan: RunPlan): Promise<string[]> => {
  const planned = CHECKED_KINDS.map((kind) => plan.kinds.find((planned) => planned.kind === kind)?.names ?? []);
  const lists = await Promise.all(
    CHECKED_KINDS.map((kind, i) =>
      (planned[i]?.length ?? 0) > 0 ? listByLabel(ctx, kind, plan.namespace, managedSelector()) : Promise.resolve(undefined),
    ),
  );
  return CHECKED_KINDS.flatMap((kind, i) => {
    const present = new Set((lists[i]?.items ?? []).filter((o: KubernetesObject) => !o.metadata?.deletionTimestamp).map((o) => o.metadata?.name));
    return (planned[i] ?? []).filter((name) => !present.has(name)).map((name) => `${kind}/${name}`);
  });
};
