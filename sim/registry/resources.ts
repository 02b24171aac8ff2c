/**
 * The resource table of the simulated cluster: every kind it serves, where, and which OpenAPI
 * definition validates it. Routing, discovery, OpenAPI and validation all read this one table.
 */

export type SchemaSource = 'kubernetes' | 'kubevirt' | 'cdi';

export interface ResourceType {
  /** '' for the core group. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly listKind: string;
  /** URL segment: `virtualmachines`. */
  readonly plural: string;
  readonly singular: string;
  readonly shortNames: readonly string[];
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
  readonly categories?: readonly string[];
  /** Which swagger file holds the definition, and its name there. */
  readonly schema: { readonly source: SchemaSource; readonly definition: string };
  /** Custom resources are served from CRDs (listed under apiextensions.k8s.io/v1). */
  readonly crd: boolean;
  /** Has a status subresource (`.../status`). */
  readonly statusSubresource: boolean;
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const;

export const RESOURCES: readonly ResourceType[] = [
  {
    group: '', version: 'v1', kind: 'Namespace', listKind: 'NamespaceList', plural: 'namespaces', singular: 'namespace',
    shortNames: ['ns'], namespaced: false, verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    schema: { source: 'kubernetes', definition: 'io.k8s.api.core.v1.Namespace' }, crd: false, statusSubresource: true,
  },
  {
    group: '', version: 'v1', kind: 'Service', listKind: 'ServiceList', plural: 'services', singular: 'service',
    shortNames: ['svc'], namespaced: true, verbs: ALL_VERBS, categories: ['all'],
    schema: { source: 'kubernetes', definition: 'io.k8s.api.core.v1.Service' }, crd: false, statusSubresource: true,
  },
  {
    group: '', version: 'v1', kind: 'Secret', listKind: 'SecretList', plural: 'secrets', singular: 'secret',
    shortNames: [], namespaced: true, verbs: ALL_VERBS,
    schema: { source: 'kubernetes', definition: 'io.k8s.api.core.v1.Secret' }, crd: false, statusSubresource: false,
  },
  {
    group: '', version: 'v1', kind: 'ConfigMap', listKind: 'ConfigMapList', plural: 'configmaps', singular: 'configmap',
    shortNames: ['cm'], namespaced: true, verbs: ALL_VERBS,
    schema: { source: 'kubernetes', definition: 'io.k8s.api.core.v1.ConfigMap' }, crd: false, statusSubresource: false,
  },
  {
    group: '', version: 'v1', kind: 'Event', listKind: 'EventList', plural: 'events', singular: 'event',
    shortNames: ['ev'], namespaced: true, verbs: ALL_VERBS,
    schema: { source: 'kubernetes', definition: 'io.k8s.api.core.v1.Event' }, crd: false, statusSubresource: false,
  },
  {
    group: '', version: 'v1', kind: 'PersistentVolumeClaim', listKind: 'PersistentVolumeClaimList',
    plural: 'persistentvolumeclaims', singular: 'persistentvolumeclaim', shortNames: ['pvc'], namespaced: true,
    verbs: ALL_VERBS, schema: { source: 'kubernetes', definition: 'io.k8s.api.core.v1.PersistentVolumeClaim' },
    crd: false, statusSubresource: true,
  },
  {
    group: '', version: 'v1', kind: 'Node', listKind: 'NodeList', plural: 'nodes', singular: 'node', shortNames: ['no'],
    namespaced: false, verbs: ALL_VERBS, schema: { source: 'kubernetes', definition: 'io.k8s.api.core.v1.Node' },
    crd: false, statusSubresource: true,
  },
  {
    group: 'storage.k8s.io', version: 'v1', kind: 'StorageClass', listKind: 'StorageClassList', plural: 'storageclasses',
    singular: 'storageclass', shortNames: ['sc'], namespaced: false, verbs: ALL_VERBS,
    schema: { source: 'kubernetes', definition: 'io.k8s.api.storage.v1.StorageClass' }, crd: false, statusSubresource: false,
  },
  // The two reviews are create-only and never stored: the answer is the object with its status (sim/reviews.ts).
  {
    group: 'authentication.k8s.io', version: 'v1', kind: 'SelfSubjectReview', listKind: 'SelfSubjectReviewList',
    plural: 'selfsubjectreviews', singular: 'selfsubjectreview', shortNames: [], namespaced: false, verbs: ['create'],
    schema: { source: 'kubernetes', definition: 'io.k8s.api.authentication.v1.SelfSubjectReview' }, crd: false,
    statusSubresource: false,
  },
  {
    group: 'authorization.k8s.io', version: 'v1', kind: 'SelfSubjectAccessReview', listKind: 'SelfSubjectAccessReviewList',
    plural: 'selfsubjectaccessreviews', singular: 'selfsubjectaccessreview', shortNames: [], namespaced: false,
    verbs: ['create'], schema: { source: 'kubernetes', definition: 'io.k8s.api.authorization.v1.SelfSubjectAccessReview' },
    crd: false, statusSubresource: false,
  },
  {
    group: 'kubevirt.io', version: 'v1', kind: 'VirtualMachine', listKind: 'VirtualMachineList',
    plural: 'virtualmachines', singular: 'virtualmachine', shortNames: ['vm', 'vms'], namespaced: true,
    verbs: ALL_VERBS, categories: ['all'], schema: { source: 'kubevirt', definition: 'v1.VirtualMachine' },
    crd: true, statusSubresource: true,
  },
  {
    group: 'kubevirt.io', version: 'v1', kind: 'VirtualMachineInstance', listKind: 'VirtualMachineInstanceList',
    plural: 'virtualmachineinstances', singular: 'virtualmachineinstance', shortNames: ['vmi', 'vmis'],
    namespaced: true, verbs: ALL_VERBS, categories: ['all'],
    schema: { source: 'kubevirt', definition: 'v1.VirtualMachineInstance' }, crd: true, statusSubresource: false,
  },
  {
    group: 'cdi.kubevirt.io', version: 'v1beta1', kind: 'DataVolume', listKind: 'DataVolumeList',
    plural: 'datavolumes', singular: 'datavolume', shortNames: ['dv', 'dvs'], namespaced: true, verbs: ALL_VERBS,
    categories: ['all'], schema: { source: 'cdi', definition: 'v1beta1.DataVolume' }, crd: true,
    statusSubresource: true,
  },
  // The operators' own resources: what is installed, at which version, and CDI's view of each StorageClass.
  {
    group: 'kubevirt.io', version: 'v1', kind: 'KubeVirt', listKind: 'KubeVirtList', plural: 'kubevirts',
    singular: 'kubevirt', shortNames: ['kv', 'kvs'], namespaced: true, verbs: ALL_VERBS, categories: ['all'],
    schema: { source: 'kubevirt', definition: 'v1.KubeVirt' }, crd: true, statusSubresource: true,
  },
  {
    group: 'cdi.kubevirt.io', version: 'v1beta1', kind: 'CDI', listKind: 'CDIList', plural: 'cdis', singular: 'cdi',
    shortNames: ['cdi', 'cdis'], namespaced: false, verbs: ALL_VERBS, schema: { source: 'cdi', definition: 'v1beta1.CDI' },
    crd: true, statusSubresource: true,
  },
  {
    group: 'cdi.kubevirt.io', version: 'v1beta1', kind: 'StorageProfile', listKind: 'StorageProfileList',
    plural: 'storageprofiles', singular: 'storageprofile', shortNames: [], namespaced: false, verbs: ALL_VERBS,
    schema: { source: 'cdi', definition: 'v1beta1.StorageProfile' }, crd: true, statusSubresource: true,
  },
];

export const apiVersionOf = (r: ResourceType): string => (r.group === '' ? r.version : `${r.group}/${r.version}`);

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
