/**
 * Readiness of the planned VMs as seen in their VMIs: pure bookkeeping, fed by wait.ts's list and
 * watch events. A VM is ready when its VMI's Ready condition is True (its readiness probe makes
 * that mean "the workload units are active"), or with `--readiness running` when its VMI runs. It has failed when its VMI is in phase Failed, or
 * when it cannot start until the user acts: its cloud-init Secret has no user data (the VMI says
 * so in a Synchronized condition), or does not exist (only the launcher pod's events say so:
 * wait.ts reports that through `markMountFailed`).
 */
import type { V1VirtualMachineInstance } from '@kubevirt-ui-ext/kubevirt-api/kubevirt';
import type { ReadinessMode } from '../constants.js';

export interface VmState {
  readonly name: string;
  /** The VMI's phase; undefined while the VM has no VMI. */
  readonly phase?: string;
  readonly ready: boolean;
  readonly nodeName?: string;
  /** Why the VM cannot become ready: its VMI failed, or it waits on something only the user can fix. */
  readonly failureReason?: string;
  /** `performance.now()` when Ready was first seen. */
  readonly readyAt?: number;
  /** `performance.now()` when the current phase was first seen. */
  readonly phaseSince?: number;
  /** The uids of the VMI's virt-launcher pods (`status.activePods`), which the kubelet's events name. */
  readonly launcherPods?: readonly string[];
  /** The Secret the VM's cloud-init volume reads its user data from. */
  readonly cloudInitSecret?: string;
}

export const isFailed = (state: VmState): boolean => state.phase === 'Failed' || state.failureReason !== undefined;

/** A launcher pod that could not mount a Secret, from the kubelet's FailedMount event. */
export interface MountFailure {
  /** The pod's uid. */
  readonly podUid: string;
  readonly podName: string;
  /** The Secret the event names. */
  readonly secret: string;
}

/** Tracks every planned VM by name; VMIs of other VMs are ignored. */
export class ReadinessTracker {
  readonly #states = new Map<string, VmState>();
  /** Mount failures by VM, kept while the VMI waits with that launcher pod. */
  readonly #mountFailures = new Map<string, MountFailure>();
  /** Kept as states change, so asking whether the wait is over costs nothing with 10,000 VMs. */
  #readyCount = 0;
  #failedCount = 0;

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
    return this.#readyCount === this.#states.size;
  }

  /** The first planned VM whose VMI has failed. */
  get failed(): VmState | undefined {
    if (this.#failedCount === 0) return undefined;
    for (const state of this.#states.values()) if (isFailed(state)) return state;
    return undefined;
  }

  /** All VMs are ready, or one has failed: waiting longer changes nothing. */
  get settled(): boolean {
    return this.allReady || this.#failedCount > 0;
  }

  /** VMs whose VMI has been in phase Scheduling, with a launcher pod, since before `before`. */
  schedulingSince(before: number): VmState[] {
    return [...this.#states.values()].filter(
      (s) => s.phase === 'Scheduling' && !isFailed(s) && (s.phaseSince ?? Infinity) <= before && (s.launcherPods?.length ?? 0) > 0,
    );
  }

  /** The kubelet could not mount a Secret into this VM's launcher pod. */
  markMountFailed(name: string, failure: MountFailure): void {
    const state = this.#states.get(name);
    if (state === undefined || !state.launcherPods?.includes(failure.podUid)) return;
    this.#mountFailures.set(name, failure);
    this.#set(name, state);
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
  replaceAll(vmis: Iterable<V1VirtualMachineInstance>): void {
    const seen = new Set<string>();
    for (const vmi of vmis) {
      this.observe(vmi);
      if (vmi.metadata?.name) seen.add(vmi.metadata.name);
    }
    this.forgetAllBut(seen);
  }

  /** The end of a full list read page by page (each page `observe`d): VMs whose VMI was not in it have none. */
  forgetAllBut(listed: ReadonlySet<string>): void {
    for (const name of this.#states.keys()) if (!listed.has(name)) this.forget(name);
  }

  #set(name: string, observed: Omit<VmState, 'readyAt' | 'phaseSince'>): void {
    const previous = this.#states.get(name);
    if (previous === undefined) return;
    const next = this.#withMountFailure(name, observed);
    const readyAt = previous.readyAt ?? (next.ready ? this.now() : undefined);
    const phaseSince = next.phase === undefined ? undefined : next.phase === previous.phase ? previous.phaseSince : this.now();
    const state: VmState = { ...next, ...(readyAt !== undefined && { readyAt }), ...(phaseSince !== undefined && { phaseSince }) };
    this.#states.set(name, state);
    this.#readyCount += Number(state.ready) - Number(previous.ready);
    this.#failedCount += Number(isFailed(state)) - Number(isFailed(previous));
    const changed = state.phase !== previous.phase || state.ready !== previous.ready || isFailed(state) !== isFailed(previous);
    if (changed) this.onTransition(state, previous);
  }

  /** A recorded mount failure holds while the VMI still waits in Scheduling with that pod. */
  #withMountFailure(name: string, state: Omit<VmState, 'readyAt' | 'phaseSince'>): Omit<VmState, 'readyAt' | 'phaseSince'> {
    const failure = this.#mountFailures.get(name);
    if (failure === undefined) return state;
    if (state.phase !== 'Scheduling' || !state.launcherPods?.includes(failure.podUid)) {
      this.#mountFailures.delete(name);
      return state;
    }
    return { ...state, failureReason: missingSecretReason(state.cloudInitSecret ?? failure.secret, failure) };
  }
}

/** virt-launcher's error when the cloud-init Secret it mounted holds no user data (pkg/virt-launcher/virtwrap/manager.go). */
const CLOUD_INIT_DATA_ERROR = 'ReadCloudInitVolumeDataSource failed';

const missingSecretReason = (secret: string, failure: MountFailure): string =>
  `its cloud-init Secret "${secret}" does not exist, so its launcher pod ${failure.podName} cannot start (FailedMount); ` +
  `create the Secret again (the same virtwork run recreates missing objects) or delete the VM`;

const noUserDataReason = (vmName: string, secret: string | undefined, message: string): string =>
  `its cloud-init Secret${secret === undefined ? '' : ` "${secret}"`} has no userdata key, so KubeVirt cannot build its cloud-init disk (${message}); ` +
  `put the cloud-config under the key userdata and restart the VM (virtctl restart ${vmName}), or delete the VM`;

/** The Secret a VMI's cloud-init volume reads its user data from, if any. */
const cloudInitSecretOf = (vmi: V1VirtualMachineInstance): string | undefined => {
  for (const volume of vmi.spec?.volumes ?? []) {
    const name = (volume.cloudInitNoCloud ?? volume.cloudInitConfigDrive)?.secretRef?.name;
    if (name) return name;
  }
  return undefined;
};

/** Reads phase, readiness, node, launcher pods and failure reason out of a VMI. */
export const stateOf = (vmi: V1VirtualMachineInstance, readiness: ReadinessMode = 'http'): Omit<VmState, 'readyAt' | 'phaseSince'> => {
  const status = vmi.status ?? {};
  const name = vmi.metadata?.name ?? '';
  const readyCondition = status.conditions?.find((c) => c.type === 'Ready');
  const state: { -readonly [K in keyof VmState]: VmState[K] } = {
    name,
    ready: readiness === 'running' ? status.phase === 'Running' : readyCondition?.status === 'True',
  };
  if (status.phase) state.phase = status.phase;
  if (status.nodeName) state.nodeName = status.nodeName;
  const pods = Object.keys(status.activePods ?? {});
  if (pods.length > 0) state.launcherPods = pods;
  const secret = cloudInitSecretOf(vmi);
  if (secret !== undefined) state.cloudInitSecret = secret;
  const unsynced = status.conditions?.find((c) => c.type === 'Synchronized' && c.status === 'False');
  if (status.phase === 'Failed') {
    const details = [status.reason, readyCondition?.reason, readyCondition?.message].filter(
      (part): part is string => Boolean(part),
    );
    state.failureReason = details.length > 0 ? [...new Set(details)].join(': ') : 'VMI phase Failed';
  } else if (unsynced?.message?.includes(CLOUD_INIT_DATA_ERROR)) {
    state.failureReason = noUserDataReason(name, secret, unsynced.message);
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

/** What a VM that is neither ready nor failed is doing: `pending`, `scheduling`, `booting`, ... */
export const waitingLabel = (state: VmState): string => WAITING_LABELS[state.phase ?? 'Pending'] ?? state.phase?.toLowerCase() ?? 'pending';

/**
 * The VMs furthest from ready, at most `max`: neither ready nor failed, the least advanced phase
 * first, then the longest in it. What a person waiting should look at.
 */
export const slowestVms = (states: Iterable<VmState>, max: number): VmState[] =>
  [...states]
    .filter((state) => !state.ready && !isFailed(state))
    .sort((a, b) => rank(waitingLabel(a)) - rank(waitingLabel(b)) || (a.phaseSince ?? 0) - (b.phaseSince ?? 0) || a.name.localeCompare(b.name))
    .slice(0, max);

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
      const label = waitingLabel(state);
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
