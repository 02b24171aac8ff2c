/**
 * At most MAX_GUESTS guests run at once on this machine, across test workers and concurrent runs: a
 * slot is a file naming the process that holds it. Requests are served in arrival order (tickets), and
 * a request for several slots takes them together, so two pairs never deadlock holding one slot each.
 * A slot or ticket whose process is gone is free, so a crashed worker does not block the rest.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Two guests at once: each takes a host core under TCG, and the machine has two. */
export const MAX_GUESTS = 2;
const POLL_MS = 500;

/**
 * The slots a group of `groupSize` guests takes, all in one request. A slot stands for a host core, not
 * a guest: a group larger than the capacity takes every slot and so runs alone. Four guests then share
 * the two cores with nothing else of the suite (each boots about twice as slowly as a pair's guest,
 * hence the lab's longer deadline for such a group), and one request for all slots keeps the rules
 * that prevent deadlock: a request takes its slots together, in arrival order. Counting a slot per guest would either refuse the group
 * or, with four slots, let four unrelated guests load the two cores in every other test file too.
 */
export const slotsForGroup = (groupSize: number, capacity = MAX_GUESTS): number => Math.min(groupSize, capacity);

export const defaultSlotsDir = (): string => join(tmpdir(), 'virtwork-guest-slots');

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const readPid = (file: string): number | undefined => {
  try {
    return Number(readFileSync(file, 'utf8').trim()) || undefined;
  } catch {
    return undefined;
  }
};

/** Runs `step` holding the directory's mutex (an atomic mkdir); breaks a mutex left by a dead process. */
const withMutex = async <T>(dir: string, step: () => T): Promise<T> => {
  const mutex = join(dir, 'mutex');
  for (;;) {
    try {
      mkdirSync(mutex);
      writeFileSync(join(mutex, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readPid(join(mutex, 'pid'));
      if (holder !== undefined && !isAlive(holder)) rmSync(mutex, { recursive: true, force: true });
      await sleep(20);
    }
  }
  try {
    return step();
  } finally {
    rmSync(join(mutex, 'pid'), { force: true });
    rmdirSync(mutex);
  }
};

let ticketCounter = 0;

export interface SlotOptions {
  readonly dir?: string;
  readonly signal?: AbortSignal;
  /** @default MAX_GUESTS */
  readonly capacity?: number;
}

/**
 * Waits until `count` slots are free and this request is the oldest waiting one, takes them, and
 * returns the function that gives them back.
 */
export const acquireGuestSlots = async (count: number, options: SlotOptions = {}): Promise<() => void> => {
  const dir = options.dir ?? defaultSlotsDir();
  const capacity = options.capacity ?? MAX_GUESTS;
  if (count < 1 || count > capacity) throw new RangeError(`cannot hold ${count} of ${capacity} guest slots`);
  mkdirSync(dir, { recursive: true });
  // Sortable by arrival: wall-clock nanoseconds, then pid and a per-process counter to break ties.
  const ticket = `ticket-${process.hrtime.bigint().toString().padStart(20, '0')}-${process.pid}-${ticketCounter++}`;
  writeFileSync(join(dir, ticket), String(process.pid));
  try {
    for (;;) {
      options.signal?.throwIfAborted();
      const taken = await withMutex(dir, () => tryTake(dir, ticket, count, capacity));
      if (taken) return () => releaseSlots(dir, taken);
      await sleep(POLL_MS);
    }
  } finally {
    rmSync(join(dir, ticket), { force: true });
  }
};

const tryTake = (dir: string, ticket: string, count: number, capacity: number): string[] | undefined => {
  const entries = readdirSync(dir);
  const liveTickets = entries
    .filter((e) => e.startsWith('ticket-'))
    .filter((e) => {
      const pid = readPid(join(dir, e));
      if (pid === undefined || isAlive(pid)) return true;
      rmSync(join(dir, e), { force: true });
      return false;
    })
    .sort();
  if (liveTickets[0] !== ticket) return undefined;
  const free = Array.from({ length: capacity }, (_, i) => `slot-${i}`).filter((slot) => {
    const pid = readPid(join(dir, slot));
    return pid === undefined || !isAlive(pid);
  });
  if (free.length < count) return undefined;
  const taken = free.slice(0, count);
  for (const slot of taken) writeFileSync(join(dir, slot), String(process.pid));
  return taken;
};

const releaseSlots = (dir: string, slots: readonly string[]): void => {
  for (const slot of slots) {
    if (readPid(join(dir, slot)) === process.pid) rmSync(join(dir, slot), { force: true });
  }
};
