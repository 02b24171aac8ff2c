/**
 * Label-selected lists of the kinds cleanup and status look at, and the typed API calls behind
 * each kind (one table, so list, delete and deletecollection agree on group, version and plural).
 */
import type { ConfigurationOptions, KubernetesListObject, KubernetesObject, V1Namespace } from '@kubernetes/client-node';
import { callApi, type ApiContext } from './api.js';
import { isApiStatus } from './api-errors.js';
import { KINDS, rbacResource, type KindName } from './kinds.js';

/** The kinds virtwork creates or that come from what it creates, in the order cleanup deletes them. */
export const MANAGED_KINDS = ['VirtualMachine', 'DataVolume', 'PersistentVolumeClaim', 'Secret', 'Service'] as const;
export type ManagedKind = (typeof MANAGED_KINDS)[number];
/** Kinds that are only looked at: VMIs for status, the rest to tell whether a namespace holds foreign objects. */
export type ListableKind = ManagedKind | 'VirtualMachineInstance' | 'ConfigMap' | 'Pod';

type ObjectList = KubernetesListObject<KubernetesObject>;

interface Query {
  readonly namespace: string;
  readonly labelSelector?: string;
  readonly limit?: number;
  readonly _continue?: string;
}

/** The API calls of one kind. */
export interface KindApi {
  readonly kind: ListableKind;
  /** As RBAC names it: `secrets`, `virtualmachines.kubevirt.io`. */
  readonly resource: string;
  list(ctx: ApiContext, query: Query, options: ConfigurationOptions): Promise<ObjectList>;
  deleteCollection(ctx: ApiContext, namespace: string, labelSelector: string, options: ConfigurationOptions): Promise<unknown>;
  deleteOne(ctx: ApiContext, namespace: string, name: string, options: ConfigurationOptions): Promise<unknown>;
}

/** A custom kind's calls, its group, version and plural from the kinds table. */
const customKind = (kind: ListableKind & KindName): KindApi => {
  const { group, version, plural } = KINDS[kind];
  return {
    kind,
    resource: rbacResource(KINDS[kind]),
    list: async (ctx, query, options) =>
      (await ctx.cluster.customObjects.listNamespacedCustomObject({ group, version, plural, ...query }, options)) as ObjectList,
    deleteCollection: (ctx, namespace, labelSelector, options) =>
      ctx.cluster.customObjects.deleteCollectionNamespacedCustomObject(
        { group, version, plural, namespace, labelSelector, propagationPolicy: 'Background' },
        options,
      ),
    deleteOne: (ctx, namespace, name, options) =>
      ctx.cluster.customObjects.deleteNamespacedCustomObject(
        { group, version, plural, namespace, name, propagationPolicy: 'Background' },
        options,
      ),
  };
};

export const KIND_APIS: Readonly<Record<ListableKind, KindApi>> = {
  VirtualMachine: customKind('VirtualMachine'),
  VirtualMachineInstance: customKind('VirtualMachineInstance'),
  DataVolume: customKind('DataVolume'),
  PersistentVolumeClaim: {
    kind: 'PersistentVolumeClaim',
    resource: 'persistentvolumeclaims',
    list: (ctx, query, options) => ctx.cluster.core.listNamespacedPersistentVolumeClaim(query, options),
    deleteCollection: (ctx, namespace, labelSelector, options) =>
      ctx.cluster.core.deleteCollectionNamespacedPersistentVolumeClaim({ namespace, labelSelector }, options),
    deleteOne: (ctx, namespace, name, options) =>
      ctx.cluster.core.deleteNamespacedPersistentVolumeClaim({ namespace, name }, options),
  },
  Secret: {
    kind: 'Secret',
    resource: 'secrets',
    list: (ctx, query, options) => ctx.cluster.core.listNamespacedSecret(query, options),
    deleteCollection: (ctx, namespace, labelSelector, options) =>
      ctx.cluster.core.deleteCollectionNamespacedSecret({ namespace, labelSelector }, options),
    deleteOne: (ctx, namespace, name, options) => ctx.cluster.core.deleteNamespacedSecret({ namespace, name }, options),
  },
  Service: {
    kind: 'Service',
    resource: 'services',
    list: (ctx, query, options) => ctx.cluster.core.listNamespacedService(query, options),
    deleteCollection: (ctx, namespace, labelSelector, options) =>
      ctx.cluster.core.deleteCollectionNamespacedService({ namespace, labelSelector }, options),
    deleteOne: (ctx, namespace, name, options) => ctx.cluster.core.deleteNamespacedService({ namespace, name }, options),
  },
  ConfigMap: {
    kind: 'ConfigMap',
    resource: 'configmaps',
    list: (ctx, query, options) => ctx.cluster.core.listNamespacedConfigMap(query, options),
    deleteCollection: (ctx, namespace, labelSelector, options) =>
      ctx.cluster.core.deleteCollectionNamespacedConfigMap({ namespace, labelSelector }, options),
    deleteOne: (ctx, namespace, name, options) => ctx.cluster.core.deleteNamespacedConfigMap({ namespace, name }, options),
  },
  Pod: {
    kind: 'Pod',
    resource: 'pods',
    list: (ctx, query, options) => ctx.cluster.core.listNamespacedPod(query, options),
    deleteCollection: (ctx, namespace, labelSelector, options) =>
      ctx.cluster.core.deleteCollectionNamespacedPod({ namespace, labelSelector }, options),
    deleteOne: (ctx, namespace, name, options) => ctx.cluster.core.deleteNamespacedPod({ namespace, name }, options),
  },
};

/** Items per list page: 1,000 VMs cost two requests. */
export const LIST_PAGE_SIZE = 500;

export interface ListResult<T> {
  readonly items: T[];
  /** False when the cluster does not serve the kind (404 on the list): CDI or KubeVirt absent. */
  readonly served: boolean;
}

/**
 * Every object of `kind` in `namespace` matching `labelSelector`, page by page. A kind the cluster
 * does not serve lists as empty (`served: false`) instead of failing: a cluster without CDI has no
 * DataVolumes to clean up.
 */
export const listByLabel = async <T extends object = KubernetesObject>(
  ctx: ApiContext,
  kind: ListableKind,
  namespace: string,
  labelSelector?: string,
): Promise<ListResult<T>> => {
  const api = KIND_APIS[kind];
  const items: T[] = [];
  let next: string | undefined;
  try {
    do {
      const query: Query = {
        namespace,
        limit: LIST_PAGE_SIZE,
        ...(labelSelector ? { labelSelector } : {}),
        ...(next ? { _continue: next } : {}),
      };
      const page = await callApi(ctx, { verb: 'list', resource: api.resource, namespace }, (options) =>
        api.list(ctx, query, options),
      );
      items.push(...(page.items as T[]));
      next = page.metadata?._continue || undefined;
    } while (next !== undefined);
  } catch (error) {
    if (isApiStatus(error, 404)) return { items: [], served: false };
    throw error;
  }
  return { items, served: true };
};

/** The namespace, or undefined when it does not exist. */
export const getNamespace = async (ctx: ApiContext, name: string): Promise<V1Namespace | undefined> => {
  try {
    return await callApi(ctx, { verb: 'get', resource: 'namespaces', name }, (options) =>
      ctx.cluster.core.readNamespace({ name }, options),
    );
  } catch (error) {
    if (isApiStatus(error, 404)) return undefined;
    throw error;
  }
};
