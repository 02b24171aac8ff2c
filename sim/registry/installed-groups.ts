/**
 * Which API groups one simulator instance serves. Each instance owns its set and hands it to
 * routing and discovery with every request, so `sim.removeApiGroup('kubevirt.io')` on one
 * instance (a cluster without KubeVirt) leaves other instances in the same process untouched.
 */
import { RESOURCES, type ResourceType } from './index.js';

/** Groups that are installed; the core group '' always is, whether listed or not. */
export type InstalledGroups = ReadonlySet<string>;

/** Every group of the registry: a cluster with KubeVirt and CDI installed. */
export const allGroups = (): Set<string> => new Set(RESOURCES.map((r) => r.group));

export const isGroupInstalled = (installed: InstalledGroups, group: string): boolean => group === '' || installed.has(group);

/** The resource table filtered to the installed groups. */
export const installedResources = (installed: InstalledGroups): readonly ResourceType[] =>
  RESOURCES.filter((r) => isGroupInstalled(installed, r.group));
