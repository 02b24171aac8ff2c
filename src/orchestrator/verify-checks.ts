/**
 * Which KubeVirt series each workload must move, as PromQL over one VM, and how the observed
 * value is judged. The names and labels are those virt-handler exports
 * (pkg/monitoring/metrics/virt-handler/domainstats): every series carries `name` and `namespace`;
 * drives are `drive` (the disk's name), interfaces `interface`, guest filesystems `disk_name` and
 * `mount_point`. Pure: no I/O.
 */
import { DATA_MOUNT } from '../constants.js';

/** ok: the load is visible; info: shown, never judged; the rest fail the run. */
export type Verdict = 'ok' | 'info' | 'low' | 'high' | 'flat' | 'missing';

export interface VerifyTarget {
  readonly namespace: string;
  readonly name: string;
  readonly runId: string | null;
  readonly workload: string | null;
  readonly role: string | null;
  /** The pair a server or client belongs to (`virtwork/pair`), for multi-VM workloads. */
  readonly pair: string | null;
  /** The VMI's phase, else the VM's printable status. */
  readonly phase: string | null;
  readonly vcpus: number;
  readonly memoryBytes: number | null;
  /** The name of the disk on the data volume (the `drive` label), if the VM has one. */
  readonly dataDisk: string | null;
  /** The first interface (the `interface` label). */
  readonly interfaceName: string;
  /** The workload's params: what the run recorded, else the defaults. */
  readonly params: Readonly<Record<string, unknown>>;
}

export interface SeriesCheck {
  /** What the row names: the series, as a user would search for it. */
  readonly series: string;
  readonly promql: string;
  readonly unit: 'cores' | 'bytes' | 'bytes/s' | 'ops/s' | 'packets/s';
  /** The expectation in words, tolerance included. */
  readonly expected: string;
  readonly judge: (observed: number) => Verdict;
}

/** CPU: within half the expected cores, or 0.1 core, whichever is more (guests have their own background). */
export const CPU_TOLERANCE = 0.5;
const CPU_SLACK_CORES = 0.1;
/** Memory: at least half the configured share in use (stress-ng sizes --vm-bytes from what is free). */
export const MEMORY_FLOOR = 0.5;
/** A direction of a network workload moves at least this much (an idle guest moves about 1 kB/s). */
export const NETWORK_MIN_BYTES_PER_SECOND = 10_000;
const DISK_MIN_OPS = 1;
const DISK_MIN_BYTES_PER_SECOND = 4096;
/** chaos-disk: the filesystem's used bytes span at least this much over the window. */
const FILL_MIN_BYTES = 1024 * 1024;

const MB = 1_000_000;

const numberParam = (params: Readonly<Record<string, unknown>>, key: string, fallback: number): number => {
  const value = Number(params[key]);
  return Number.isFinite(value) ? value : fallback;
};

const atLeast = (min: number) => (observed: number): Verdict => (observed <= 0 ? 'flat' : observed >= min ? 'ok' : 'low');

const near = (expected: number, tolerance: number) => (observed: number): Verdict => {
  if (observed <= 0) return 'flat';
  if (observed < expected - tolerance) return 'low';
  if (observed > expected + tolerance) return 'high';
  return 'ok';
};

/** `{namespace="ns",name="vm",...extra}`: one VM's series, as KubeVirt labels them. */
const selector = (t: VerifyTarget, extra: Record<string, string> = {}): string =>
  `{${Object.entries({ namespace: t.namespace, name: t.name, ...extra })
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
    .join(',')}}`;

const rateSum = (metric: string, sel: string, window: string): string => `sum(rate(${metric}${sel}[${window}]))`;

/** `0.60 cores`, `1536 MiB`, `2.5 MB/s`, `40.0 kB/s`, `12.0 ops/s`. */
const format = (value: number, unit: SeriesCheck['unit']): string => {
  if (unit === 'cores') return `${value.toFixed(2)} cores`;
  if (unit === 'bytes') return `${(value / 2 ** 20).toFixed(0)} MiB`;
  if (unit !== 'bytes/s') return `${value.toFixed(1)} ${unit}`;
  return value >= MB ? `${(value / MB).toFixed(1)} MB/s` : value >= 1000 ? `${(value / 1000).toFixed(1)} kB/s` : `${value.toFixed(0)} B/s`;
};

export const formatObserved = format;

/** A pair's ends mirror each other when one's transmit is within this factor of the other's receive. */
export const MIRROR_FACTOR = 2;

/** The verdict on `sent / received` of a pair's two ends. */
export const judgeMirror = (ratio: number): Verdict => (ratio <= 0 ? 'flat' : ratio < 1 / MIRROR_FACTOR ? 'low' : ratio > MIRROR_FACTOR ? 'high' : 'ok');

const cpuCheck = (t: VerifyTarget, window: string, loadPercent: number): SeriesCheck => {
  const expected = (t.vcpus * loadPercent) / 100;
  const tolerance = Math.max(expected * CPU_TOLERANCE, CPU_SLACK_CORES);
  return {
    series: 'kubevirt_vmi_vcpu_seconds_total{state="running"}',
    promql: rateSum('kubevirt_vmi_vcpu_seconds_total', selector(t, { state: 'running' }), window),
    unit: 'cores',
    expected: `${expected.toFixed(2)} ± ${tolerance.toFixed(2)} cores (${t.vcpus} vCPU × ${loadPercent} %)`,
    judge: near(expected, tolerance),
  };
};

/** Any CPU at all: a guest whose workload the check cannot size (chaos-process, catalog entries). */
const cpuMovingCheck = (t: VerifyTarget, window: string): SeriesCheck => ({
  series: 'kubevirt_vmi_vcpu_seconds_total{state="running"}',
  promql: rateSum('kubevirt_vmi_vcpu_seconds_total', selector(t, { state: 'running' }), window),
  unit: 'cores',
  expected: '> 0 cores',
  judge: atLeast(0.001),
});

/**
 * The most memory the guest held over the window: available is the guest's fixed size, so its
 * maximum less usable's minimum is the peak in use. Over the window, not now, so a run cleaned
 * up since (verified from the audit store) still reads what its VMs held while they ran.
 */
const memoryCheck = (t: VerifyTarget, window: string, percent: number): SeriesCheck => {
  const sel = selector(t);
  const expected = t.memoryBytes === null ? undefined : (t.memoryBytes * percent) / 100;
  return {
    series: 'kubevirt_vmi_memory_available_bytes - kubevirt_vmi_memory_usable_bytes',
    promql: `sum(max_over_time(kubevirt_vmi_memory_available_bytes${sel}[${window}]) - min_over_time(kubevirt_vmi_memory_usable_bytes${sel}[${window}]))`,
    unit: 'bytes',
    expected: expected === undefined ? '> 0 MiB' : `≥ ${format(expected * MEMORY_FLOOR, 'bytes')} (half of ${percent} % of ${format(t.memoryBytes!, 'bytes')})`,
    judge: atLeast(expected === undefined ? 1 : expected * MEMORY_FLOOR),
  };
};

const diskChecks = (t: VerifyTarget, window: string): SeriesCheck[] => {
  // Without a data disk (a catalog variant), every drive of the VM counts.
  const drive = t.dataDisk === null ? {} : { drive: t.dataDisk };
  const sel = selector(t, drive);
  const shown = t.dataDisk === null ? '' : `{drive="${t.dataDisk}"}`;
  const both = (read: string, write: string): string => `${rateSum(read, sel, window)} + ${rateSum(write, sel, window)}`;
  return [
    {
      series: `kubevirt_vmi_storage_iops_{read,write}_total${shown}`,
      promql: both('kubevirt_vmi_storage_iops_read_total', 'kubevirt_vmi_storage_iops_write_total'),
      unit: 'ops/s',
      expected: `≥ ${DISK_MIN_OPS} ops/s`,
      judge: atLeast(DISK_MIN_OPS),
    },
    {
      series: `kubevirt_vmi_storage_{read,write}_traffic_bytes_total${shown}`,
      promql: both('kubevirt_vmi_storage_read_traffic_bytes_total', 'kubevirt_vmi_storage_write_traffic_bytes_total'),
      unit: 'bytes/s',
      expected: `≥ ${format(DISK_MIN_BYTES_PER_SECOND, 'bytes/s')}`,
      judge: atLeast(DISK_MIN_BYTES_PER_SECOND),
    },
  ];
};

const networkChecks = (t: VerifyTarget, window: string, min: number): SeriesCheck[] =>
  (['receive', 'transmit'] as const).map((direction) => ({
    series: `kubevirt_vmi_network_${direction}_bytes_total{interface="${t.interfaceName}"}`,
    promql: rateSum(`kubevirt_vmi_network_${direction}_bytes_total`, selector(t, { interface: t.interfaceName }), window),
    unit: 'bytes/s' as const,
    expected: `≥ ${format(min, 'bytes/s')}`,
    judge: atLeast(min),
  }));

/**
 * Packets dropped on the vNIC, shown and not judged: netem drops inside the guest, before the
 * packet reaches the interface whose counters virt-handler reads. No VMI series shows latency.
 */
const droppedCheck = (t: VerifyTarget, window: string): SeriesCheck => {
  const sel = selector(t, { interface: t.interfaceName });
  return {
    series: 'kubevirt_vmi_network_{receive,transmit}_packets_dropped_total',
    promql: `${rateSum('kubevirt_vmi_network_receive_packets_dropped_total', sel, window)} + ${rateSum('kubevirt_vmi_network_transmit_packets_dropped_total', sel, window)}`,
    unit: 'packets/s',
    expected: 'shown only (netem drops in the guest; no series shows latency)',
    judge: () => 'info',
  };
};

const fillCheck = (t: VerifyTarget, window: string, mount: string): SeriesCheck => {
  const sel = selector(t, { mount_point: mount });
  return {
    series: `kubevirt_vmi_filesystem_used_bytes{mount_point="${mount}"}`,
    promql: `max(max_over_time(kubevirt_vmi_filesystem_used_bytes${sel}[${window}]) - min_over_time(kubevirt_vmi_filesystem_used_bytes${sel}[${window}]))`,
    unit: 'bytes',
    expected: `fills and empties: spans ≥ ${format(FILL_MIN_BYTES, 'bytes')} over the window (needs the guest agent)`,
    judge: atLeast(FILL_MIN_BYTES),
  };
};

/** The checks of one VM, by its workload. */
export const checksFor = (t: VerifyTarget, window: string): SeriesCheck[] => {
  switch (t.workload) {
    case 'cpu':
      return [cpuCheck(t, window, numberParam(t.params, 'cpu-load-percent', 100))];
    case 'memory':
      return [memoryCheck(t, window, numberParam(t.params, 'memory-percent', 80))];
    case 'disk':
    case 'database':
      return diskChecks(t, window);
    case 'network':
    case 'tps':
      return networkChecks(t, window, NETWORK_MIN_BYTES_PER_SECOND);
    case 'chaos-network':
      return [...networkChecks(t, window, 1000), droppedCheck(t, window)];
    case 'chaos-disk':
      return [fillCheck(t, window, typeof t.params['mount'] === 'string' ? t.params['mount'] : DATA_MOUNT)];
    default:
      return [cpuMovingCheck(t, window)];
  }
};
