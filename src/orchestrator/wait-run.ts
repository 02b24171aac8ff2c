/**
 * `virtwork wait`: the readiness wait of `run`, for VMs that already exist (after `run --no-wait`).
 * One list of the managed VMs (one run's, or every one in the namespace) names what to wait for;
 * then the same watch, failure rules and exit codes as `run`: a failed VM is exit 1, the deadline
 * exit 3, an interrupt 130/143.
 */
import type { V1VirtualMachine } from '@kubevirt-ui-ext/kubevirt-api/kubevirt';
import { KUBEVIRT_GROUP, KUBEVIRT_VERSION } from '../constants.js';
import type { ReadinessMode } from '../constants.js';
import { EnvironmentError, VirtworkError } from '../errors.js';
import type { ApiContext } from '../kube/api.js';
import { timeoutSignal } from '../kube/deadline.js';
import { managedSelector } from '../kube/labels.js';
import { listByLabel } from '../kube/list.js';
import type { VmState } from '../kube/readiness.js';
import { waitForReady } from '../kube/wait.js';
import type { Logger } from '../logging/logger.js';
import { failureOf, logTransition, logWaitEvent } from './run.js';
import { readinessOf } from './status.js';

export interface WaitRunOptions {
  readonly namespace: string;
  /** A whole run id (resolve a prefix first); absent: every managed VM in the namespace. */
  readonly runId?: string;
  readonly timeoutSeconds: number;
  /** Aborted by SIGINT/SIGTERM. */
  readonly signal: AbortSignal;
}

export interface WaitRunDeps {
  readonly logger: Logger;
  /** Every VM's state after every change, the live map itself: for the progress display, which counts it when it draws. */
  readonly onProgress?: (states: ReadonlyMap<string, VmState>) => void;
}

export interface WaitRunResult {
  /** The VMs waited for, by name, as the wait last saw them. */
  readonly vms: ReadonlyMap<string, VmState>;
  /** Why not every VM is ready; absent when they all are. */
  readonly failure?: VirtworkError;
}

/** Waits for the selected VMs; throws only when there is nothing to wait for or the cluster refuses the lists. */
export const waitForRun = async (api: ApiContext, options: WaitRunOptions, deps: WaitRunDeps): Promise<WaitRunResult> => {
  const { namespace, runId } = options;
  const vms = await listByLabel<V1VirtualMachine>(api, 'VirtualMachine', namespace, managedSelector(runId));
  if (!vms.served) {
    throw new EnvironmentError(
      `the cluster at ${api.cluster.server} does not serve ${KUBEVIRT_GROUP}/${KUBEVIRT_VERSION}: install KubeVirt (OpenShift Virtualization) or choose another --context`,
    );
  }
  const names = vms.items.flatMap((vm) => (vm.metadata?.name === undefined ? [] : [vm.metadata.name]));
  if (names.length === 0) {
    // kubectl wait's words when its selector matches nothing.
    throw new VirtworkError(`no matching resources found: no virtwork VMs${runId === undefined ? '' : ` of run ${runId}`} in namespace ${namespace}`);
  }
  deps.logger.info(
    { namespace, runId: runId ?? null, vms: names.length, timeoutSeconds: options.timeoutSeconds },
    runId === undefined ? 'waiting for every virtwork VM in the namespace' : 'waiting for the VMs of the run',
  );
  const initial = new Map(names.map((name) => [name, { name, ready: false }]));
  deps.onProgress?.(initial);
  const waited = await waitForReady(
    { ...api, signal: AbortSignal.any([options.signal, timeoutSignal(options.timeoutSeconds * 1000)]) },
    {
      namespace,
      names,
      onTransition: (state, previous, all) => {
        logTransition(deps.logger, state, previous);
        deps.onProgress?.(all);
      },
      onEvent: (event) => logWaitEvent(deps.logger, event),
      readiness: readinessMode(vms.items),
    },
  );
  return { vms: waited.vms, ...failureOf(waited, options, namespace) };
};

/**
 * One mode for the whole wait: `running` only when no VM has a probe (KubeVirt then never sets Ready
 * on the workload's word); otherwise the Ready condition, which every probe mode sets.
 */
const readinessMode = (vms: readonly V1VirtualMachine[]): ReadinessMode =>
  vms.every((vm) => readinessOf(vm) === 'running') ? 'running' : 'http';
