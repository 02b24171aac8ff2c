/**
 * Label-selected lists of the kinds cleanup and status look at, page by page, through kind-calls.ts.
 * Listed Secrets come without their data (see withoutSecretData).
 */
import type { KubernetesObject, V1Namespace } from '@kubernetes/client-node';
import { callApi, type ApiContext } from './api.js';
import { isApiStatus } from './api-errors.js';
import { KIND_CALLS, resourceOf, type DeletableKind, type ListableKind, type ListQuery } from './kind-calls.js';

export type { ListableKind } from './kind-calls.js';

/** The kinds virtwork creates or that come from what it creates, in the order cleanup deletes them. */
export const MANAGED_KINDS = ['VirtualMachine', 'DataVolume', 'PersistentVolumeClaim', 'Secret', 'Service'] as const satisfies readonly DeletableKind[];
export type ManagedKind = (typeof MANAGED_KINDS)[number];

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
export const listByLabel = <T extends object = KubernetesObject>(
  ctx: ApiContext,
  kind: ListableKind,
  namespace: string,
  labelSelector?: string,
): Promise<ListResult<T>> => listPages(ctx, kind, namespace, labelSelector, (item) => item as T);

/** As listByLabel, in every namespace at once: each item's own `metadata.namespace` says where it is. */
export const listAcrossNamespaces = <T extends object = KubernetesObject>(
  ctx: ApiContext,
  kind: ListableKind,
  labelSelector: string,
): Promise<ListResult<T>> => listPages(ctx, kind, undefined, labelSelector, (item) => item as T);

/**
 * As listByLabel (every namespace when `namespace` is undefined), keeping only `project(item)` of
 * each item as each page arrives: a list of 10,000 VMs then holds one page of whole objects at a
 * time instead of all of them (about 10 KB each once parsed).
 */
export const listProjected = <T extends object, U>(
  ctx: ApiContext,
  kind: ListableKind,
  namespace: string | undefined,
  labelSelector: string,
  project: (item: T) => U,
): Promise<ListResult<U>> => listPages(ctx, kind, namespace, labelSelector, (item) => project(item as T));

const listPages = async <U>(
  ctx: ApiContext,
  kind: ListableKind,
  namespace: string | undefined,
  labelSelector: string | undefined,
  project: (item: KubernetesObject) => U,
): Promise<ListResult<U>> => {
  const items: U[] = [];
  try {
    for await (const page of pagesOf(ctx, kind, namespace, labelSelector)) {
      if (page.restarted) items.length = 0;
      for (const item of page.items) items.push(project(item));
    }
  } catch (error) {
    if (isApiStatus(error, 404)) return { items: [], served: false };
    throw error;
  }
  return { items, served: true };
};

export interface ListPage {
  readonly items: readonly KubernetesObject[];
  /** The list's resourceVersion: where a watch of the same objects starts. */
  readonly resourceVersion?: string | undefined;
  /** The list started again at this page (its continue token expired): drop what earlier pages gave. */
  readonly restarted: boolean;
}

/**
 * The pages of a list, LIST_PAGE_SIZE items each, as they arrive. A continue token that expired
 * meanwhile (410) starts the list again, as client-go's pager does; the page says so.
 */
export async function* pagesOf(ctx: ApiContext, kind: ListableKind, namespace: string | undefined, labelSelector?: string): AsyncGenerator<ListPage> {
  const list = KIND_CALLS[kind].list;
  const resource = resourceOf(kind);
  let next: string | undefined;
  let restarted = false;
  for (;;) {
    const query: ListQuery = {
      ...(namespace !== undefined ? { namespace } : {}),
      limit: LIST_PAGE_SIZE,
      ...(labelSelector ? { labelSelector } : {}),
      ...(next ? { _continue: next } : {}),
    };
    let page: Awaited<ReturnType<typeof list>>;
    try {
      page = await callApi(ctx, { verb: 'list', resource, ...(namespace !== undefined ? { namespace } : {}) }, (options) => list(ctx, query, options));
    } catch (error) {
      if (next === undefined || !isApiStatus(error, 410)) throw error;
      next = undefined;
      restarted = true;
      continue;
    }
    yield { items: kind === 'Secret' ? page.items.map(withoutSecretData) : page.items, resourceVersion: page.metadata?.resourceVersion, restarted };
    restarted = false;
    next = page.metadata?._continue || undefined;
    if (next === undefined) return;
  }
}

/**
 * A listed Secret without its data: what lists are for (names, labels, type, deletion) never reads
 * it, and a cloud-init Secret carries about 7 KB of user-data, so 10,000 of them kept whole would
 * hold 70 MB while a page at a time holds 4 MB.
 */
const withoutSecretData = (item: KubernetesObject): KubernetesObject => {
  if (!('data' in item) && !('stringData' in item)) return item;
  const { data: _data, stringData: _stringData, ...rest } = item as KubernetesObject & { data?: unknown; stringData?: unknown };
  return rest;
};

/** The namespace, or undefined when it does not exist. */
export const getNamespace = async (ctx: ApiContext, name: string): Promise<V1Namespace | undefined> => {
  try {
    return await callApi(ctx, { verb: 'get', resource: resourceOf('Namespace'), name }, (options) =>
      KIND_CALLS.Namespace.read(ctx, name, options),
    );
  } catch (error) {
    if (isApiStatus(error, 404)) return undefined;
    throw error;
  }
};
