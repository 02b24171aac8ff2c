/**
 * `--vm-concurrency auto`: how many create requests may be in flight, found by AIMD (additive
 * increase, multiplicative decrease, as TCP finds its window). The limit grows by one for each
 * window of `limit` requests answered quickly, and halves when the server says it is overloaded
 * (429, or an answer carrying Retry-After) or when two windows in a row take well over the best
 * window's mean latency (the server queues instead of serving: more requests in flight buy nothing). It never
 * leaves [floor, ceiling]. Growing back to the limit the server last refused takes several good
 * windows rather than one, so a server with a hard cap (APF) sees a 429 now and then, not every
 * few windows.
 *
 * Pure bookkeeping with an injectable clock; createBatch feeds it and applies `limit`.
 */

export interface AdaptiveConcurrencyOptions {
  /** The limit to start with. @default 10 */
  readonly initial?: number;
  /** The limit never drops below this. @default 1 */
  readonly floor?: number;
  /** The limit never grows above this. @default 50 */
  readonly ceiling?: number;
  /** A window whose mean latency exceeds this many times the best window's is a slowdown. @default 4 */
  readonly slowdownFactor?: number;
  /** Milliseconds, monotonic. @default performance.now */
  readonly now?: () => number;
  /** Called after each change of the limit (for logs and for the queue applying it). */
  readonly onChange?: (change: LimitChange) => void;
}

export type LimitChangeReason = 'fast answers' | 'too many requests' | 'slowdown';

export interface LimitChange {
  readonly from: number;
  readonly to: number;
  readonly reason: LimitChangeReason;
}

/** One request, from its start to its answer. */
export interface RequestTicket {
  /** Which decrease the request started after: a signal from before the last decrease is already accounted for. */
  readonly generation: number;
  readonly startedAt: number;
  /** The request was retried: its latency includes back-off and says nothing about the server's speed. */
  retried: boolean;
}

export const AUTO_CONCURRENCY_DEFAULTS = { initial: 10, floor: 1, ceiling: 50, slowdownFactor: 4 } as const;

export class AdaptiveConcurrency {
  readonly #floor: number;
  readonly #ceiling: number;
  readonly #slowdownFactor: number;
  readonly #now: () => number;
  readonly #onChange: ((change: LimitChange) => void) | undefined;
  #limit: number;
  #highest: number;
  #generation = 0;
  /**
   * The lowest mean latency of a window so far: the server's speed when not queueing. A window's
   * mean, not the fastest single answer, so that one lucky answer on a busy machine sets no bar.
   */
  #bestMeanMs = Number.POSITIVE_INFINITY;
  /** The current window: answers to requests sent since the last decrease, and not retried. */
  #windowCount = 0;
  #windowTotalMs = 0;
  /** The limit at which the server last answered 429: growing back to it waits PROBE_WINDOWS good windows. */
  #refusedAt = Number.POSITIVE_INFINITY;
  #goodWindows = 0;
  #slowWindows = 0;

  constructor(options: AdaptiveConcurrencyOptions = {}) {
    this.#floor = Math.max(1, options.floor ?? AUTO_CONCURRENCY_DEFAULTS.floor);
    this.#ceiling = Math.max(this.#floor, options.ceiling ?? AUTO_CONCURRENCY_DEFAULTS.ceiling);
    this.#slowdownFactor = options.slowdownFactor ?? AUTO_CONCURRENCY_DEFAULTS.slowdownFactor;
    this.#now = options.now ?? (() => performance.now());
    this.#onChange = options.onChange;
    this.#limit = this.#clamp(options.initial ?? AUTO_CONCURRENCY_DEFAULTS.initial);
    this.#highest = this.#limit;
  }

  /** Requests in flight allowed now. */
  get limit(): number {
    return this.#limit;
  }

  /** The highest limit reached so far. */
  get highest(): number {
    return this.#highest;
  }

  /** Call as a request is sent. */
  start(): RequestTicket {
    return { generation: this.#generation, startedAt: this.#now(), retried: false };
  }

  /** The server refused `ticket`'s request as overloaded; it will be retried. Halves the limit once per window. */
  throttled(ticket: RequestTicket): void {
    ticket.retried = true;
    if (ticket.generation !== this.#generation) return;
    this.#refusedAt = this.#limit;
    this.#decrease('too many requests');
  }

  /** `ticket`'s request was answered (with success, or an error that is not about load). */
  answered(ticket: RequestTicket): void {
    // a retried request's latency includes its back-off; answers to requests sent before the last
    // decrease describe the load that caused it
    if (ticket.retried || ticket.generation !== this.#generation) return;
    this.#windowCount++;
    this.#windowTotalMs += this.#now() - ticket.startedAt;
    if (this.#windowCount < this.#limit) return;
    const mean = this.#windowTotalMs / this.#windowCount;
    this.#bestMeanMs = Math.min(this.#bestMeanMs, mean);
    // one slow window may be the machine's noise (a GC, another process): two in a row are the server
    if (mean > this.#slowdownFactor * Math.max(this.#bestMeanMs, MIN_BEST_MS)) {
      if (++this.#slowWindows >= SLOWDOWN_WINDOWS) return this.#decrease('slowdown');
      return this.#set(this.#limit, 'fast answers');
    }
    this.#slowWindows = 0;
    // just under where the server last refused, probe again only after several good windows
    if (this.#limit + 1 === this.#refusedAt && ++this.#goodWindows < PROBE_WINDOWS) return this.#set(this.#limit, 'fast answers');
    // a good window above the refused limit: the server's capacity has grown since
    if (this.#limit + 1 > this.#refusedAt) this.#refusedAt = Number.POSITIVE_INFINITY;
    this.#goodWindows = 0;
    this.#set(this.#limit + 1, 'fast answers');
  }

  #decrease(reason: LimitChangeReason): void {
    this.#generation++;
    this.#goodWindows = 0;
    this.#slowWindows = 0;
    this.#set(Math.floor(this.#limit / 2), reason);
  }

  #set(wanted: number, reason: LimitChangeReason): void {
    this.#windowCount = 0;
    this.#windowTotalMs = 0;
    const from = this.#limit;
    const to = this.#clamp(wanted);
    if (to === from) return;
    this.#limit = to;
    this.#highest = Math.max(this.#highest, to);
    this.#onChange?.({ from, to, reason });
  }

  #clamp(value: number): number {
    return Math.min(this.#ceiling, Math.max(this.#floor, Math.round(value)));
  }
}

/** Consecutive windows over the slowdown factor that halve the limit. */
export const SLOWDOWN_WINDOWS = 2;

/** Good windows at one below the limit the server last refused before trying that limit again. */
export const PROBE_WINDOWS = 32;

/**
 * Answers faster than this are treated as this fast when judging a slowdown: below it, latency is
 * the client's own scheduling noise, and a local server answering in 1 ms would make 4 ms a "slowdown".
 */
const MIN_BEST_MS = 5;
