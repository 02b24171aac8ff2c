import { describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_RETRY_POLICY,
  RetriesExhaustedError,
  retryDelayMs,
  withRetry,
  type RetryEvent,
} from '../../src/kube/retry.js';

class Transient extends Error {}
const isRetryable = (error: unknown): boolean => error instanceof Transient;
/** A policy with delays small enough for tests but the same shape as the real one. */
const fast = { baseDelayMs: 1, maxDelayMs: 4, maxAttempts: 5 };

describe('retryDelayMs', () => {
  const policy = { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1000 };

  it.each([
    [1, 50, 100],
    [2, 100, 200],
    [3, 200, 400],
    [4, 400, 800],
    [5, 500, 1000],
    [9, 500, 1000],
  ])('after attempt %i waits between %i and %i ms (exponential, capped, equal jitter)', (attempt, low, high) => {
    expect(retryDelayMs(attempt, policy, undefined, () => 0)).toBe(low);
    expect(retryDelayMs(attempt, policy, undefined, () => 0.999999)).toBe(high);
  });

  it("honours the server's Retry-After: never sooner, at most 20% later", () => {
    expect(retryDelayMs(1, policy, 3000, () => 0)).toBe(3000);
    expect(retryDelayMs(1, policy, 3000, () => 1)).toBe(3600);
    // the server's word wins over the computed ceiling, whichever is longer
    expect(retryDelayMs(8, policy, 100, () => 0)).toBe(100);
  });
});

describe('withRetry', () => {
  it('returns the first success and retries only retryable errors', async () => {
    const fn = vi.fn<(attempt: number) => Promise<string>>()
      .mockRejectedValueOnce(new Transient('429'))
      .mockRejectedValueOnce(new Transient('503'))
      .mockResolvedValueOnce('ok');
    const events: RetryEvent[] = [];
    await expect(withRetry(fn, { isRetryable, policy: fast, onRetry: (e) => events.push(e) })).resolves.toBe('ok');
    expect(fn.mock.calls.map(([attempt]) => attempt)).toEqual([1, 2, 3]);
    expect(events.map((e) => e.attempt)).toEqual([1, 2]);
  });

  it('awaits beforeRetry after each back-off and before the next attempt, never before the first', async () => {
    const steps: string[] = [];
    let releaseGate: () => void = () => undefined;
    const fn = vi.fn<(attempt: number) => Promise<string>>((attempt) => {
      steps.push(`attempt ${attempt}`);
      return attempt === 1 ? Promise.reject(new Transient('429')) : Promise.resolve('ok');
    });
    const result = withRetry(fn, {
      isRetryable,
      policy: fast,
      onRetry: () => steps.push('back-off'),
      beforeRetry: () => {
        steps.push('before retry');
        return new Promise<void>((resolve) => (releaseGate = resolve));
      },
    });
    await vi.waitFor(() => expect(steps).toContain('before retry'));
    // the next attempt waits for the promise beforeRetry returned
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(steps).toEqual(['attempt 1', 'back-off', 'before retry']);
    releaseGate();
    await expect(result).resolves.toBe('ok');
    expect(steps).toEqual(['attempt 1', 'back-off', 'before retry', 'attempt 2']);
  });

  it('rethrows a non-retryable error at once, unchanged', async () => {
    const forbidden = new Error('403');
    const fn = vi.fn(() => Promise.reject(forbidden));
    await expect(withRetry(fn, { isRetryable, policy: fast })).rejects.toBe(forbidden);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('stops after maxAttempts with the number of attempts and the last error', async () => {
    const last = new Transient('503 again');
    const fn = vi.fn(() => Promise.reject(last));
    const error = await withRetry(fn, { isRetryable, policy: fast }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect((error as RetriesExhaustedError).attempts).toBe(5);
    expect((error as RetriesExhaustedError).lastError).toBe(last);
    expect(fn).toHaveBeenCalledTimes(5);
  });

  it('waits the Retry-After the error carries instead of the computed backoff', async () => {
    const events: RetryEvent[] = [];
    const fn = vi.fn<() => Promise<string>>().mockRejectedValueOnce(new Transient('429')).mockResolvedValueOnce('ok');
    await withRetry(fn, {
      isRetryable,
      policy: { ...fast, maxDelayMs: 1 },
      retryAfterMs: () => 30,
      random: () => 0,
      onRetry: (e) => events.push(e),
    });
    expect(events[0]?.delayMs).toBe(30);
  });

  it('throws the abort reason when the signal aborts during the backoff sleep, without another attempt', async () => {
    const controller = new AbortController();
    const reason = new Error('SIGINT');
    const fn = vi.fn(() => Promise.reject(new Transient('503')));
    const running = withRetry(fn, {
      isRetryable,
      signal: controller.signal,
      policy: { ...DEFAULT_RETRY_POLICY, baseDelayMs: 60_000, maxDelayMs: 60_000 },
      onRetry: () => controller.abort(reason),
    });
    await expect(running).rejects.toBe(reason);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('makes no attempt when the signal is already aborted', async () => {
    const fn = vi.fn(() => Promise.resolve('never'));
    const reason = new DOMException('deadline', 'TimeoutError');
    await expect(withRetry(fn, { isRetryable, signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(fn).not.toHaveBeenCalled();
  });

  it('leaves no abort listener behind on the signal after success', async () => {
    const controller = new AbortController();
    const add = vi.spyOn(controller.signal, 'addEventListener');
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    const fn = vi.fn<() => Promise<number>>().mockRejectedValueOnce(new Transient('x')).mockResolvedValueOnce(1);
    await withRetry(fn, { isRetryable, signal: controller.signal, policy: fast });
    expect(add).toHaveBeenCalled();
    expect(remove.mock.calls.length).toBe(add.mock.calls.length);
  });
});
