import { describe, expect, test } from 'vitest';
import { RequestPermits } from '../../src/orchestrator/request-permits.js';

/** Lets every settled promise's callbacks run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('RequestPermits', () => {
  test('hands out at most the limit, and a returning request goes ahead of new ones', async () => {
    const permits = new RequestPermits(2, new AbortController().signal);
    const order: string[] = [];
    await permits.acquire();
    await permits.acquire();
    void permits.acquire().then(() => order.push('new'));
    void permits.acquire({ returning: true }).then(() => order.push('returning'));
    await settle();
    expect(order).toEqual([]);
    permits.release();
    await settle();
    expect(order).toEqual(['returning']);
    permits.release();
    await settle();
    expect(order).toEqual(['returning', 'new']);
    expect(permits.held).toBe(2);
  });

  test('a lower limit takes effect as permits come back; a higher one lets waiting requests go at once', async () => {
    const permits = new RequestPermits(3, new AbortController().signal);
    for (let i = 0; i < 3; i++) await permits.acquire();
    let granted = 0;
    for (let i = 0; i < 3; i++) void permits.acquire().then(() => granted++);
    permits.limit = 1;
    permits.release();
    permits.release();
    await settle();
    expect([permits.held, granted]).toEqual([1, 0]);
    permits.limit = 3;
    await settle();
    expect([permits.held, granted]).toEqual([3, 2]);
  });

  test('an abort rejects the waiting requests and every later one with its reason', async () => {
    const stop = new AbortController();
    const permits = new RequestPermits(1, stop.signal);
    await permits.acquire();
    const waiting = permits.acquire();
    const reason = new Error('first failure');
    stop.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    await expect(permits.acquire()).rejects.toBe(reason);
  });
});
