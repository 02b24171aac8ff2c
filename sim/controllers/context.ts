/** What every simulated KubeVirt/CDI controller shares: the store, timers, randomness and timings. */
import type { FaultSet } from '../faults.js';
import type { Random } from '../random.js';
import type { Store } from '../storage/store.js';
import type { GuestRegistry } from './guest.js';
import type { Scheduler } from './scheduler.js';

/** Delays of the simulated lifecycle, each varied by ±`jitter`. */
export interface BootDelays {
  /** VMI Pending -> Scheduling. */
  schedulingMs: number;
  /** Scheduling -> Scheduled, counted once the VMI's volumes are ready. */
  scheduledMs: number;
  /** Scheduled -> Running: the guest boots. */
  runningMs: number;
  /** Running -> AgentConnected: the guest agent answers. */
  agentMs: number;
  /** A DataVolume's import, from its start to Succeeded. */
  importMs: number;
  /** A deleted VMI's shutdown before it goes away. */
  stopMs: number;
  /** Fraction (0..1) each delay is varied by. */
  jitter: number;
}

export const DEFAULT_BOOT_DELAYS: BootDelays = {
  schedulingMs: 10,
  scheduledMs: 20,
  runningMs: 30,
  agentMs: 20,
  importMs: 40,
  stopMs: 10,
  jitter: 0.2,
};

/** How the simulated storage class binds: CSI storage on OpenShift is usually WaitForFirstConsumer. */
export type VolumeBindingMode = 'Immediate' | 'WaitForFirstConsumer';

export interface ControllerContext {
  readonly store: Store;
  readonly scheduler: Scheduler;
  readonly random: Random;
  readonly faults: FaultSet;
  readonly guests: GuestRegistry;
  readonly delays: BootDelays;
  /** A readiness probe passes this long after the VMI runs; undefined: only when a test says so. */
  readonly readyAfterMs: number | undefined;
  readonly volumeBindingMode: VolumeBindingMode;
  readonly storageClassName: string;
}

/** A delay of the lifecycle with jitter applied. */
export const delay = (ctx: ControllerContext, step: Exclude<keyof BootDelays, 'jitter'>, extraMs = 0): number =>
  ctx.random.jitter(ctx.delays[step], ctx.delays.jitter) + extraMs;

/** `{lastProbeTime, lastTransitionTime, ...}` conditions as KubeVirt writes them (explicit nulls). */
export interface Condition {
  type: string;
  status: 'True' | 'False';
  reason?: string;
  message?: string;
  // '| undefined': a condition copied from one that lacks them still type-checks.
  lastProbeTime?: string | null | undefined;
  lastTransitionTime?: string | null | undefined;
  lastHeartbeatTime?: string | null;
}

/** Replaces or adds a condition; an unchanged status keeps its lastTransitionTime. */
export const setCondition = (conditions: readonly Condition[], next: Condition): Condition[] => {
  const previous = conditions.find((c) => c.type === next.type);
  if (!previous) return [...conditions, next];
  const kept = previous.status === next.status ? { ...next, lastTransitionTime: previous.lastTransitionTime ?? next.lastTransitionTime } : next;
  return conditions.map((c) => (c.type === next.type ? kept : c));
};
