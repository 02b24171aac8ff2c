/**
 * Creates a batch of objects with bounded concurrency, fail-fast: the first fatal error aborts the
 * requests in flight, starts no new ones, and is rethrown once everything in flight has settled, so
 * the caller knows exactly which objects the server confirmed.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import pLimit from 'p-limit';
import type { ApiContext } from '../kube/api.js';
import { httpStatusOf, retryAfterMsOf } from '../kube/api-errors.js';
import { createObject, type CreateResult } from '../kube/create.js';
import type { AdaptiveConcurrency } from './adaptive-concurrency.js';

export interface CreateBatchOptions {
  /** Requests in flight at most (`--vm-concurrency <n>`), or a limit that adapts to the server's answers (`auto`). */
  readonly concurrency: number | AdaptiveConcurrency;
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
  const adaptive = typeof concurrency === 'number' ? undefined : concurrency;
  const limit = pLimit(Math.max(1, typeof concurrency === 'number' ? concurrency : concurrency.limit));
  // requests waiting out a 429's Retry-After hold their task but send nothing: they do not count
  let backingOff = 0;
  const applyLimit = (): void => {
    if (adaptive) limit.concurrency = adaptive.limit + backingOff;
  };
  let firstFailure: { error: unknown } | undefined;
  const settled = await Promise.allSettled(
    objects.map((object) =>
      limit(async () => {
        batchCtx.signal.throwIfAborted();
        const ticket = adaptive?.start();
        // the retry layer absorbs 429s: the limit hears of them through onRetry
        const objectCtx: ApiContext =
          adaptive && ticket
            ? {
                ...batchCtx,
                onRetry: (target, event) => {
                  if (isOverloaded(event.error)) {
                    adaptive.throttled(ticket);
                    backingOff++;
                    setTimeout(() => {
                      backingOff--;
                      applyLimit();
                    }, event.delayMs).unref();
                    applyLimit();
                  } else {
                    // a 5xx or a dropped connection: its back-off would read as a slow answer
                    ticket.retried = true;
                  }
                  batchCtx.onRetry?.(target, event);
                },
              }
            : batchCtx;
        try {
          const result = await createObject(objectCtx, object);
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
        } finally {
          if (adaptive && ticket) {
            adaptive.answered(ticket);
            applyLimit();
          }
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

/** The server asks for less load: 429 Too Many Requests, or any answer carrying Retry-After. */
const isOverloaded = (error: unknown): boolean => httpStatusOf(error) === 429 || retryAfterMsOf(error) !== undefined;
