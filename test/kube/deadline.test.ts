import { afterEach, describe, expect, it, vi } from 'vitest';
import { timeoutSignal } from '../../src/kube/deadline.js';

const DAY_MS = 24 * 3600 * 1000;

afterEach(() => {
  vi.useRealTimers();
});

describe('timeoutSignal', () => {
  it('aborts a deadline beyond what one Node timer holds (2^31 ms) when it is due, not at once', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'Date'] });
    const signal = timeoutSignal(30 * DAY_MS);
    vi.advanceTimersByTime(25 * DAY_MS);
    expect(signal.aborted).toBe(false);
    vi.advanceTimersByTime(5 * DAY_MS - 1);
    expect(signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(signal.aborted).toBe(true);
    expect((signal.reason as DOMException).name).toBe('TimeoutError');
  });

  it('is the platform timeout for a short deadline', async () => {
    const signal = timeoutSignal(10);
    await new Promise((resolve) => signal.addEventListener('abort', resolve));
    expect((signal.reason as DOMException).name).toBe('TimeoutError');
  });
});
