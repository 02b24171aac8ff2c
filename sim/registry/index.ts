/**
 * The kinds the simulated cluster serves, one strategy each (sim/registry/strategies/), in the
 * order discovery lists them. Adding a kind is one strategy file and one entry here: routing,
 * discovery, OpenAPI, the CRD, validation, tables and selectors all read this list.
 */
import { apiVersionOf, type ResourceType } from './resource-type.js';
import type { KindStrategy } from './strategy.js';
import { cdis } from './strategies/cdi.js';
import { clusterRoleBindings } from './strategies/cluster-role-binding.js';
import { clusterRoles } from './strategies/cluster-role.js';
import { configMaps } from './strategies/config-map.js';
import { dataVolumes } from './strategies/data-volume.js';
import { events } from './strategies/event.js';
import { kubevirts } from './strategies/kubevirt.js';
import { namespaces } from './strategies/namespace.js';
import { nodes } from './strategies/node.js';
import { persistentVolumeClaims } from './strategies/persistent-volume-claim.js';
import { roleBindings } from './strategies/role-binding.js';
import { roles } from './strategies/role.js';
import { secrets } from './strategies/secret.js';
import { selfSubjectAccessReviews } from './strategies/self-subject-access-review.js';
import { selfSubjectReviews } from './strategies/self-subject-review.js';
import { serviceAccounts } from './strategies/service-account.js';
import { services } from './strategies/service.js';
import { storageClasses } from './strategies/storage-class.js';
import { storageProfiles } from './strategies/storage-profile.js';
import { virtualMachineInstances } from './strategies/virtual-machine-instance.js';
import { virtualMachines } from './strategies/virtual-machine.js';

export { ALL_VERBS, apiVersionOf, type ResourceType, type SchemaSource } from './resource-type.js';
export type { KindStrategy } from './strategy.js';

export const KINDS: readonly KindStrategy[] = [
  namespaces,
  services,
  secrets,
  configMaps,
  events,
  persistentVolumeClaims,
  serviceAccounts,
  nodes,
  storageClasses,
  selfSubjectReviews,
  selfSubjectAccessReviews,
  // RBAC: what ServiceAccount tokens may do (sim/apiserver/authorization.ts).
  roles,
  roleBindings,
  clusterRoles,
  clusterRoleBindings,
  virtualMachines,
  virtualMachineInstances,
  dataVolumes,
  // The operators' own resources: what is installed, at which version, and CDI's view of each StorageClass.
  kubevirts,
  cdis,
  storageProfiles,
];

export const RESOURCES: readonly ResourceType[] = KINDS.map((k) => k.resource);

const BY_RESOURCE = new Map(KINDS.map((k) => [k.resource, k]));

/** The strategy of a served resource; a resource from elsewhere (the CRD API) gets none of the hooks. */
export const strategyOf = (r: ResourceType): KindStrategy => BY_RESOURCE.get(r) ?? { resource: r };

export const findByPlural = (group: string, version: string, plural: string): ResourceType | undefined =>
  RESOURCES.find((r) => r.group === group && r.version === version && r.plural === plural);

export const findByKind = (apiVersion: string, kind: string): ResourceType | undefined =>
  RESOURCES.find((r) => apiVersionOf(r) === apiVersion && r.kind === kind);

/** The table entry of a kind the simulator always serves (controllers use these). */
export const resourceOfKind = (kind: string): ResourceType => {
  const found = RESOURCES.find((r) => r.kind === kind);
  if (!found) throw new Error(`no resource of kind ${kind} in the table`);
  return found;
};
