/**
 * After the wait, is everything the run planned still there? A cleanup running at the same time
 * deletes by label, so a run can end with ready VMs whose Secrets and Services are gone (the VMs
 * cannot boot again, the clients reach no server). One label-selected list per kind, whatever the
 * number of VMs, finds the planned objects that are missing or being deleted.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import type { ApiContext } from '../kube/api.js';
import { listProjected, type ListResult, type ManagedKind } from '../kube/list.js';
import { managedSelector } from '../kube/labels.js';
import type { RunPlan } from './plan-types.js';

/** The kinds a run creates per VM or pair and that a cleanup deletes by label. */
const CHECKED_KINDS = ['VirtualMachine', 'Secret', 'Service'] as const satisfies readonly ManagedKind[];

/** `<Kind>/<name>` of every planned object that is gone or going; empty when all are there. */
export const findDeletedObjects = async (ctx: ApiContext, plan: RunPlan): Promise<string[]> => {
  const planned = CHECKED_KINDS.map((kind) => plan.kinds.find((planned) => planned.kind === kind)?.names ?? []);
  // One kind after the other: three lists of 10,000 objects read at once would hold three pages of
  // parsed JSON (MBs each) at a time, for a saving of a few round trips.
  const lists: (ListResult<string | undefined> | undefined)[] = [];
  for (const [i, kind] of CHECKED_KINDS.entries()) {
    lists.push((planned[i]?.length ?? 0) > 0 ? await listProjected(ctx, kind, plan.namespace, managedSelector(), presentName) : undefined);
  }
  return CHECKED_KINDS.flatMap((kind, i) => {
    const present = new Set(lists[i]?.items);
    return (planned[i] ?? []).filter((name) => !present.has(name)).map((name) => `${kind}/${name}`);
  });
};

/** Only the name of an object not being deleted is kept from each page: 10,000 VMs are listed in a few MB. */
const presentName = (object: KubernetesObject): string | undefined => (object.metadata?.deletionTimestamp ? undefined : object.metadata?.name);
