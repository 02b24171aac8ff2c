/**
 * `virtwork cleanup -A`: the namespaces that hold objects virtwork made (one cluster-wide list per
 * managed kind), then a cleanup of each as `cleanup -n <namespace>` makes it, each its own audit
 * execution with its namespace, counts and runs. The user is asked once, for everything.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import type { ApiContext } from '../kube/api.js';
import { managedSelector } from '../kube/labels.js';
import { listAcrossNamespaces, MANAGED_KINDS, type ManagedKind } from '../kube/list.js';
import { runCleanup, type CleanupDeps, type CleanupOptions, type CleanupResult } from './cleanup.js';

/** What the cluster-wide lists found in one namespace: object names per kind. */
export interface NamespaceFound {
  readonly namespace: string;
  readonly objects: Readonly<Record<ManagedKind, readonly string[]>>;
}

export interface CleanupAcrossDeps extends Omit<CleanupDeps, 'executionId' | 'confirm'> {
  /** A fresh audit execution id for each namespace's cleanup. */
  readonly newExecutionId: () => string;
  /** Asked once, before anything is deleted, with what was found where. Resolves false to cancel. */
  readonly confirm?: (found: readonly NamespaceFound[]) => Promise<boolean>;
}

/** Every namespace holding objects that match the cleanup's selector, sorted, with what each holds. */
export const findManagedNamespaces = async (api: ApiContext, labelSelector: string): Promise<NamespaceFound[]> => {
  const lists = await Promise.all(MANAGED_KINDS.map((kind) => listAcrossNamespaces(api, kind, labelSelector)));
  const byNamespace = new Map<string, Record<ManagedKind, string[]>>();
  MANAGED_KINDS.forEach((kind, i) => {
    for (const object of lists[i]?.items ?? []) {
      const namespace = namespaceOf(object);
      if (namespace === undefined) continue;
      const objects = byNamespace.get(namespace) ?? emptyObjects();
      objects[kind].push(object.metadata?.name ?? '');
      byNamespace.set(namespace, objects);
    }
  });
  return [...byNamespace.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([namespace, objects]) => ({ namespace, objects }));
};

/**
 * A cleanup of every namespace found, one after the other. The answer to the one question is
 * shared by every namespace's cleanup, so a "no" is recorded as cancelled in each.
 */
export const runCleanupAcross = async (options: Omit<CleanupOptions, 'namespace'>, deps: CleanupAcrossDeps): Promise<CleanupResult[]> => {
  const found = await findManagedNamespaces(deps.api, managedSelector(options.runId, options.selector));
  const { confirm, newExecutionId, ...shared } = deps;
  let answer: Promise<boolean> | undefined;
  const results: CleanupResult[] = [];
  for (const { namespace } of found) {
    results.push(
      await runCleanup(
        { ...options, namespace },
        { ...shared, executionId: newExecutionId(), ...(confirm && { confirm: () => (answer ??= confirm(found)) }) },
      ),
    );
  }
  return results;
};

const namespaceOf = (object: KubernetesObject): string | undefined => object.metadata?.namespace;
const emptyObjects = (): Record<ManagedKind, string[]> =>
  Object.fromEntries(MANAGED_KINDS.map((kind) => [kind, []])) as unknown as Record<ManagedKind, string[]>;
