/**
 * One way to make an API call: cancellable through the run's AbortSignal, retried on transient
 * failures, and turned into a message the user can act on when it finally fails.
 */
import {
  Observable,
  type ConfigurationOptions,
  type ObservableMiddleware,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';
import type { ClusterClient } from '../cluster/client.js';
import { isRetryable, retryAfterMsOf, toRunError, type RequestTarget } from './api-errors.js';
import { RetriesExhaustedError, withRetry, type RetryEvent, type RetryPolicy } from './retry.js';

/** What every API call of a run needs. */
export interface ApiContext {
  readonly cluster: ClusterClient;
  /** Aborts on SIGINT/SIGTERM and at the run's deadline. */
  readonly signal: AbortSignal;
  readonly retryPolicy?: Partial<RetryPolicy>;
  /** Called before each retry (for logs and counters). */
  readonly onRetry?: (target: RequestTarget, event: RetryEvent) => void;
  /** Awaited after a retry's back-off, before the request is sent again (see `RetryOptions.beforeRetry`). */
  readonly beforeRetry?: () => Promise<void>;
}

/** Every write is validated strictly: a field the cluster does not know fails instead of vanishing. */
export const FIELD_VALIDATION = 'Strict';

/**
 * Runs `send` with per-call options that bind the request to `ctx.signal`; retries transient
 * failures; throws the signal's reason when aborted, else a VirtworkError naming `target`.
 */
export const callApi = async <T>(
  ctx: ApiContext,
  target: RequestTarget,
  send: (options: ConfigurationOptions) => Promise<T>,
): Promise<T> => {
  try {
    return await withRetry(() => send(abortableOptions(ctx.signal)), {
      signal: ctx.signal,
      policy: ctx.retryPolicy,
      isRetryable,
      retryAfterMs: (error) => retryAfterMsOf(error),
      onRetry: (event) => ctx.onRetry?.(target, event),
      beforeRetry: ctx.beforeRetry,
    });
  } catch (error) {
    ctx.signal.throwIfAborted();
    const cluster = { server: ctx.cluster.server, contextName: ctx.cluster.contextName };
    if (error instanceof RetriesExhaustedError) throw toRunError(error.lastError, target, cluster, error.attempts);
    throw toRunError(error, target, cluster);
  }
};

/** Per-call options whose middleware hands the signal to fetch; appended to the client's own. */
export const abortableOptions = (signal: AbortSignal): ConfigurationOptions => ({
  middleware: [withSignal(signal)],
  middlewareMergeStrategy: 'append',
});

const withSignal = (signal: AbortSignal): ObservableMiddleware => ({
  pre: (request: RequestContext) => {
    request.setSignal(signal);
    return new Observable(Promise.resolve(request));
  },
  post: (response: ResponseContext) => new Observable(Promise.resolve(response)),
});
