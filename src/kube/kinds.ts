/**
 * Every kind virtwork touches, one row each: where the API serves it and which verbs each command
 * uses on it (found by reading what src/kube and src/orchestrator call). `virtwork doctor` checks
 * these permissions and docs/running.md's permission table is generated from this table; the
 * create, list, delete and wait code can read group, version and plural from the same rows.
 */
import { CDI_GROUP, CDI_VERSION, KUBEVIRT_GROUP, KUBEVIRT_VERSION } from '../constants.js';

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'delete' | 'deletecollection';

/** The commands whose API use differs; `cleanup --delete-namespace` is what that flag adds to cleanup. */
export const COMMANDS = ['run', 'status', 'cleanup', 'cleanup --delete-namespace', 'doctor', 'describe'] as const;
export type CommandName = (typeof COMMANDS)[number];

/** A verb a command can do without, and what it does then. */
export interface Fallback {
  /** The verb that stands in for it; absent when nothing needs to. */
  readonly instead?: Verb;
  /** What happens without the verb, as doctor's warning and the docs say it. */
  readonly effect: string;
  /** The stand-in helps only when the object already exists. */
  readonly onlyIfExists?: boolean;
}

export interface KindInfo {
  /** '' for the core group. */
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  readonly namespaced: boolean;
  /** The verbs each command uses on the kind. */
  readonly verbs: Partial<Record<CommandName, readonly Verb[]>>;
  /** Verbs a command can do without: missing one is a warning, not a failure. */
  readonly fallbacks?: Partial<Record<Verb, Fallback>>;
  /** Read in every namespace: where an operator puts its CR differs between distributions. */
  readonly allNamespaces?: boolean;
}

const ONE_BY_ONE: Fallback = { instead: 'delete', effect: 'cleanup deletes the objects one by one' };

export const KINDS = {
  Namespace: {
    group: '', version: 'v1', plural: 'namespaces', namespaced: false,
    verbs: { run: ['create'], 'cleanup --delete-namespace': ['get', 'delete'], doctor: ['get'] },
    fallbacks: { create: { instead: 'get', effect: 'run uses the existing namespace as it is', onlyIfExists: true } },
  },
  Service: {
    group: '', version: 'v1', plural: 'services', namespaced: true,
    verbs: { run: ['create'], cleanup: ['list', 'deletecollection'] },
    fallbacks: { deletecollection: ONE_BY_ONE },
  },
  Secret: {
    group: '', version: 'v1', plural: 'secrets', namespaced: true,
    verbs: { run: ['create'], cleanup: ['list', 'deletecollection'], describe: ['get'] },
    fallbacks: { deletecollection: ONE_BY_ONE },
  },
  VirtualMachine: {
    group: KUBEVIRT_GROUP, version: KUBEVIRT_VERSION, plural: 'virtualmachines', namespaced: true,
    verbs: { run: ['create'], status: ['list'], cleanup: ['list', 'deletecollection'], describe: ['get'] },
    fallbacks: { deletecollection: ONE_BY_ONE },
  },
  VirtualMachineInstance: {
    group: KUBEVIRT_GROUP, version: KUBEVIRT_VERSION, plural: 'virtualmachineinstances', namespaced: true,
    verbs: { run: ['list', 'watch'], status: ['list'], 'cleanup --delete-namespace': ['list'], describe: ['get'] },
    fallbacks: { watch: { instead: 'list', effect: 'run polls for readiness every 2 s instead of watching' } },
  },
  DataVolume: {
    group: CDI_GROUP, version: CDI_VERSION, plural: 'datavolumes', namespaced: true,
    verbs: { cleanup: ['list', 'deletecollection'] },
    fallbacks: { deletecollection: ONE_BY_ONE },
  },
  PersistentVolumeClaim: {
    group: '', version: 'v1', plural: 'persistentvolumeclaims', namespaced: true,
    verbs: { cleanup: ['list', 'deletecollection'] },
    fallbacks: { deletecollection: ONE_BY_ONE },
  },
  ConfigMap: {
    group: '', version: 'v1', plural: 'configmaps', namespaced: true,
    verbs: { 'cleanup --delete-namespace': ['list'] },
  },
  Pod: {
    group: '', version: 'v1', plural: 'pods', namespaced: true,
    verbs: { 'cleanup --delete-namespace': ['list'] },
  },
  Event: {
    group: '', version: 'v1', plural: 'events', namespaced: true,
    verbs: { run: ['list'] },
    fallbacks: { list: { effect: 'a VM whose cloud-init Secret cannot be mounted shows only as not ready at --timeout' } },
  },
  SelfSubjectReview: {
    group: 'authentication.k8s.io', version: 'v1', plural: 'selfsubjectreviews', namespaced: false,
    verbs: { doctor: ['create'] },
  },
  SelfSubjectAccessReview: {
    group: 'authorization.k8s.io', version: 'v1', plural: 'selfsubjectaccessreviews', namespaced: false,
    verbs: { doctor: ['create'] },
  },
  KubeVirt: {
    group: KUBEVIRT_GROUP, version: KUBEVIRT_VERSION, plural: 'kubevirts', namespaced: true, allNamespaces: true,
    verbs: { doctor: ['list'] },
  },
  CDI: {
    group: CDI_GROUP, version: CDI_VERSION, plural: 'cdis', namespaced: false,
    verbs: { doctor: ['list'] },
  },
  StorageClass: {
    group: 'storage.k8s.io', version: 'v1', plural: 'storageclasses', namespaced: false,
    verbs: { doctor: ['list'] },
  },
  StorageProfile: {
    group: CDI_GROUP, version: CDI_VERSION, plural: 'storageprofiles', namespaced: false,
    verbs: { doctor: ['get'] },
  },
  Node: {
    group: '', version: 'v1', plural: 'nodes', namespaced: false,
    verbs: { doctor: ['list'] },
  },
} as const satisfies Record<string, KindInfo>;

export type KindName = keyof typeof KINDS;

/** The rows, typed as KindInfo, in table order. */
export const kindEntries = (): readonly (readonly [KindName, KindInfo])[] => Object.entries(KINDS) as [KindName, KindInfo][];

/** As RBAC and kubectl name a resource: `secrets`, `virtualmachines.kubevirt.io`. */
export const rbacResource = (kind: KindInfo): string => (kind.group === '' ? kind.plural : `${kind.plural}.${kind.group}`);
