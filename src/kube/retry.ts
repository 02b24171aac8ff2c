/**
 * Retries for transient API failures (429, 5xx, dropped connections): exponential backoff with
 * jitter, or the server's own `Retry-After` when it sent one. Bounded by a number of attempts and by
 * the caller's AbortSignal, which carries the run's deadline and SIGINT/SIGTERM.
 *
 * Written here rather than taken from p-retry: it needs the server's Retry-After to replace the
 * computed delay, which p-retry's hooks cannot do without re-implementing its loop.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface RetryPolicy {
  /** Attempts in total, the first included (client-go also stops after 10). @default 10 */
  readonly maxAttempts: number;
  /** Delay ceiling of the first retry; doubles per attempt. @default 250 */
  readonly baseDelayMs: number;
  /** No computed delay exceeds this. @default 8000 */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 10, baseDelayMs: 250, maxDelayMs: 8000 };

export interface RetryEvent {
  /** The attempt that failed, 1-based. */
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: unknown;
}

export interface RetryOptions {
  readonly policy?: Partial<RetryPolicy> | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly isRetryable: (error: unknown) => boolean;
  /** The delay the server asked for, if any (see `retryAfterMsOf`). */
  readonly retryAfterMs?: (error: unknown) => number | undefined;
  readonly onRetry?: ((event: RetryEvent) => void) | undefined;
  /** Awaited after the back-off, before the next attempt: a caller that gave up its place while waiting takes it back here. */
  readonly beforeRetry?: (() => Promise<void>) | undefined;
  /** @default Math.random */
  readonly random?: (() => number) | undefined;
}

/** Thrown when retrying stops on a retryable error; `attempts` says how many were made. */
export class RetriesExhaustedError extends Error {
  constructor(
    readonly attempts: number,
    readonly lastError: unknown,
  ) {
    super(`gave up after ${attempts} attempts`, { cause: lastError });
    this.name = 'RetriesExhaustedError';
  }
}

/**
 * Calls `fn` until it succeeds, fails with a non-retryable error (rethrown as is), runs out of
 * attempts (RetriesExhaustedError) or the signal aborts (its reason is thrown).
 */
export const withRetry = async <T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> => {
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    options.signal?.throwIfAborted();
    try {
      return await fn(attempt);
    } catch (error) {
      options.signal?.throwIfAborted();
      if (!options.isRetryable(error)) throw error;
      if (attempt >= policy.maxAttempts) throw new RetriesExhaustedError(attempt, error);
      const delayMs = retryDelayMs(attempt, policy, options.retryAfterMs?.(error), random);
      options.onRetry?.({ attempt, delayMs, error });
      await sleepUnlessAborted(delayMs, options.signal);
      await options.beforeRetry?.();
    }
  }
};

/**
 * The wait after failed attempt `attempt` (1-based). With a server-given Retry-After: that long
 * plus up to 20% spread so a storm of clients does not come back in the same millisecond, never
 * less. Otherwise "equal jitter": uniformly between half and all of min(max, base * 2^(attempt-1)).
 */
export const retryDelayMs = (
  attempt: number,
  policy: RetryPolicy,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number => {
  if (retryAfterMs !== undefined) return Math.round(retryAfterMs * (1 + 0.2 * random()));
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
};

const sleepUnlessAborted = async (ms: number, signal: AbortSignal | undefined): Promise<void> => {
  try {
    await sleep(ms, undefined, signal ? { signal } : undefined);
  } catch (error) {
    // timers/promises wraps the reason in its own AbortError; callers want the reason itself
    signal?.throwIfAborted();
    throw error;
  }
};
