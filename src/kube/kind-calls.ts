/**
 * The typed client calls behind each kind virtwork creates, lists, watches or deletes: one row per
 * kind, holding only the calls some command makes, with group, version, plural and the RBAC name
 * taken from the kinds table (kinds.ts). create.ts, list.ts, delete.ts and wait.ts all call through
 * here; a new kind is a row in kinds.ts and a row below.
 */
import type { ConfigurationOptions, KubernetesListObject, KubernetesObject, V1Namespace } from '@kubernetes/client-node';
import type { ApiContext } from './api.js';
import { FIELD_VALIDATION } from './api.js';
import { KINDS, rbacResource, type KindName } from './kinds.js';

type ObjectList = KubernetesListObject<KubernetesObject>;

export interface ListQuery {
  /** Absent: every namespace (a cluster-wide list, as `kubectl get -A` makes). */
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly limit?: number;
  readonly _continue?: string;
}

type Create = (ctx: ApiContext, namespace: string, body: KubernetesObject, options: ConfigurationOptions) => Promise<unknown>;
type List = (ctx: ApiContext, query: ListQuery, options: ConfigurationOptions) => Promise<ObjectList>;
type DeleteCollection = (ctx: ApiContext, namespace: string, labelSelector: string, options: ConfigurationOptions) => Promise<unknown>;
type DeleteOne = (ctx: ApiContext, namespace: string, name: string, options: ConfigurationOptions) => Promise<unknown>;
type Read<T> = (ctx: ApiContext, name: string, options: ConfigurationOptions) => Promise<T>;
type Get = (ctx: ApiContext, namespace: string, name: string, options: ConfigurationOptions) => Promise<KubernetesObject>;

/** A custom kind's calls: its group, version and plural from the kinds table; deletes in the background, as kubectl does. */
const custom = (kind: KindName) => {
  const { group, version, plural } = KINDS[kind];
  const create: Create = (ctx, namespace, body, options) =>
    ctx.cluster.customObjects.createNamespacedCustomObject(
      { group, version, namespace, plural, body, fieldValidation: FIELD_VALIDATION },
      options,
    );
  const list: List = async (ctx, { namespace, ...query }, options) =>
    withContinueToken(
      (namespace === undefined
        ? await ctx.cluster.customObjects.listClusterCustomObject({ group, version, plural, ...query }, options)
        : await ctx.cluster.customObjects.listNamespacedCustomObject({ group, version, plural, namespace, ...query }, options)) as RawList,
    );
  const deleteCollection: DeleteCollection = (ctx, namespace, labelSelector, options) =>
    ctx.cluster.customObjects.deleteCollectionNamespacedCustomObject(
      { group, version, plural, namespace, labelSelector, propagationPolicy: 'Background' },
      options,
    );
  const deleteOne: DeleteOne = (ctx, namespace, name, options) =>
    ctx.cluster.customObjects.deleteNamespacedCustomObject({ group, version, plural, namespace, name, propagationPolicy: 'Background' }, options);
  const get: Get = async (ctx, namespace, name, options) =>
    (await ctx.cluster.customObjects.getNamespacedCustomObject({ group, version, plural, namespace, name }, options)) as KubernetesObject;
  return { create, list, get, deleteCollection, deleteOne };
};

/** A custom kind's list as the server sent it: untyped JSON, so its next page is `metadata.continue`. */
type RawList = ObjectList & { metadata?: { continue?: string } };

/**
 * The typed clients turn a list's `metadata.continue` into `_continue`; the custom-object calls return
 * the JSON untouched. Both read as `_continue`, or a paged list of custom objects would stop at its first page.
 */
const withContinueToken = (list: RawList): ObjectList => {
  const next = list.metadata?.continue;
  if (next === undefined || list.metadata?._continue !== undefined) return list;
  return { ...list, metadata: { ...list.metadata, _continue: next } };
};

type PageQuery = Omit<ListQuery, 'namespace'>;

/** A core kind's list: in the query's namespace, or in all of them when it names none. */
const coreList =
  (
    inNamespace: (ctx: ApiContext, query: PageQuery & { namespace: string }, options: ConfigurationOptions) => Promise<ObjectList>,
    inAll: (ctx: ApiContext, query: PageQuery, options: ConfigurationOptions) => Promise<ObjectList>,
  ): List =>
  (ctx, { namespace, ...query }, options) =>
    namespace === undefined ? inAll(ctx, query, options) : inNamespace(ctx, { namespace, ...query }, options);

const virtualMachines = custom('VirtualMachine');
const dataVolumes = custom('DataVolume');

export const KIND_CALLS = {
  // Cluster-scoped: the namespace argument is unused, the object's name is the namespace.
  Namespace: {
    create: ((ctx, _namespace, body, options) =>
      ctx.cluster.core.createNamespace({ body, fieldValidation: FIELD_VALIDATION }, options)) satisfies Create,
    read: ((ctx, name, options) => ctx.cluster.core.readNamespace({ name }, options)) satisfies Read<V1Namespace>,
    deleteOne: ((ctx, _namespace, name, options) => ctx.cluster.core.deleteNamespace({ name }, options)) satisfies DeleteOne,
  },
  Service: {
    create: ((ctx, namespace, body, options) =>
      ctx.cluster.core.createNamespacedService({ namespace, body, fieldValidation: FIELD_VALIDATION }, options)) satisfies Create,
    list: coreList((ctx, query, options) => ctx.cluster.core.listNamespacedService(query, options), (ctx, query, options) => ctx.cluster.core.listServiceForAllNamespaces(query, options)),
    deleteCollection: ((ctx, namespace, labelSelector, options) =>
      ctx.cluster.core.deleteCollectionNamespacedService({ namespace, labelSelector }, options)) satisfies DeleteCollection,
    deleteOne: ((ctx, namespace, name, options) => ctx.cluster.core.deleteNamespacedService({ namespace, name }, options)) satisfies DeleteOne,
  },
  Secret: {
    create: ((ctx, namespace, body, options) =>
      ctx.cluster.core.createNamespacedSecret({ namespace, body, fieldValidation: FIELD_VALIDATION }, options)) satisfies Create,
    list: coreList((ctx, query, options) => ctx.cluster.core.listNamespacedSecret(query, options), (ctx, query, options) => ctx.cluster.core.listSecretForAllNamespaces(query, options)),
    deleteCollection: ((ctx, namespace, labelSelector, options) =>
      ctx.cluster.core.deleteCollectionNamespacedSecret({ namespace, labelSelector }, options)) satisfies DeleteCollection,
    deleteOne: ((ctx, namespace, name, options) => ctx.cluster.core.deleteNamespacedSecret({ namespace, name }, options)) satisfies DeleteOne,
    get: ((ctx, namespace, name, options) => ctx.cluster.core.readNamespacedSecret({ namespace, name }, options)) satisfies Get,
  },
  VirtualMachine: virtualMachines,
  VirtualMachineInstance: { list: custom('VirtualMachineInstance').list, get: custom('VirtualMachineInstance').get },
  DataVolume: { list: dataVolumes.list, deleteCollection: dataVolumes.deleteCollection, deleteOne: dataVolumes.deleteOne },
  PersistentVolumeClaim: {
    list: coreList((ctx, query, options) => ctx.cluster.core.listNamespacedPersistentVolumeClaim(query, options), (ctx, query, options) => ctx.cluster.core.listPersistentVolumeClaimForAllNamespaces(query, options)),
    deleteCollection: ((ctx, namespace, labelSelector, options) =>
      ctx.cluster.core.deleteCollectionNamespacedPersistentVolumeClaim({ namespace, labelSelector }, options)) satisfies DeleteCollection,
    deleteOne: ((ctx, namespace, name, options) =>
      ctx.cluster.core.deleteNamespacedPersistentVolumeClaim({ namespace, name }, options)) satisfies DeleteOne,
  },
  ConfigMap: { list: coreList((ctx, query, options) => ctx.cluster.core.listNamespacedConfigMap(query, options), (ctx, query, options) => ctx.cluster.core.listConfigMapForAllNamespaces(query, options)) },
  Pod: { list: coreList((ctx, query, options) => ctx.cluster.core.listNamespacedPod(query, options), (ctx, query, options) => ctx.cluster.core.listPodForAllNamespaces(query, options)) },
} as const satisfies Partial<Record<KindName, { create?: Create; read?: Read<KubernetesObject>; get?: Get; list?: List; deleteCollection?: DeleteCollection; deleteOne?: DeleteOne }>>;

type Rows = typeof KIND_CALLS;
/** The kinds a run creates. */
export type CreatableKind = { [K in keyof Rows]: Rows[K] extends { create: Create } ? K : never }[keyof Rows];
/** The kinds status and cleanup list. */
export type ListableKind = { [K in keyof Rows]: Rows[K] extends { list: List } ? K : never }[keyof Rows];
/** The kinds `describe` reads one by one. */
export type GettableKind = { [K in keyof Rows]: Rows[K] extends { get: Get } ? K : never }[keyof Rows];
/** The kinds cleanup deletes. */
export type DeletableKind = { [K in keyof Rows]: Rows[K] extends { deleteOne: DeleteOne } ? K : never }[keyof Rows];

/** As RBAC and kubectl name the kind's resource: `secrets`, `virtualmachines.kubevirt.io`. */
export const resourceOf = (kind: KindName): string => rbacResource(KINDS[kind]);

/** The URL path of the kind's collection in a namespace, for watches: `/apis/kubevirt.io/v1/namespaces/ns/virtualmachineinstances`. */
export const collectionPath = (kind: KindName, namespace: string): string => {
  const { group, version, plural } = KINDS[kind];
  const root = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
  return `${root}/namespaces/${encodeURIComponent(namespace)}/${plural}`;
};

/** True for the kinds a run creates. */
export const isCreatable = (kind: string): kind is CreatableKind =>
  Object.hasOwn(KIND_CALLS, kind) && 'create' in KIND_CALLS[kind as keyof Rows];
