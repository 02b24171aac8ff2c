/**
 * What a simulated guest's workload does to the counters virt-handler reads from its domain: per
 * workload (the VMI's `virtwork/workload` and `virtwork/role` labels) and its parameters, read from
 * the commands its cloud-init user data starts (`stress-ng --cpu-load 30`, `--vm-bytes 80%`), as
 * the guest itself would run them. Rates are per second; a VM without a known workload idles.
 */

/** Per-second rates of one disk's counters. */
export interface DiskRates {
  readonly readIops: number;
  readonly writeIops: number;
  readonly readBytes: number;
  readonly writeBytes: number;
}

/** Per-second rates of the VM's network interface. */
export interface NetworkRates {
  readonly receiveBytes: number;
  readonly transmitBytes: number;
  readonly receiveDropped: number;
  readonly transmitDropped: number;
}

export interface GuestLoad {
  /** Share of each vCPU the guest keeps busy (0..1). */
  readonly cpuBusy: number;
  /** Share of guest memory in use (0..1). */
  readonly memoryUsed: number;
  /** The root (container) disk. */
  readonly rootDisk: DiskRates;
  /** The data disk, when the VM has one. */
  readonly dataDisk: DiskRates;
  readonly network: NetworkRates;
  /** The data disk's filesystem fills and empties (chaos-disk) instead of staying put. */
  readonly fillsDataDisk: boolean;
}

const MB = 1_000_000;
const NO_DISK: DiskRates = { readIops: 0, writeIops: 0, readBytes: 0, writeBytes: 0 };
/** journald, the agent, the health endpoint: what any running guest does. */
const IDLE: GuestLoad = {
  cpuBusy: 0.02,
  memoryUsed: 0.15,
  rootDisk: { readIops: 0.5, writeIops: 1, readBytes: 2048, writeBytes: 4096 },
  dataDisk: NO_DISK,
  network: { receiveBytes: 400, transmitBytes: 600, receiveDropped: 0, transmitDropped: 0 },
  fillsDataDisk: false,
};

/** The number after `flag` in the user data (`--cpu-load 30`, `--vm-bytes 80%`), or the fallback. */
const numberAfter = (userData: string, flag: string, fallback: number): number => {
  const match = new RegExp(`${flag}[ =](\\d+(?:\\.\\d+)?)`).exec(userData);
  return match ? Number(match[1]) : fallback;
};

const bidirectional = (bytes: number): NetworkRates => ({ receiveBytes: bytes, transmitBytes: bytes, receiveDropped: 0, transmitDropped: 0 });

/** The load of a guest running `workload` in `role`, with the commands of `userData`. */
export const guestLoad = (workload: string | undefined, role: string | undefined, userData: string): GuestLoad => {
  switch (workload) {
    case 'cpu':
      return { ...IDLE, cpuBusy: numberAfter(userData, '--cpu-load', 100) / 100 };
    case 'memory':
      return { ...IDLE, cpuBusy: 0.3, memoryUsed: Math.min(0.95, numberAfter(userData, '--vm-bytes', 80) / 100) };
    case 'disk':
      // fio's mixed job (70 % reads of 4k) and its sequential writes of 128k.
      return { ...IDLE, cpuBusy: 0.1, dataDisk: { readIops: 700, writeIops: 500, readBytes: 2.8 * MB, writeBytes: 40 * MB } };
    case 'database':
      return { ...IDLE, cpuBusy: 0.4, memoryUsed: 0.35, dataDisk: { readIops: 200, writeIops: 400, readBytes: 1.6 * MB, writeBytes: 6.5 * MB } };
    case 'network':
      // iperf3 --bidir: both ends send and receive; the server's receive is the client's transmit.
      return { ...IDLE, cpuBusy: 0.2, network: bidirectional(role === 'server' ? 480 * MB : 500 * MB) };
    case 'tps': {
      // Clients fetch files over HTTP (and TCP_RR): the server sends, the client receives.
      const big = 20 * MB;
      const small = 0.5 * MB;
      const network = role === 'server' ? { receiveBytes: small, transmitBytes: big } : { receiveBytes: big * 0.98, transmitBytes: small * 1.02 };
      return { ...IDLE, cpuBusy: 0.15, network: { ...network, receiveDropped: 0, transmitDropped: 0 } };
    }
    case 'chaos-network': {
      // netem drops this share of outgoing packets (1,500-byte packets at 1 MB/s is about 670 a second).
      const loss = numberAfter(userData, 'loss', 5) / 100;
      return { ...IDLE, network: { receiveBytes: 1 * MB, transmitBytes: 1 * MB, receiveDropped: 0, transmitDropped: 670 * loss } };
    }
    case 'chaos-disk':
      return { ...IDLE, dataDisk: { readIops: 5, writeIops: 300, readBytes: 20_000, writeBytes: 35 * MB }, fillsDataDisk: true };
    case 'chaos-process':
      return { ...IDLE, cpuBusy: 0.05 };
    default:
      return IDLE;
  }
};

/** A guest whose workload stopped (the `stalledLoad` fault): nothing moves at all. */
export const STALLED: GuestLoad = {
  cpuBusy: 0,
  memoryUsed: IDLE.memoryUsed,
  rootDisk: NO_DISK,
  dataDisk: NO_DISK,
  network: { receiveBytes: 0, transmitBytes: 0, receiveDropped: 0, transmitDropped: 0 },
  fillsDataDisk: false,
};
