/**
 * Permits for create requests in flight, under a limit that may change while they run (the
 * adaptive concurrency's). A request that waits out a 429's Retry-After gives its permit back and
 * takes one again before it is sent once more, ahead of requests not yet sent: the server never has
 * more of the batch's requests than the limit, and the refused request is not starved by new ones.
 */
interface Waiter {
  readonly resolve: () => void;
  readonly reject: (reason: unknown) => void;
}

export class RequestPermits {
  #limit: number;
  #held = 0;
  /** Requests taking a permit back after a back-off: served first. */
  readonly #returning: Waiter[] = [];
  readonly #waiting: Waiter[] = [];
  readonly #signal: AbortSignal;

  /** When `signal` aborts, every waiting and later `acquire` rejects with its reason. */
  constructor(limit: number, signal: AbortSignal) {
    this.#limit = Math.max(1, limit);
    this.#signal = signal;
    signal.addEventListener('abort', () => this.#rejectAll(), { once: true });
  }

  /** Permits taken and not yet released. */
  get held(): number {
    return this.#held;
  }

  /** A new limit: a higher one lets waiting requests go at once; a lower one takes effect as permits come back. */
  set limit(value: number) {
    this.#limit = Math.max(1, value);
    this.#drain();
  }

  /** Resolves once a permit is held. `returning`: a request sent before, which goes ahead of new ones. */
  async acquire({ returning = false }: { readonly returning?: boolean } = {}): Promise<void> {
    this.#signal.throwIfAborted();
    if (this.#held < this.#limit && this.#returning.length === 0 && this.#waiting.length === 0) {
      this.#held++;
      return;
    }
    return new Promise((resolve, reject) => (returning ? this.#returning : this.#waiting).push({ resolve, reject }));
  }

  release(): void {
    this.#held--;
    this.#drain();
  }

  #drain(): void {
    while (this.#held < this.#limit) {
      const next = this.#returning.shift() ?? this.#waiting.shift();
      if (next === undefined) return;
      this.#held++;
      next.resolve();
    }
  }

  #rejectAll(): void {
    for (const waiter of [...this.#returning.splice(0), ...this.#waiting.splice(0)]) waiter.reject(this.#signal.reason);
  }
}
