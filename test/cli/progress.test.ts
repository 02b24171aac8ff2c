import { describe, expect, it, vi } from 'vitest';
import { createProgressDisplay, formatClock, formatCreation, formatProgress, formatSlowest } from '../../src/cli/output/progress.js';
import { countReadiness, type VmState } from '../../src/kube/readiness.js';

const states = (ready: number, scheduling: number, failed: number, total: number): VmState[] => [
  ...Array.from({ length: ready }, (_, i) => ({ name: `r${i}`, ready: true, phase: 'Running' })),
  ...Array.from({ length: scheduling }, (_, i) => ({ name: `s${i}`, ready: false, phase: 'Scheduling', phaseSince: i })),
  ...Array.from({ length: failed }, (_, i) => ({ name: `f${i}`, ready: false, phase: 'Failed' })),
  ...Array.from({ length: total - ready - scheduling - failed }, (_, i) => ({ name: `p${i}`, ready: false })),
];
const byName = (list: VmState[]): Map<string, VmState> => new Map(list.map((s) => [s.name, s]));

/** What a terminal shows after `writes`: cursor-up, erase-below, carriage return and newlines applied. */
const screen = (writes: readonly string[]): string[] => {
  const rows: string[] = [''];
  let row = 0;
  let col = 0;
  const text = writes.join('');
  for (let i = 0; i < text.length; i++) {
    // eslint-disable-next-line no-control-regex
    const escape = /^\u001b\[(\d*)([AJK])/.exec(text.slice(i));
    if (escape) {
      const [whole, n, code] = escape;
      if (code === 'A') row -= Number(n || 1);
      else if (code === 'J') {
        rows.splice(row + 1);
        rows[row] = (rows[row] ?? '').slice(0, col);
      }
      i += whole.length - 1;
    } else if (text[i] === '\r') col = 0;
    else if (text[i] === '\n') {
      row++;
      col = 0;
      if (rows[row] === undefined) rows.push('');
    } else {
      const line = rows[row] ?? '';
      rows[row] = line.slice(0, col) + text[i] + line.slice(col + 1);
      col++;
    }
  }
  return rows;
};

describe('the progress texts', () => {
  it('reads like "12/40 VMs ready, 3 scheduling, 1 failed"', () => {
    expect(formatProgress(countReadiness(states(12, 3, 1, 16)))).toBe('12/16 VMs ready, 3 scheduling, 1 failed');
    expect(formatProgress(countReadiness(states(0, 0, 0, 2)))).toBe('0/2 VMs ready, 2 pending');
    expect(formatProgress(countReadiness(states(2, 0, 0, 2)))).toBe('2/2 VMs ready');
  });

  it('counts objects by kind, time against the timeout, and names the VMs furthest from ready', () => {
    expect(formatCreation([{ kind: 'Secret', done: 40, total: 40 }, { kind: 'VirtualMachine', done: 12, total: 40 }])).toBe(
      'Creating: Secret 40/40, VirtualMachine 12/40',
    );
    expect(formatClock(45.7, 600)).toBe('45s of 600s');
    expect(formatSlowest([{ name: 'virtwork-cpu-3', ready: false, phase: 'Scheduling' }, { name: 'virtwork-disk-1', ready: false, phase: 'Running' }])).toBe(
      'Slowest: virtwork-cpu-3 (scheduling), virtwork-disk-1 (booting)',
    );
  });
});

describe('createProgressDisplay', () => {
  it('draws nothing when the stream is not a terminal', () => {
    expect(createProgressDisplay({ isTTY: false, write: () => true })).toBeUndefined();
  });

  it('shows creation, then VMs by state with the clock and the slowest, redrawn in place with log lines above it', () => {
    vi.useFakeTimers();
    try {
      const writes: string[] = [];
      let clock = 0;
      const display = createProgressDisplay({ isTTY: true, write: (t: string) => writes.push(t) }, { minIntervalMs: 100, now: () => clock, timeoutSeconds: 600, slowest: 2 });
      display?.creating({ kind: 'Secret', done: 0, total: 3 });
      expect(screen(writes)).toEqual(['Creating: Secret 0/3']);
      display?.creating({ kind: 'Secret', done: 3, total: 3 });
      clock = 100;
      vi.advanceTimersByTime(100);
      display?.creating({ kind: 'VirtualMachine', done: 3, total: 3 });
      clock = 200;
      vi.advanceTimersByTime(100);
      expect(screen(writes)).toEqual(['Creating: Secret 3/3, VirtualMachine 3/3']);

      const vms = byName(states(1, 2, 0, 3));
      display?.waiting(vms);
      clock = 45_200;
      vi.advanceTimersByTime(1000);
      expect(screen(writes)).toEqual(['1/3 VMs ready, 2 scheduling   45s of 600s', 'Slowest: s0 (scheduling), s1 (scheduling)']);

      // a log line goes above the display, which is drawn again below it, not scrolled away
      display?.writeAbove('10:00:00 INFO  VM ready vm=r0\n');
      expect(screen(writes)).toEqual(['10:00:00 INFO  VM ready vm=r0', '1/3 VMs ready, 2 scheduling   45s of 600s', 'Slowest: s0 (scheduling), s1 (scheduling)']);

      // the map is read when drawn: the waiter's own map may be passed once and change under it
      vms.set('s0', { name: 's0', ready: true, phase: 'Running' });
      vms.set('s1', { name: 's1', ready: true, phase: 'Running' });
      display?.waiting(vms);
      display?.done();
      expect(screen(writes)).toEqual(['10:00:00 INFO  VM ready vm=r0', '3/3 VMs ready   45s of 600s', '']);
      const count = writes.length;
      vi.advanceTimersByTime(5000);
      expect(writes).toHaveLength(count);
    } finally {
      vi.useRealTimers();
    }
  });

  it('cuts lines to the terminal width, so each takes one row and the redraw stays exact', () => {
    const writes: string[] = [];
    const display = createProgressDisplay({ isTTY: true, columns: 20, write: (t: string) => writes.push(t) });
    display?.creating({ kind: 'VirtualMachine', done: 1, total: 1000 });
    expect(screen(writes)[0]).toBe('Creating: VirtualM…');
  });
});
