/**
 * Creates a batch of objects with bounded concurrency, fail-fast: the first fatal error aborts the
 * requests in flight, sends no new ones, and is rethrown once everything in flight has settled, so
 * the caller knows exactly which objects the server confirmed. Objects are taken from the iterable
 * as permits free up, so a lazy plan builds each one only when it is about to be sent.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import type { ApiContext } from '../kube/api.js';
import { httpStatusOf, retryAfterMsOf } from '../kube/api-errors.js';
import { createObject, type CreateResult } from '../kube/create.js';
import type { AdaptiveConcurrency } from './adaptive-concurrency.js';
import { RequestPermits } from './request-permits.js';

export interface CreateBatchOptions {
  /** Requests in flight at most (`--vm-concurrency <n>`), or a limit that adapts to the server's answers (`auto`). */
  readonly concurrency: number | AdaptiveConcurrency;
  /** Each confirmed object, as soon as the server answers. */
  readonly onCreated?: (result: CreateResult) => void;
}

/** Creates `objects`; resolves with a result per object in order, or rejects with the first failure. */
export const createBatch = async (
  ctx: ApiContext,
  objects: Iterable<KubernetesObject>,
  { concurrency, onCreated }: CreateBatchOptions,
): Promise<CreateResult[]> => {
  const stop = new AbortController();
  const batchCtx: ApiContext = { ...ctx, signal: AbortSignal.any([ctx.signal, stop.signal]) };
  const adaptive = typeof concurrency === 'number' ? undefined : concurrency;
  const permits = new RequestPermits(typeof concurrency === 'number' ? concurrency : concurrency.limit, batchCtx.signal);
  const results: CreateResult[] = [];
  const pending = new Set<Promise<void>>();
  let firstFailure: { error: unknown } | undefined;
  const fail = (error: unknown): void => {
    // only the first failure counts: the others are the in-flight requests it aborted
    if (firstFailure !== undefined || ctx.signal.aborted) return;
    firstFailure = { error };
    stop.abort(error);
  };

  const send = async (object: KubernetesObject, index: number): Promise<void> => {
    let holdsPermit = true;
    const ticket = adaptive?.start();
    // the retry layer absorbs 429s: the limit hears of them through onRetry
    const objectCtx: ApiContext =
      adaptive && ticket
        ? {
            ...batchCtx,
            onRetry: (target, event) => {
              if (isOverloaded(event.error)) {
                adaptive.throttled(ticket);
                permits.limit = adaptive.limit;
                // nothing of it is in flight while it waits out the Retry-After: the permit goes on
                holdsPermit = false;
                permits.release();
              } else {
                // a 5xx or a dropped connection: its back-off would read as a slow answer
                ticket.retried = true;
              }
              batchCtx.onRetry?.(target, event);
            },
            beforeRetry: async () => {
              if (holdsPermit) return;
              await permits.acquire({ returning: true });
              holdsPermit = true;
            },
          }
        : batchCtx;
    try {
      const result = await createObject(objectCtx, object);
      results[index] = result;
      onCreated?.(result);
    } catch (error) {
      fail(error);
    } finally {
      if (adaptive && ticket) {
        adaptive.answered(ticket);
        permits.limit = adaptive.limit;
      }
      if (holdsPermit) permits.release();
    }
  };

  let index = 0;
  try {
    for (const object of objects) {
      await permits.acquire();
      const task = send(object, index++);
      pending.add(task);
      void task.finally(() => pending.delete(task));
    }
  } catch (error) {
    // an aborted acquire ends the loop; anything else (the plan failing to build an object) fails the batch
    if (!batchCtx.signal.aborted) fail(error);
  }
  await Promise.all(pending);
  if (firstFailure !== undefined) throw firstFailure.error;
  ctx.signal.throwIfAborted();
  return results;
};

/** The server asks for less load: 429 Too Many Requests, or any answer carrying Retry-After. */
const isOverloaded = (error: unknown): boolean => httpStatusOf(error) === 429 || retryAfterMsOf(error) !== undefined;
