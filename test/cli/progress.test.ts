import { describe, expect, it, vi } from 'vitest';
import { createProgressLine, formatProgress } from '../../src/cli/output/progress.js';
import { countReadiness } from '../../src/kube/readiness.js';

const counts = (ready: number, scheduling: number, failed: number, total: number) =>
  countReadiness([
    ...Array.from({ length: ready }, (_, i) => ({ name: `r${i}`, ready: true, phase: 'Running' })),
    ...Array.from({ length: scheduling }, (_, i) => ({ name: `s${i}`, ready: false, phase: 'Scheduling' })),
    ...Array.from({ length: failed }, (_, i) => ({ name: `f${i}`, ready: false, phase: 'Failed' })),
    ...Array.from({ length: total - ready - scheduling - failed }, (_, i) => ({ name: `p${i}`, ready: false })),
  ]);

describe('formatProgress', () => {
  it('reads like "12/40 VMs ready, 3 scheduling, 1 failed"', () => {
    expect(formatProgress(counts(12, 3, 1, 16))).toBe('12/16 VMs ready, 3 scheduling, 1 failed');
    expect(formatProgress(counts(0, 0, 0, 2))).toBe('0/2 VMs ready, 2 pending');
    expect(formatProgress(counts(2, 0, 0, 2))).toBe('2/2 VMs ready');
  });
});

describe('createProgressLine', () => {
  it('draws nothing when the stream is not a terminal', () => {
    expect(createProgressLine({ isTTY: false, write: () => true })).toBeUndefined();
  });

  it('redraws in place, at most once per interval, and ends with the last counts on their own line', () => {
    vi.useFakeTimers();
    try {
      const writes: string[] = [];
      let clock = 0;
      const line = createProgressLine({ isTTY: true, write: (t) => writes.push(t) }, { minIntervalMs: 100, now: () => clock });
      line?.update(counts(0, 0, 0, 2));
      line?.update(counts(1, 0, 0, 2));
      expect(writes).toEqual(['\u001b[2K0/2 VMs ready, 2 pending\r']);
      clock = 100;
      vi.advanceTimersByTime(100);
      expect(writes.at(-1)).toBe('\u001b[2K1/2 VMs ready, 1 pending\r');
      line?.update(counts(2, 0, 0, 2));
      line?.done();
      expect(writes.at(-1)).toBe('\u001b[2K2/2 VMs ready\n');
      vi.advanceTimersByTime(1000);
      expect(writes).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });
});
