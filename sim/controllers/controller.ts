/**
 * What every simulated controller is: a name, the kinds whose changes it reacts to, and a start
 * and a stop. Controllers write to the store directly (never through the API), as KubeVirt's
 * and kube-controller-manager's service accounts are let through.
 */
import type { StoreEvent } from '../storage/store.js';
import type { ControllerContext } from './context.js';

/** In `watches`: every kind. */
export const EVERY_KIND = '*';

export interface Controller {
  /** `garbage-collector`, `virtualmachine-controller`, ... */
  readonly name: string;
  /** The kinds whose store events it observes, or EVERY_KIND. */
  readonly watches: readonly string[];
  /** Subscribes to the store (the cluster starts controllers before it seeds its inventory). */
  start(): void;
  /** Unsubscribes; the shared scheduler cancels pending work. */
  stop(): void;
}

/** A controller fed the store events of the kinds it watches; subclasses say what to do with one. */
export abstract class StoreController implements Controller {
  abstract readonly name: string;
  abstract readonly watches: readonly string[];
  private unsubscribe: (() => void) | undefined;

  constructor(protected readonly ctx: ControllerContext) {}

  start(): void {
    const every = this.watches.includes(EVERY_KIND);
    const kinds = new Set(this.watches);
    this.unsubscribe = this.ctx.store.subscribe((e) => {
      if (every || kinds.has(e.resource.kind)) this.observe(e);
    });
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  protected abstract observe(event: StoreEvent): void;
}
