/**
 * virt-handler's domain statistics as Prometheus series (pkg/monitoring/metrics/virt-handler/
 * domainstats): for every Running VMI, the `kubevirt_vmi_*` counters and gauges of its vCPUs,
 * memory, disks (`drive` = the disk's name), interfaces (`interface`) and, once its guest agent
 * is connected, filesystems (`disk_name`, `mount_point`). Every series carries `name`,
 * `namespace`, `node` and each VMI label as `kubernetes_vmi_label_<key>`. A VMI that is not
 * Running has no domain and so no series.
 *
 * Counters grow at the rates of the guest's workload (guest-load.ts) between scrapes; a VM under
 * the `stalledLoad` fault keeps its counters where they are.
 */
import { resourceOfKind } from '../registry/index.js';
import type { FaultSet } from '../faults.js';
import { quantityValue } from '../quantity.js';
import type { Store, StoredObject } from '../storage/store.js';
import { renderExposition, vmiLabelName, type MetricFamily, type MetricType, type Sample } from './exposition.js';
import { guestLoad, STALLED, type DiskRates, type GuestLoad } from './guest-load.js';

const VMIS = resourceOfKind('VirtualMachineInstance');
const SECRETS = resourceOfKind('Secret');
const DATA_VOLUMES = resourceOfKind('DataVolume');

/** virtwork's data disk is named `data`; any other disk but the root reads as idle. */
const DATA_DISK = 'data';
const ROOT_DISKS = new Set(['containerdisk', 'rootdisk']);
const DATA_MOUNT = '/mnt/data';
const ROOT_FILESYSTEM_BYTES = 10 * 2 ** 30;
const ROOT_USED_BYTES = 2.1 * 2 ** 30;
/** A guest's filesystem on a data disk: what mkfs and the workload's files leave used. */
const DATA_USED_SHARE = 0.3;
/** chaos-disk's cycle, compressed so tests see it turn: fill, hold, release, wait (seconds each). */
const FILL_CYCLE_SECONDS = { fill: 4, hold: 4, empty: 4 };
const HYPERVISOR_OVERHEAD = 0.03;

interface VmiSpec {
  domain?: {
    cpu?: { cores?: number; sockets?: number; threads?: number };
    memory?: { guest?: string };
    resources?: { requests?: { memory?: string } };
    devices?: { disks?: { name: string }[]; interfaces?: { name: string }[] };
  };
  volumes?: { name: string; cloudInitNoCloud?: { secretRef?: { name?: string }; userData?: string }; dataVolume?: { name: string } }[];
}

interface VmiStatus {
  phase?: string;
  nodeName?: string;
  conditions?: { type: string; status: string }[];
  volumeStatus?: { name: string; target?: string }[];
}

/** What one VMI has accumulated since it started running. */
interface Counters {
  lastMs: number;
  readonly values: Map<string, number>;
}

const SERIES: readonly { name: string; type: MetricType; help: string }[] = [
  { name: 'kubevirt_vmi_vcpu_seconds_total', type: 'counter', help: 'Total amount of time spent in each state by each vcpu.' },
  { name: 'kubevirt_vmi_cpu_usage_seconds_total', type: 'counter', help: 'Total CPU time spent in all modes (sum of both vcpu and hypervisor usage).' },
  { name: 'kubevirt_vmi_memory_available_bytes', type: 'gauge', help: 'Amount of usable memory as seen by the domain. This value may not be accurate if a balloon driver is in use or if the guest OS does not initialize all assigned pages' },
  { name: 'kubevirt_vmi_memory_usable_bytes', type: 'gauge', help: 'The amount of memory which can be reclaimed by balloon without pushing the guest system to swap, corresponds to \'Available\' in /proc/meminfo' },
  { name: 'kubevirt_vmi_memory_domain_bytes', type: 'gauge', help: 'The amount of memory in bytes allocated to the domain. The memory value in domain xml file' },
  { name: 'kubevirt_vmi_storage_iops_read_total', type: 'counter', help: 'Total number of I/O read operations.' },
  { name: 'kubevirt_vmi_storage_iops_write_total', type: 'counter', help: 'Total number of I/O write operations.' },
  { name: 'kubevirt_vmi_storage_read_traffic_bytes_total', type: 'counter', help: 'Total number of bytes read from storage.' },
  { name: 'kubevirt_vmi_storage_write_traffic_bytes_total', type: 'counter', help: 'Total number of written bytes.' },
  { name: 'kubevirt_vmi_network_receive_bytes_total', type: 'counter', help: 'Total network traffic received in bytes.' },
  { name: 'kubevirt_vmi_network_transmit_bytes_total', type: 'counter', help: 'Total network traffic transmitted in bytes.' },
  { name: 'kubevirt_vmi_network_receive_packets_dropped_total', type: 'counter', help: 'The total number of rx packets dropped on vNIC interfaces.' },
  { name: 'kubevirt_vmi_network_transmit_packets_dropped_total', type: 'counter', help: 'The total number of tx packets dropped on vNIC interfaces.' },
  { name: 'kubevirt_vmi_filesystem_capacity_bytes', type: 'gauge', help: 'Total VM filesystem capacity in bytes.' },
  { name: 'kubevirt_vmi_filesystem_used_bytes', type: 'gauge', help: 'Used VM filesystem capacity in bytes.' },
];

const vcpuCount = (spec: VmiSpec): number => {
  const cpu = spec.domain?.cpu ?? {};
  return (cpu.cores ?? 1) * (cpu.sockets ?? 1) * (cpu.threads ?? 1);
};

const guestMemoryBytes = (spec: VmiSpec): number =>
  quantityValue(spec.domain?.memory?.guest) ?? quantityValue(spec.domain?.resources?.requests?.memory) ?? 2 ** 31;

/** Where a filesystem's used bytes stand at `seconds` into chaos-disk's cycle (0..1 of the fill). */
const fillShare = (seconds: number): number => {
  const { fill, hold, empty } = FILL_CYCLE_SECONDS;
  const t = seconds % (fill + hold + empty);
  return t < fill ? t / fill : t < fill + hold ? 1 : 0;
};

export class VmiMetricsExporter {
  private readonly counters = new Map<string, Counters>();

  constructor(
    private readonly store: Store,
    private readonly faults: FaultSet,
  ) {}

  /** The exposition of every Running VMI, counters advanced to `nowMs`. */
  scrape(nowMs: number = Date.now()): string {
    const samples = new Map<string, Sample[]>(SERIES.map((s) => [s.name, []]));
    const add = (name: string, labels: Record<string, string>, value: number): void => void samples.get(name)!.push({ labels, value });
    const live = new Set<string>();
    for (const vmi of this.store.list(VMIS)) {
      const status = (vmi.status ?? {}) as VmiStatus;
      if (status.phase !== 'Running') continue;
      live.add(vmi.metadata.uid);
      this.collect(vmi, status, nowMs, add);
    }
    // A VMI that stopped running takes its series with it; a restarted one starts from zero.
    for (const uid of this.counters.keys()) if (!live.has(uid)) this.counters.delete(uid);
    const families: MetricFamily[] = SERIES.map((s) => ({ ...s, samples: samples.get(s.name)! }));
    return renderExposition(families);
  }

  private collect(vmi: StoredObject, status: VmiStatus, nowMs: number, add: (name: string, labels: Record<string, string>, value: number) => void): void {
    const spec = (vmi.spec ?? {}) as VmiSpec;
    const ns = vmi.metadata.namespace ?? '';
    const name = vmi.metadata.name;
    const vmiLabels = vmi.metadata.labels ?? {};
    const base: Record<string, string> = { name, namespace: ns, node: status.nodeName ?? '' };
    for (const [key, value] of Object.entries(vmiLabels)) base[vmiLabelName(key)] = value;

    const stalled = this.faults.vmFault(ns, name)?.behaviour === 'stalledLoad';
    const load: GuestLoad = stalled ? STALLED : guestLoad(vmiLabels['virtwork/workload'], vmiLabels['virtwork/role'], this.userData(ns, spec));
    const counters = this.counters.get(vmi.metadata.uid) ?? { lastMs: nowMs, values: new Map<string, number>() };
    this.counters.set(vmi.metadata.uid, counters);
    const elapsed = Math.max(0, (nowMs - counters.lastMs) / 1000);
    counters.lastMs = nowMs;
    /** Advances a counter by `perSecond` over the time since the last scrape and returns it. */
    const grow = (key: string, perSecond: number): number => {
      const value = (counters.values.get(key) ?? 0) + perSecond * elapsed;
      counters.values.set(key, value);
      return value;
    };

    const vcpus = vcpuCount(spec);
    for (let id = 0; id < vcpus; id++) add('kubevirt_vmi_vcpu_seconds_total', { ...base, id: String(id), state: 'running' }, grow(`vcpu/${id}`, load.cpuBusy));
    const busy = load.cpuBusy * vcpus;
    add('kubevirt_vmi_cpu_usage_seconds_total', base, grow('cpu', busy > 0 ? busy + HYPERVISOR_OVERHEAD : 0));

    const memory = guestMemoryBytes(spec);
    add('kubevirt_vmi_memory_domain_bytes', base, memory);
    add('kubevirt_vmi_memory_available_bytes', base, memory);
    add('kubevirt_vmi_memory_usable_bytes', base, Math.round(memory * (1 - load.memoryUsed)));

    for (const disk of spec.domain?.devices?.disks ?? []) {
      const rates: DiskRates = disk.name === DATA_DISK ? load.dataDisk : ROOT_DISKS.has(disk.name) ? load.rootDisk : { readIops: 0, writeIops: 0, readBytes: 0, writeBytes: 0 };
      const labels = { ...base, drive: disk.name };
      add('kubevirt_vmi_storage_iops_read_total', labels, Math.floor(grow(`disk/${disk.name}/ri`, rates.readIops)));
      add('kubevirt_vmi_storage_iops_write_total', labels, Math.floor(grow(`disk/${disk.name}/wi`, rates.writeIops)));
      add('kubevirt_vmi_storage_read_traffic_bytes_total', labels, Math.floor(grow(`disk/${disk.name}/rb`, rates.readBytes)));
      add('kubevirt_vmi_storage_write_traffic_bytes_total', labels, Math.floor(grow(`disk/${disk.name}/wb`, rates.writeBytes)));
    }

    // Without interfaces, KubeVirt attaches the pod network as "default".
    for (const iface of spec.domain?.devices?.interfaces ?? [{ name: 'default' }]) {
      const labels = { ...base, interface: iface.name };
      const n = load.network;
      add('kubevirt_vmi_network_receive_bytes_total', labels, Math.floor(grow(`net/${iface.name}/rb`, n.receiveBytes)));
      add('kubevirt_vmi_network_transmit_bytes_total', labels, Math.floor(grow(`net/${iface.name}/tb`, n.transmitBytes)));
      add('kubevirt_vmi_network_receive_packets_dropped_total', labels, Math.floor(grow(`net/${iface.name}/rd`, n.receiveDropped)));
      add('kubevirt_vmi_network_transmit_packets_dropped_total', labels, Math.floor(grow(`net/${iface.name}/td`, n.transmitDropped)));
    }

    // Filesystems come from the guest agent: none until it connects.
    const agent = status.conditions?.some((c) => c.type === 'AgentConnected' && c.status === 'True') === true;
    if (!agent) return;
    const target = (volume: string): string => status.volumeStatus?.find((v) => v.name === volume)?.target ?? volume;
    const rootVolume = spec.domain?.devices?.disks?.find((d) => ROOT_DISKS.has(d.name))?.name ?? 'containerdisk';
    const root = { ...base, disk_name: target(rootVolume), mount_point: '/' };
    add('kubevirt_vmi_filesystem_capacity_bytes', root, ROOT_FILESYSTEM_BYTES);
    add('kubevirt_vmi_filesystem_used_bytes', root, ROOT_USED_BYTES);
    const dataVolume = spec.volumes?.find((v) => v.name === DATA_DISK && v.dataVolume);
    if (dataVolume?.dataVolume) {
      const capacity = this.dataVolumeBytes(ns, dataVolume.dataVolume.name);
      // The fill clock advances only while the workload runs, so a stalled disk stays where it was.
      const fillSeconds = grow('fill', load.fillsDataDisk ? 1 : 0);
      const share = fillSeconds > 0 ? Math.max(DATA_USED_SHARE, 0.9 * fillShare(fillSeconds)) : DATA_USED_SHARE;
      const data = { ...base, disk_name: target(DATA_DISK), mount_point: DATA_MOUNT };
      add('kubevirt_vmi_filesystem_capacity_bytes', data, capacity);
      add('kubevirt_vmi_filesystem_used_bytes', data, Math.round(capacity * share));
    }
  }

  /** The cloud-init user data the guest booted with (from its Secret, or inline), or ''. */
  private userData(ns: string, spec: VmiSpec): string {
    const source = spec.volumes?.find((v) => v.cloudInitNoCloud)?.cloudInitNoCloud;
    if (source?.userData) return source.userData;
    const secretName = source?.secretRef?.name;
    if (!secretName) return '';
    const data = this.store.get(SECRETS, ns, secretName)?.data as Record<string, string> | undefined;
    const encoded = data?.['userdata'] ?? data?.['userData'];
    return encoded ? Buffer.from(encoded, 'base64').toString('utf8') : '';
  }

  /** The size the DataVolume asked for (the filesystem's capacity, near enough), default 10Gi. */
  private dataVolumeBytes(ns: string, name: string): number {
    const dv = this.store.get(DATA_VOLUMES, ns, name);
    const spec = dv?.spec as { storage?: { resources?: { requests?: { storage?: string } } }; pvc?: { resources?: { requests?: { storage?: string } } } } | undefined;
    return quantityValue(spec?.storage?.resources?.requests?.storage ?? spec?.pvc?.resources?.requests?.storage) ?? 10 * 2 ** 30;
  }
}
