/**
 * `virtwork describe VM`: what runs inside one VM, from three reads: the VirtualMachine (labels:
 * run, workload, role; its cloud-init volume), its cloud-init Secret (the units and their commands,
 * decoded from the user data) and its VMI (phase, conditions, node). The workload's params come
 * from the audit database, which the CLI reads and passes in.
 */
import type { V1Secret } from '@kubernetes/client-node';
import type { V1VirtualMachine, V1VirtualMachineInstance } from '@kubevirt-ui-ext/kubevirt-api/kubevirt';
import { readGuestSetup, type GuestUnit } from '../cloudinit/read-units.js';
import { ANNOTATION_GUEST_OS, KUBEVIRT_GROUP, LABEL_ROLE, LABEL_RUN_ID, LABEL_WORKLOAD } from '../constants.js';
import { VirtworkError } from '../errors.js';
import type { ApiContext } from '../kube/api.js';
import { getObject } from '../kube/get.js';
import { readinessOf } from './status.js';
import type { ReadinessMode } from '../constants.js';

export interface VmiCondition {
  readonly type: string;
  readonly status: string;
  readonly reason: string | null;
  readonly message: string | null;
}

export interface VmDescription {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly runId: string | null;
  readonly workload: string | null;
  readonly role: string | null;
  readonly guestOs: string | null;
  readonly createdAt: string | null;
  /** The VM's printableStatus (`Running`, `Stopped`, `Provisioning`, ...). */
  readonly status: string | null;
  readonly readiness: ReadinessMode;
  /** The workload's params as the run recorded them; null when the audit database has no such run. */
  readonly params: Readonly<Record<string, unknown>> | null;
  readonly cloudInit: {
    /** The Secret the cloud-init volume reads; null when the VM has none. */
    readonly secret: string | null;
    /** Whether that Secret exists and carries user data. */
    readonly found: boolean;
    readonly units: readonly GuestUnit[];
    /** The user cloud-init adds (`--ssh-user`). */
    readonly user: string | null;
  };
  /** null while the VM has no VMI (stopped, or not started yet). */
  readonly instance: {
    readonly phase: string | null;
    readonly node: string | null;
    readonly ip: string | null;
    readonly conditions: readonly VmiCondition[];
  } | null;
  /** Commands that reach the guest. */
  readonly connect: readonly string[];
}

/** Looks the run's params up: the CLI reads them from the audit database. */
export type ParamsLookup = (runId: string, workload: string) => Promise<Readonly<Record<string, unknown>> | null>;

export const describeVm = async (api: ApiContext, namespace: string, name: string, lookupParams: ParamsLookup): Promise<VmDescription> => {
  const [vm, vmi] = await Promise.all([
    getObject<V1VirtualMachine>(api, 'VirtualMachine', namespace, name),
    getObject<V1VirtualMachineInstance>(api, 'VirtualMachineInstance', namespace, name),
  ]);
  // kubectl's words: Error from server (NotFound): virtualmachines.kubevirt.io "x" not found
  if (vm === undefined) throw new VirtworkError(`virtualmachines.${KUBEVIRT_GROUP} "${name}" not found`);
  const labels = vm.metadata?.labels ?? {};
  const runId = labels[LABEL_RUN_ID] ?? null;
  const workload = labels[LABEL_WORKLOAD] ?? null;
  const secretName = cloudInitSecretOf(vm);
  const [secret, params] = await Promise.all([
    secretName === null ? undefined : getObject<V1Secret>(api, 'Secret', namespace, secretName),
    runId === null || workload === null ? null : lookupParams(runId, workload),
  ]);
  const userData = secret?.data?.userdata === undefined ? undefined : Buffer.from(secret.data.userdata, 'base64').toString('utf8');
  const setup = userData === undefined ? { units: [], user: null } : readGuestSetup(userData);
  return {
    name,
    namespace,
    labels,
    runId,
    workload,
    role: labels[LABEL_ROLE] ?? null,
    guestOs: vm.metadata?.annotations?.[ANNOTATION_GUEST_OS] ?? null,
    createdAt: vm.metadata?.creationTimestamp === undefined ? null : String(vm.metadata.creationTimestamp),
    status: vm.status?.printableStatus ?? null,
    readiness: readinessOf(vm),
    params,
    cloudInit: { secret: secretName, found: userData !== undefined, units: setup.units, user: setup.user },
    instance:
      vmi === undefined
        ? null
        : {
            phase: vmi.status?.phase ?? null,
            node: vmi.status?.nodeName ?? null,
            ip: vmi.status?.interfaces?.[0]?.ipAddress ?? null,
            conditions: (vmi.status?.conditions ?? []).map((c) => ({
              type: c.type,
              status: c.status,
              reason: c.reason ?? null,
              message: c.message ?? null,
            })),
          },
    connect: [`virtctl console ${name} -n ${namespace}`, `virtctl ssh ${setup.user ?? '<user>'}@vm/${name} -n ${namespace}`],
  };
};

/** The Secret of the VM's cloud-init volume (NoCloud's, as virtwork makes it, or ConfigDrive's). */
const cloudInitSecretOf = (vm: V1VirtualMachine): string | null => {
  for (const volume of vm.spec?.template?.spec?.volumes ?? []) {
    const name = (volume.cloudInitNoCloud ?? volume.cloudInitConfigDrive)?.secretRef?.name;
    if (name !== undefined) return name;
  }
  return null;
};
