/**
 * The runs that own the objects a run found already there (AlreadyExists): the `virtwork/run-id`
 * label on each, read with one label-selected list per kind that had any. The cleanup hint and the
 * audit name these runs, since the new run's id is on none of those objects.
 */
import { LABEL_RUN_ID } from '../constants.js';
import type { ApiContext } from '../kube/api.js';
import type { CreateResult } from '../kube/create.js';
import { managedSelector } from '../kube/labels.js';
import { listByLabel } from '../kube/list.js';
import { keyOf } from './reconcile-created.js';

/** Kinds whose objects carry a run id; the Namespace a run finds is not its to report. */
const OWNED_KINDS = ['VirtualMachine', 'Secret', 'Service'] as const;

/** The run id on each existing object, by `Kind/name`; objects without the label are left out. */
export const findExistingOwners = async (api: ApiContext, namespace: string, results: readonly CreateResult[]): Promise<Map<string, string>> => {
  const existing = new Set(results.filter((r) => r.outcome === 'existing').map((r) => keyOf(r.kind, r.name)));
  const kinds = OWNED_KINDS.filter((kind) => results.some((r) => r.outcome === 'existing' && r.kind === kind));
  const lists = await Promise.all(kinds.map((kind) => listByLabel(api, kind, namespace, managedSelector())));
  const owners = new Map<string, string>();
  kinds.forEach((kind, i) => {
    for (const object of lists[i]?.items ?? []) {
      const key = keyOf(kind, object.metadata?.name ?? '');
      const owner = object.metadata?.labels?.[LABEL_RUN_ID];
      if (existing.has(key) && owner !== undefined) owners.set(key, owner);
    }
  });
  return owners;
};
