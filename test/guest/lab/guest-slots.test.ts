import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_GUESTS, acquireGuestSlots, slotsForGroup } from './guest-slots.js';

let dir: string;
const others: ChildProcess[] = [];

/** Another live process, standing in for a second test worker. */
const otherProcess = (): number => {
  const child = spawn('sleep', ['600'], { stdio: 'ignore' });
  others.push(child);
  return child.pid as number;
};

const endProcess = async (pid: number): Promise<void> => {
  const child = others.find((c) => c.pid === pid) as ChildProcess;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
};

/** A request that is pending until it resolves; `taken` says whether it has. */
const track = (request: Promise<() => void>) => {
  const state = { taken: false, release: undefined as (() => void) | undefined };
  void request.then((release) => {
    state.taken = true;
    state.release = release;
  });
  return state;
};

const ticketsIn = (d: string): string[] => readdirSync(d).filter((e) => e.startsWith('ticket-'));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'virtwork-slots-test-'));
});

afterEach(() => {
  others.forEach((child) => child.kill('SIGKILL'));
  others.length = 0;
  rmSync(dir, { recursive: true, force: true });
});

describe('guest slots', () => {
  it('hands out at most the capacity, and a freed slot goes to the waiting request', async () => {
    const first = await acquireGuestSlots(2, { dir, capacity: 2 });
    const waiting = track(acquireGuestSlots(1, { dir, capacity: 2 }));
    await vi.waitFor(() => expect(ticketsIn(dir)).toHaveLength(1));
    // The waiter has seen the full slots at least once (its ticket stays until it gets a slot).
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(waiting.taken).toBe(false);
    first();
    await vi.waitFor(() => expect(waiting.taken).toBe(true), { timeout: 5_000 });
    expect(readdirSync(dir).filter((e) => e.startsWith('slot-'))).toHaveLength(1);
    waiting.release?.();
    expect(readdirSync(dir).filter((e) => e.startsWith('slot-'))).toEqual([]);
  });

  it('gives a request for two slots both at once, never one while another process holds the other', async () => {
    const holder = otherProcess();
    writeFileSync(join(dir, 'slot-0'), String(holder));
    const pair = track(acquireGuestSlots(2, { dir, capacity: 2 }));
    await vi.waitFor(() => expect(ticketsIn(dir)).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(pair.taken).toBe(false);
    expect(existsSync(join(dir, 'slot-1'))).toBe(false);
    await endProcess(holder);
    await vi.waitFor(() => expect(pair.taken).toBe(true), { timeout: 5_000 });
    expect(readFileSync(join(dir, 'slot-0'), 'utf8')).toBe(String(process.pid));
    expect(readFileSync(join(dir, 'slot-1'), 'utf8')).toBe(String(process.pid));
    pair.release?.();
  });

  it('serves requests in arrival order: a newer request waits behind an older one even when it would fit', async () => {
    const holder = otherProcess();
    writeFileSync(join(dir, 'slot-0'), String(holder));
    // An older request for two slots, from another process, arrived first.
    writeFileSync(join(dir, 'ticket-00000000000000000001-1-0'), String(holder));
    const newer = track(acquireGuestSlots(1, { dir, capacity: 2 }));
    await vi.waitFor(() => expect(ticketsIn(dir)).toHaveLength(2));
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(newer.taken).toBe(false);
    // The older request's process ends: its ticket and its slot no longer count.
    await endProcess(holder);
    await vi.waitFor(() => expect(newer.taken).toBe(true), { timeout: 5_000 });
    expect(ticketsIn(dir)).toEqual([]);
    newer.release?.();
  });

  it('has a group of four take every slot in one request, so it runs alone and cannot wait forever', async () => {
    expect([1, 2, 3, 4].map((size) => slotsForGroup(size, 2))).toEqual([1, 2, 2, 2]);
    expect(slotsForGroup(4)).toBe(MAX_GUESTS);
    const group = await acquireGuestSlots(slotsForGroup(4, 2), { dir, capacity: 2 });
    expect(readdirSync(dir).filter((e) => e.startsWith('slot-')).sort()).toEqual(['slot-0', 'slot-1']);
    group();
  });

  it('rejects a request larger than the capacity instead of waiting forever', async () => {
    await expect(acquireGuestSlots(3, { dir, capacity: 2 })).rejects.toThrow(/cannot hold 3 of 2/);
  });
});
