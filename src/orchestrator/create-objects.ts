/**
 * Creates a batch of objects with bounded concurrency, fail-fast: the first fatal error aborts the
 * requests in flight, starts no new ones, and is rethrown once everything in flight has settled, so
 * the caller knows exactly which objects the server confirmed.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import pLimit from 'p-limit';
import type { ApiContext } from '../kube/api.js';
import { createObject, type CreateResult } from '../kube/create.js';

export interface CreateBatchOptions {
  /** Requests in flight at most (`--vm-concurrency`). */
  readonly concurrency: number;
  /** Each confirmed object, as soon as the server answers. */
  readonly onCreated?: (result: CreateResult) => void;
}

/** Creates `objects`; resolves with a result per object in order, or rejects with the first failure. */
export const createBatch = async (
  ctx: ApiContext,
  objects: readonly KubernetesObject[],
  { concurrency, onCreated }: CreateBatchOptions,
): Promise<CreateResult[]> => {
  const stop = new AbortController();
  const batchCtx: ApiContext = { ...ctx, signal: AbortSignal.any([ctx.signal, stop.signal]) };
  const limit = pLimit(Math.max(1, concurrency));
  let firstFailure: { error: unknown } | undefined;
  const settled = await Promise.allSettled(
    objects.map((object) =>
      limit(async () => {
        batchCtx.signal.throwIfAborted();
        try {
          const result = await createObject(batchCtx, object);
          onCreated?.(result);
          return result;
        } catch (error) {
          // only the first failure counts: the others are the in-flight requests it aborted
          if (firstFailure === undefined && !ctx.signal.aborted) {
            firstFailure = { error };
            // queued tasks still start, see the aborted signal and make no request
            stop.abort(error);
          }
          throw error;
        }
      }),
    ),
  );
  if (firstFailure !== undefined) throw firstFailure.error;
  ctx.signal.throwIfAborted();
  return settled.map((s) => {
    if (s.status === 'rejected') throw s.reason;
    return s.value;
  });
};
