/**
 * Which API groups the simulated cluster currently serves. Each simulator instance runs its
 * request handling inside its own view, so `sim.removeApiGroup('kubevirt.io')` on one instance
 * (a cluster without KubeVirt) leaves other instances in the same process untouched.
 * Routing and discovery both ask here instead of reading RESOURCES directly.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { RESOURCES, type ResourceType } from './index.js';

export interface ClusterView {
  /** Groups that are installed; the core group '' is always installed. */
  readonly installedGroups: ReadonlySet<string>;
}

const ALL_GROUPS: ReadonlySet<string> = new Set(RESOURCES.map((r) => r.group));
const current = new AsyncLocalStorage<ClusterView>();

/** Runs `fn` (and everything it awaits) with `view` as the cluster's installed groups. */
export const runInClusterView = <T>(view: ClusterView, fn: () => T): T => current.run(view, fn);

/** Outside any view (e.g. a unit test of discovery), every group is installed. */
export const isGroupInstalled = (group: string): boolean =>
  group === '' || (current.getStore()?.installedGroups ?? ALL_GROUPS).has(group);

/** The resource table filtered to the installed groups. */
export const installedResources = (): readonly ResourceType[] => RESOURCES.filter((r) => isGroupInstalled(r.group));
