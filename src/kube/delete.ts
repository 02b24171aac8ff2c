/**
 * Deletes label-selected objects of one kind at scale: one deletecollection request when the
 * cluster allows it, else bounded parallel deletes of the named objects. Failures are returned,
 * never thrown, so one kind or object failing never stops the rest of a cleanup.
 */
import {
  Observable,
  ResponseContext,
  type ConfigurationOptions,
  type KubernetesObject,
  type RequestContext,
} from '@kubernetes/client-node';
import pLimit from 'p-limit';
import { setTimeout as sleep } from 'node:timers/promises';
import { LABEL_RUN_ID } from '../constants.js';
import { VirtworkError } from '../errors.js';
import { callApi, type ApiContext } from './api.js';
import { ApiError, isApiStatus } from './api-errors.js';
import { KIND_CALLS, resourceOf } from './kind-calls.js';
import { getNamespace, listByLabel, type ManagedKind } from './list.js';

/** Parallel single deletes when a collection delete is refused. */
export const DELETE_CONCURRENCY = 10;

export interface DeleteFailure {
  readonly kind: ManagedKind;
  /** Absent when the failure covers the whole kind (a refused permission). */
  readonly name?: string;
  readonly error: VirtworkError;
}

/** An object by name, with the `virtwork/run-id` label it carried. */
export interface LabelledName {
  readonly name: string;
  readonly runId?: string;
}

export interface DeleteResult {
  readonly kind: ManagedKind;
  /**
   * What is gone: the listed objects and any the collection delete says it deleted besides (created
   * since the list), or, one by one, those deleted or already gone (404).
   */
  readonly deleted: readonly LabelledName[];
  readonly failures: readonly DeleteFailure[];
  /** `collection`: one deletecollection; `each`: one request per object; `none`: nothing to delete. */
  readonly method: 'collection' | 'each' | 'none';
}

export interface DeleteRequest {
  readonly kind: ManagedKind;
  readonly namespace: string;
  readonly labelSelector: string;
  /** The objects a list by the same selector returned: deleted one by one on fallback. */
  readonly objects: readonly LabelledName[];
  /** @default DELETE_CONCURRENCY */
  readonly concurrency?: number;
  /** Called when deletecollection is refused and deletes go one by one. */
  readonly onFallback?: (kind: ManagedKind, error: VirtworkError) => void;
  /** Called as objects go (all at once for a collection, one by one otherwise), so an interrupt loses no count. */
  readonly onDeleted?: (objects: readonly LabelledName[]) => void;
}

export const deleteByLabel = async (ctx: ApiContext, request: DeleteRequest): Promise<DeleteResult> => {
  const { kind, namespace, labelSelector, objects } = request;
  if (objects.length === 0) return { kind, deleted: [], failures: [], method: 'none' };
  try {
    let body = '';
    await callApi(ctx, { verb: 'deletecollection', resource: resourceOf(kind), namespace }, (options) =>
      KIND_CALLS[kind].deleteCollection(ctx, namespace, labelSelector, withBodyCapture(options, (text) => (body = text))),
    );
    const deleted = withListed(objects, deletedItems(body) ?? []);
    request.onDeleted?.(deleted);
    return { kind, deleted, failures: [], method: 'collection' };
  } catch (error) {
    ctx.signal.throwIfAborted();
    if (!canFallBack(error)) return { kind, deleted: [], failures: [{ kind, error: asVirtworkError(error) }], method: 'collection' };
    request.onFallback?.(kind, asVirtworkError(error));
  }
  return deleteEach(ctx, request);
};

/**
 * 405 (the kind has no deletecollection, e.g. Services before Kubernetes 1.23), 403 (RBAC grants
 * delete but not deletecollection) and other HTTP failures of the collection call: single deletes
 * may still work. Not for 401 or an unreachable server, where every single delete fails the same way.
 */
const canFallBack = (error: unknown): boolean => {
  return error instanceof ApiError && error.status !== undefined && error.status !== 401;
};

/**
 * The objects a collection delete answered with: the API server returns the list of what it
 * deleted, which includes objects created after our list. client-node reads a core kind's answer as
 * a Status and drops the items, so the raw body is kept on the way (see withBodyCapture).
 * Undefined when the answer holds no list (an older server's Status): the listed objects count then.
 */
const deletedItems = (body: string): LabelledName[] | undefined => {
  try {
    const parsed = JSON.parse(body) as { items?: KubernetesObject[] };
    if (!Array.isArray(parsed.items)) return undefined;
    return parsed.items.map((item) => {
      const runId = item.metadata?.labels?.[LABEL_RUN_ID];
      return { name: item.metadata?.name ?? '', ...(runId !== undefined && { runId }) };
    });
  } catch {
    return undefined;
  }
};

/**
 * The listed objects, all gone (deleted now, or already by the garbage collector as their VM went,
 * as a single delete's 404 counts), and those the answer adds: created after the list.
 */
const withListed = (listed: readonly LabelledName[], answered: readonly LabelledName[]): LabelledName[] => {
  const names = new Set(listed.map((o) => o.name));
  return [...listed, ...answered.filter((o) => !names.has(o.name))];
};

/** Per-call options that also hand the response's text to `onText`, leaving it readable for the client. */
const withBodyCapture = (options: ConfigurationOptions, onText: (text: string) => void): ConfigurationOptions => ({
  ...options,
  middleware: [
    ...(options.middleware ?? []),
    {
      pre: (request: RequestContext) => new Observable(Promise.resolve(request)),
      post: (response: ResponseContext) =>
        new Observable(
          response.body.text().then((text) => {
            onText(text);
            const bytes = Buffer.from(text);
            return new ResponseContext(response.httpStatusCode, response.headers, {
              text: () => Promise.resolve(text),
              binary: () => Promise.resolve(bytes),
              stream: () => null,
            });
          }),
        ),
    },
  ],
});

const deleteEach = async (ctx: ApiContext, request: DeleteRequest): Promise<DeleteResult> => {
  const { kind, namespace, objects } = request;
  const resource = resourceOf(kind);
  const deleted: LabelledName[] = [];
  const failures: DeleteFailure[] = [];
  const gone = (object: LabelledName): void => {
    deleted.push(object);
    request.onDeleted?.([object]);
  };
  /** False when the delete was forbidden: RBAC grants delete per kind and namespace, so the rest would be too. */
  const deleteOne = async (object: LabelledName): Promise<boolean> => {
    const { name } = object;
    try {
      await callApi(ctx, { verb: 'delete', resource, namespace, name }, (options) =>
        KIND_CALLS[kind].deleteOne(ctx, namespace, name, options),
      );
      gone(object);
    } catch (error) {
      ctx.signal.throwIfAborted();
      if (isApiStatus(error, 404)) gone(object);
      else if (isApiStatus(error, 403)) {
        failures.push({ kind, error: asVirtworkError(error) });
        return false;
      } else failures.push({ kind, name, error: asVirtworkError(error) });
    }
    return true;
  };
  // The first delete alone finds out whether the kind may be deleted at all; then the rest in parallel.
  const [first, ...rest] = objects;
  if (first !== undefined && (await deleteOne(first))) {
    const limit = pLimit(request.concurrency ?? DELETE_CONCURRENCY);
    let forbidden = false;
    await Promise.all(
      rest.map((object) =>
        limit(async () => {
          if (!forbidden) forbidden = !(await deleteOne(object));
        }),
      ),
    );
  }
  // In the listed order, whatever order the parallel deletes ended in.
  const done = new Set(deleted.map((o) => o.name));
  return { kind, deleted: objects.filter((o) => done.has(o.name)), failures, method: 'each' };
};

export interface GoneRequest {
  readonly kind: ManagedKind;
  readonly namespace: string;
  readonly labelSelector: string;
  readonly names: readonly string[];
}

/**
 * Polls until none of the named objects is listed any more (finalizers done, VMIs stopped).
 * Returns the names still present when `ctx.signal` aborts (the caller's deadline); empty when all are gone.
 */
export const waitUntilGone = async (
  ctx: ApiContext,
  requests: readonly GoneRequest[],
  intervalMs = 1000,
): Promise<{ kind: ManagedKind; name: string }[]> => {
  let pending = requests.filter((r) => r.names.length > 0);
  let remaining: { kind: ManagedKind; name: string }[] = pending.flatMap((r) => r.names.map((name) => ({ kind: r.kind, name })));
  try {
    while (pending.length > 0) {
      const lists = await Promise.all(pending.map((r) => listByLabel(ctx, r.kind, r.namespace, r.labelSelector)));
      remaining = [];
      pending = pending.flatMap((r, i) => {
        const present = new Set((lists[i]?.items ?? []).map((o) => o.metadata?.name));
        const still = r.names.filter((name) => present.has(name));
        remaining.push(...still.map((name) => ({ kind: r.kind, name })));
        return still.length > 0 ? [{ ...r, names: still }] : [];
      });
      if (pending.length > 0) await sleep(intervalMs, undefined, { signal: ctx.signal });
    }
  } catch (error) {
    if (!ctx.signal.aborted) throw error;
  }
  return remaining;
};

const asVirtworkError = (error: unknown): VirtworkError =>
  error instanceof VirtworkError ? error : new VirtworkError(error instanceof Error ? error.message : String(error), { cause: error });

/** Deletes a namespace (and so everything left in it); a namespace already gone counts as deleted. */
export const deleteNamespace = async (ctx: ApiContext, name: string): Promise<void> => {
  try {
    await callApi(ctx, { verb: 'delete', resource: resourceOf('Namespace'), name }, (options) =>
      KIND_CALLS.Namespace.deleteOne(ctx, '', name, options),
    );
  } catch (error) {
    if (!isApiStatus(error, 404)) throw error;
  }
};

/** Polls until the namespace is gone; false when `ctx.signal` aborts first. */
export const waitUntilNamespaceGone = async (ctx: ApiContext, name: string, intervalMs = 1000): Promise<boolean> => {
  try {
    while ((await getNamespace(ctx, name)) !== undefined) await sleep(intervalMs, undefined, { signal: ctx.signal });
    return true;
  } catch (error) {
    if (ctx.signal.aborted) return false;
    throw error;
  }
};
