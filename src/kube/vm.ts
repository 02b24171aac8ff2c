/**
 * The KubeVirt VirtualMachine of one planned VM: containerDisk boot disk, cloud-init from a Secret,
 * masquerade networking on the pod network, blank DataVolumes found by virtio serial, and a readiness
 * probe that turns the VMI Ready only when the VM's virtwork units are active. Pure: no cluster I/O.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import type {
  V1DataVolumeTemplateSpec,
  V1Disk,
  V1Probe,
  V1VirtualMachine,
  V1Volume,
} from '@kubevirt-ui-ext/kubevirt-api/kubevirt';
import { HEALTH_PATH, HEALTH_PORT, KUBEVIRT_API_VERSION } from '../constants.js';
import type { ReadinessMode } from '../constants.js';
import { InternalError } from '../errors.js';
import type { Labels } from './labels.js';
import { dataVolumeName, dns1123LabelProblem } from './names.js';

/** A blank data disk as the VM sees it; where the guest mounts it is cloud-init's business. */
export interface DataDiskInput {
  /** Disk and volume name inside the VM (`data`); the DataVolume is `<vm>-<name>`. */
  readonly name: string;
  /** virtio serial: the guest finds the disk at `/dev/disk/by-id/virtio-<serial>`. */
  readonly serial: string;
  /** Kubernetes quantity, such as `10Gi`. */
  readonly size: string;
}

export interface VmSpecInput {
  readonly name: string;
  readonly namespace: string;
  /** Put on the VM, its VMI template (and so the VMI and launcher pod) and its DataVolume templates. */
  readonly labels: Labels;
  readonly cpuCores: number;
  /** Guest memory, a Kubernetes quantity such as `2Gi`. */
  readonly memory: string;
  /** containerDisk image of the boot disk. */
  readonly image: string;
  /** Secret whose `userdata` key holds the cloud-config. */
  readonly secretName: string;
  readonly dataDisks: readonly DataDiskInput[];
  /** StorageClass of the data disks; absent: the cluster's default. */
  readonly storageClassName?: string;
  /** systemd units that must all be active for the VM to count as ready. */
  readonly unitNames: readonly string[];
  /** Which probe the VM carries: httpGet on the health endpoint, exec through the guest agent, or none. */
  readonly readiness: ReadinessMode;
}

const CONTAINER_DISK = 'containerdisk';
const CLOUD_INIT_DISK = 'cloudinitdisk';
const POD_NETWORK = 'default';

/**
 * Readiness timing. Probes fail harmlessly while cloud-init installs packages, so start early and
 * poll often (KubeVirt adds 10 s to an httpGet probe's initial delay, for the guest's network); 5 s
 * covers the guest-agent round trip; 3 misses in a row mark a ready VM unready.
 */
const PROBE_INITIAL_DELAY_SECONDS = 30;
const PROBE_PERIOD_SECONDS = 10;
const PROBE_TIMEOUT_SECONDS = 5;
const PROBE_FAILURE_THRESHOLD = 3;

/** virtio-blk serials are cut at 20 bytes, and the guest's by-id link shows only those. */
const SERIAL_PATTERN = /^[A-Za-z0-9_-]{1,20}$/;
/** systemd unit names the probe may pass to a shell: no quoting needed, no way to inject. */
const UNIT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.@:-]*\.service$/;

export const buildVirtualMachine = (input: VmSpecInput): V1VirtualMachine => {
  checkDataDisks(input);
  return {
    apiVersion: KUBEVIRT_API_VERSION,
    kind: 'VirtualMachine',
    metadata: { name: input.name, namespace: input.namespace, labels: { ...input.labels } },
    spec: {
      runStrategy: 'Always',
      ...(input.dataDisks.length > 0 && {
        dataVolumeTemplates: input.dataDisks.map((disk) => dataVolumeTemplate(input, disk)),
      }),
      template: {
        metadata: { labels: { ...input.labels } },
        spec: {
          domain: {
            cpu: { cores: input.cpuCores },
            // memory.guest is what the guest sees; KubeVirt derives the pod's memory request from it
            // (honouring the cluster's memory overcommit), which requests.memory alone would not.
            memory: { guest: input.memory },
            devices: {
              disks: [
                { name: CONTAINER_DISK, disk: { bus: 'virtio' } },
                { name: CLOUD_INIT_DISK, disk: { bus: 'virtio' } },
                ...input.dataDisks.map((disk): V1Disk => ({ name: disk.name, disk: { bus: 'virtio' }, serial: disk.serial })),
              ],
              interfaces: [{ name: POD_NETWORK, masquerade: {} }],
            },
          },
          networks: [{ name: POD_NETWORK, pod: {} }],
          ...(input.readiness !== 'running' && { readinessProbe: readinessProbe(input.readiness, input.unitNames) }),
          volumes: [
            { name: CONTAINER_DISK, containerDisk: { image: input.image } },
            // Always a Secret, never inline userData: it keeps credentials out of the VM object and
            // lifts KubeVirt's 2 KiB inline limit.
            { name: CLOUD_INIT_DISK, cloudInitNoCloud: { secretRef: { name: input.secretName } } },
            ...input.dataDisks.map((disk): V1Volume => ({
              name: disk.name,
              dataVolume: { name: dataVolumeName(input.name, disk.name) },
            })),
          ],
        },
      },
    },
  };
};

/** A VirtualMachine as the Kubernetes client types objects. */
export type VirtualMachineObject = KubernetesObject & Omit<V1VirtualMachine, 'metadata'>;

/**
 * The one conversion between the two libraries' types. They describe the same JSON but type the
 * server-set ObjectMeta timestamps differently (client-node: Date, KubeVirt: string); a built VM has
 * none, so everything else crosses over unchanged.
 */
export const toKubernetesObject = (vm: V1VirtualMachine): VirtualMachineObject => {
  const { creationTimestamp: _created, deletionTimestamp: _deleted, managedFields: _managed, ...metadata } = vm.metadata ?? {};
  return { ...vm, metadata };
};

/**
 * The probe that says the VM's units are all active. `http`: a GET on the guest's health endpoint,
 * which the kubelet sends to the virt-launcher pod and masquerade forwards into the guest.
 * `guest-agent`: a command run in the guest by the QEMU guest agent (KubeVirt attaches its channel by
 * default); `systemctl is-active` with several units succeeds when ANY is active, so several units are
 * checked one by one in a shell. On SELinux-enforcing Fedora and RHEL the agent's commands run confined
 * and may not ask systemd, so `http` is the default.
 */
export const readinessProbe = (mode: Exclude<ReadinessMode, 'running'>, unitNames: readonly string[]): V1Probe => {
  if (unitNames.length === 0) throw new InternalError('a VM needs at least one systemd unit for its readiness probe');
  for (const unit of unitNames) {
    if (!UNIT_NAME_PATTERN.test(unit)) throw new InternalError(`unit name ${JSON.stringify(unit)} is not a plain systemd service name`);
  }
  return { ...probeHandler(mode, unitNames), ...PROBE_TIMING };
};

/**
 * KubeVirt's generated types leave out `port`, an IntOrString the schema requires; the API takes it
 * as in the Kubernetes HTTPGetAction.
 */
type HttpGetAction = NonNullable<V1Probe['httpGet']> & { port: number | string };

const probeHandler = (mode: Exclude<ReadinessMode, 'running'>, unitNames: readonly string[]): V1Probe => {
  if (mode === 'http') {
    const httpGet: HttpGetAction = { path: HEALTH_PATH, port: HEALTH_PORT };
    return { httpGet };
  }
  const command =
    unitNames.length === 1
      ? ['systemctl', 'is-active', '--quiet', ...unitNames]
      : ['/bin/sh', '-c', unitNames.map((unit) => `systemctl is-active --quiet ${unit}`).join(' && ')];
  return { exec: { command } };
};

const PROBE_TIMING: V1Probe = {
  initialDelaySeconds: PROBE_INITIAL_DELAY_SECONDS,
  periodSeconds: PROBE_PERIOD_SECONDS,
  timeoutSeconds: PROBE_TIMEOUT_SECONDS,
  failureThreshold: PROBE_FAILURE_THRESHOLD,
};

/** A blank DataVolume through the `storage` API, so CDI fills in access and volume mode from the StorageProfile. */
const dataVolumeTemplate = (input: VmSpecInput, disk: DataDiskInput): V1DataVolumeTemplateSpec => ({
  metadata: { name: dataVolumeName(input.name, disk.name), labels: { ...input.labels } },
  spec: {
    source: { blank: {} },
    storage: {
      resources: { requests: { storage: disk.size } },
      ...(input.storageClassName !== undefined && { storageClassName: input.storageClassName }),
    },
  },
});

/** The disks come from workload definitions, never from the user: a clash is a bug in one. */
const checkDataDisks = ({ name, dataDisks }: VmSpecInput): void => {
  const names = new Set<string>([CONTAINER_DISK, CLOUD_INIT_DISK]);
  const serials = new Set<string>();
  for (const disk of dataDisks) {
    const problem = dns1123LabelProblem(disk.name);
    if (problem !== undefined) throw new InternalError(`data disk "${disk.name}" of VM ${name}: a disk name ${problem}`);
    if (names.has(disk.name)) {
      throw new InternalError(`data disk "${disk.name}" of VM ${name}: disk names must be unique within a VM`);
    }
    if (!SERIAL_PATTERN.test(disk.serial)) {
      throw new InternalError(
        `serial "${disk.serial}" of data disk ${disk.name}: must be 1-20 characters of letters, digits, - or _ (the guest sees only the first 20)`,
      );
    }
    if (serials.has(disk.serial)) {
      throw new InternalError(`serial "${disk.serial}" of data disk ${disk.name}: serials must be unique within a VM`);
    }
    names.add(disk.name);
    serials.add(disk.serial);
  }
};
