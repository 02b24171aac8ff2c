import { describe, expect, it } from 'vitest';
import { AdaptiveConcurrency, PROBE_WINDOWS, type LimitChange } from '../../src/orchestrator/adaptive-concurrency.js';

/** A limiter on a fake clock (a slowdown: 3x the best window), and helpers that play whole windows of requests through it. */
const setup = (options: ConstructorParameters<typeof AdaptiveConcurrency>[0] = {}) => {
  let clock = 0;
  const changes: LimitChange[] = [];
  const limiter = new AdaptiveConcurrency({ slowdownFactor: 3, ...options, now: () => clock, onChange: (change) => changes.push(change) });
  /** `limit` requests sent together, each answered `latencyMs` later. */
  const window = (latencyMs: number): void => {
    const tickets = Array.from({ length: limiter.limit }, () => limiter.start());
    clock += latencyMs;
    for (const ticket of tickets) limiter.answered(ticket);
  };
  return { limiter, changes, window, advance: (ms: number) => (clock += ms) };
};

describe('AdaptiveConcurrency', () => {
  it('starts at 10 and grows by one per window of quick answers', () => {
    const { limiter, window, changes } = setup();
    expect(limiter.limit).toBe(10);
    window(20);
    expect(limiter.limit).toBe(11);
    window(20);
    window(21);
    expect(limiter.limit).toBe(13);
    expect(changes.map((c) => c.reason)).toEqual(['fast answers', 'fast answers', 'fast answers']);
  });

  it('needs a whole window of answers before growing', () => {
    const { limiter, advance } = setup({ initial: 4 });
    const tickets = [limiter.start(), limiter.start(), limiter.start()];
    advance(20);
    for (const ticket of tickets) limiter.answered(ticket);
    expect(limiter.limit).toBe(4);
    const last = limiter.start();
    advance(20);
    limiter.answered(last);
    expect(limiter.limit).toBe(5);
  });

  it('never grows above the ceiling and remembers the highest limit', () => {
    const { limiter, window } = setup({ initial: 48, ceiling: 50 });
    for (let i = 0; i < 10; i++) window(20);
    expect(limiter.limit).toBe(50);
    expect(limiter.highest).toBe(50);
  });

  it('halves on a 429, once for all the requests of the window it hit', () => {
    const { limiter, changes } = setup({ initial: 20 });
    const tickets = Array.from({ length: 20 }, () => limiter.start());
    for (const ticket of tickets.slice(0, 8)) limiter.throttled(ticket);
    expect(limiter.limit).toBe(10);
    expect(changes).toEqual([{ from: 20, to: 10, reason: 'too many requests' }]);
    // a request sent after the decrease that is refused again halves again
    limiter.throttled(limiter.start());
    expect(limiter.limit).toBe(5);
    expect(limiter.highest).toBe(20);
  });

  it('grows back to the limit the server refused only after several good windows, then on as usual', () => {
    const { limiter, window } = setup({ initial: 6 });
    limiter.throttled(limiter.start());
    expect(limiter.limit).toBe(3);
    window(20);
    window(20);
    expect(limiter.limit).toBe(5);
    for (let i = 1; i < PROBE_WINDOWS; i++) window(20);
    expect(limiter.limit).toBe(5);
    window(20);
    expect(limiter.limit).toBe(6);
    window(20);
    window(20);
    expect(limiter.limit).toBe(8);
  });

  it('never drops below the floor', () => {
    const { limiter } = setup({ initial: 2 });
    for (let i = 0; i < 5; i++) limiter.throttled(limiter.start());
    expect(limiter.limit).toBe(1);
    const high = setup({ initial: 16, floor: 4 }).limiter;
    for (let i = 0; i < 5; i++) high.throttled(high.start());
    expect(high.limit).toBe(4);
  });

  it('halves when two windows in a row answer well above the best window', () => {
    const { limiter, window, changes } = setup();
    window(20);
    window(20);
    expect(limiter.limit).toBe(12);
    window(59); // under 3x the best: still growing
    expect(limiter.limit).toBe(13);
    window(61); // one slow window: neither grows nor halves
    expect(limiter.limit).toBe(13);
    window(20); // and a quick one after it starts the count again
    expect(limiter.limit).toBe(14);
    window(61);
    window(70);
    expect(limiter.limit).toBe(7);
    expect(changes.at(-1)).toEqual({ from: 14, to: 7, reason: 'slowdown' });
  });

  it('does not count answers to requests sent before a decrease, nor retried ones, as a slowdown', () => {
    const { limiter, window, advance } = setup({ initial: 4 });
    window(20);
    expect(limiter.limit).toBe(5);
    const before = Array.from({ length: 5 }, () => limiter.start());
    limiter.throttled(before[0]!);
    expect(limiter.limit).toBe(2);
    advance(1000); // the slow answers of the overloaded window and the retried request's back-off
    for (const ticket of before) limiter.answered(ticket);
    expect(limiter.limit).toBe(2);
    window(20);
    expect(limiter.limit).toBe(3);
  });

  it('judges slowdowns by window means, not by the one fastest answer', () => {
    const { limiter, advance, window } = setup({ initial: 4 });
    const tickets = Array.from({ length: 4 }, () => limiter.start());
    advance(10);
    limiter.answered(tickets[0]!);
    advance(50);
    for (const ticket of tickets.slice(1)) limiter.answered(ticket);
    expect(limiter.limit).toBe(5); // mean 47.5 ms: the best window so far
    window(140);
    window(140);
    expect(limiter.limit).toBe(7); // under 3x 47.5, though 14x the 10 ms answer
  });

  it('treats windows under 5 ms as 5 ms, so a fast local server is not slowed by noise', () => {
    const { limiter, window } = setup();
    window(1);
    window(14);
    expect(limiter.limit).toBe(12);
    window(16);
    window(16);
    expect(limiter.limit).toBe(6);
  });
});
