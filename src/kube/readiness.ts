/**
 * Readiness of the planned VMs as seen in their VMIs: pure bookkeeping, fed by wait.ts's list and
 * watch events. A VM is ready when its VMI's Ready condition is True (its readiness probe makes that
 * mean "the workload units are active"), or with `--readiness running` when its VMI runs; it has
 * failed when its VMI is in phase Failed.
 */
import type { V1VirtualMachineInstance } from '@kubevirt-ui-ext/kubevirt-api/kubevirt';
import type { ReadinessMode } from '../constants.js';

export interface VmState {
  readonly name: string;
  /** The VMI's phase; undefined while the VM has no VMI. */
  readonly phase?: string;
  readonly ready: boolean;
  readonly nodeName?: string;
  /** Why the VMI failed, when its phase is Failed. */
  readonly failureReason?: string;
  /** `performance.now()` when Ready was first seen. */
  readonly readyAt?: number;
}

export const isFailed = (state: VmState): boolean => state.phase === 'Failed';

/** Tracks every planned VM by name; VMIs of other VMs are ignored. */
export class ReadinessTracker {
  readonly #states = new Map<string, VmState>();

  constructor(
    names: readonly string[],
    private readonly onTransition: (state: VmState, previous: VmState) => void = () => undefined,
    private readonly now: () => number = () => performance.now(),
    private readonly readiness: ReadinessMode = 'http',
  ) {
    for (const name of names) this.#states.set(name, { name, ready: false });
  }

  get states(): ReadonlyMap<string, VmState> {
    return this.#states;
  }

  get allReady(): boolean {
    for (const state of this.#states.values()) if (!state.ready) return false;
    return true;
  }

  /** The first planned VM whose VMI has failed. */
  get failed(): VmState | undefined {
    for (const state of this.#states.values()) if (isFailed(state)) return state;
    return undefined;
  }

  /** All VMs are ready, or one has failed: waiting longer changes nothing. */
  get settled(): boolean {
    return this.allReady || this.failed !== undefined;
  }

  /** A VMI was added or changed. */
  observe(vmi: V1VirtualMachineInstance): void {
    const name = vmi.metadata?.name;
    if (name !== undefined) this.#set(name, stateOf(vmi, this.readiness));
  }

  /** A VMI was deleted: its VM has none until KubeVirt makes a new one. */
  forget(name: string): void {
    this.#set(name, { name, ready: false });
  }

  /** A full list: VMs whose VMI is missing from it have none. */
  replaceAll(vmis: readonly V1VirtualMachineInstance[]): void {
    const seen = new Set<string>();
    for (const vmi of vmis) {
      this.observe(vmi);
      if (vmi.metadata?.name) seen.add(vmi.metadata.name);
    }
    for (const name of this.#states.keys()) if (!seen.has(name)) this.forget(name);
  }

  #set(name: string, next: Omit<VmState, 'readyAt'>): void {
    const previous = this.#states.get(name);
    if (previous === undefined) return;
    const readyAt = previous.readyAt ?? (next.ready ? this.now() : undefined);
    const state: VmState = readyAt === undefined ? next : { ...next, readyAt };
    this.#states.set(name, state);
    if (state.phase !== previous.phase || state.ready !== previous.ready) this.onTransition(state, previous);
  }
}

/** Reads phase, readiness, node and failure reason out of a VMI. */
export const stateOf = (vmi: V1VirtualMachineInstance, readiness: ReadinessMode = 'http'): Omit<VmState, 'readyAt'> => {
  const status = vmi.status ?? {};
  const readyCondition = status.conditions?.find((c) => c.type === 'Ready');
  const state: { -readonly [K in keyof VmState]: VmState[K] } = {
    name: vmi.metadata?.name ?? '',
    ready: readiness === 'running' ? status.phase === 'Running' : readyCondition?.status === 'True',
  };
  if (status.phase) state.phase = status.phase;
  if (status.nodeName) state.nodeName = status.nodeName;
  if (status.phase === 'Failed') {
    const details = [status.reason, readyCondition?.reason, readyCondition?.message].filter(
      (part): part is string => Boolean(part),
    );
    state.failureReason = details.length > 0 ? [...new Set(details)].join(': ') : 'VMI phase Failed';
  }
  return state;
};

/** Counts for the progress line: ready, failed, and the rest by a short label of their phase. */
export interface ReadinessCounts {
  readonly total: number;
  readonly ready: number;
  readonly failed: number;
  /** Not ready and not failed, by label (`pending`, `scheduling`, `booting`, ...), in a stable order. */
  readonly waiting: ReadonlyMap<string, number>;
}

const WAITING_LABELS: Readonly<Record<string, string>> = {
  Pending: 'pending',
  Scheduling: 'scheduling',
  Scheduled: 'scheduled',
  Running: 'booting',
  Succeeded: 'stopped',
  Unknown: 'unknown',
};
const WAITING_ORDER = ['pending', 'scheduling', 'scheduled', 'booting', 'stopped', 'unknown'];

export const countReadiness = (states: Iterable<VmState>): ReadinessCounts => {
  let total = 0;
  let ready = 0;
  let failed = 0;
  const waiting = new Map<string, number>();
  for (const state of states) {
    total++;
    if (state.ready) ready++;
    else if (isFailed(state)) failed++;
    else {
      const label = WAITING_LABELS[state.phase ?? 'Pending'] ?? state.phase?.toLowerCase() ?? 'pending';
      waiting.set(label, (waiting.get(label) ?? 0) + 1);
    }
  }
  const ordered = [...waiting].sort(([a], [b]) => rank(a) - rank(b));
  return { total, ready, failed, waiting: new Map(ordered) };
};

const rank = (label: string): number => {
  const i = WAITING_ORDER.indexOf(label);
  return i === -1 ? WAITING_ORDER.length : i;
};
