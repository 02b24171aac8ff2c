/**
 * Timers and deduplicated "soon" work for the simulated controllers. Controllers never write to
 * the store from inside a store listener (that would reorder events for watchers): they queue
 * work here, and `stop()` cancels everything that is pending.
 */
import { StatusError } from '../apiserver/status.js';

export class Scheduler {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly queued = new Map<string, () => void>();
  private flushing: NodeJS.Immediate | undefined;
  private stopped = false;

  constructor(private readonly onError: (e: unknown) => void = (e) => console.error('sim controller:', e)) {}

  /** Runs `fn` after `ms` milliseconds. */
  after(ms: number, fn: () => void): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.run(fn);
    }, ms);
    this.timers.add(timer);
  }

  /** Runs `fn` on the next turn of the event loop; a later call with the same key replaces it. */
  soon(key: string, fn: () => void): void {
    if (this.stopped) return;
    this.queued.set(key, fn);
    this.flushing ??= setImmediate(() => this.flush());
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.queued.clear();
    if (this.flushing) clearImmediate(this.flushing);
  }

  private flush(): void {
    this.flushing = undefined;
    const batch = [...this.queued.values()];
    this.queued.clear();
    for (const fn of batch) this.run(fn);
  }

  private run(fn: () => void): void {
    if (this.stopped) return;
    try {
      fn();
    } catch (e) {
      // The object changed or went away meanwhile: the next event brings the controller back.
      if (e instanceof StatusError && (e.code === 404 || e.code === 409)) return;
      this.onError(e);
    }
  }
}
