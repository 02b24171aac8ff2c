/** What the tests ask a booted guest, through its agent: cloud-init, units, probe, and load figures. */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { basename } from 'node:path';
import type { Guest } from '../../lab/guest.js';
import type { ExecResult } from '../../lab/qga.js';
import type { PlannedProbe, PlannedVm } from './dry-run-plan.js';

export const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

/** SHA-256 of the user-data cloud-init received, as it stored it. */
export const receivedUserDataSha256 = async (guest: Guest): Promise<string> =>
  (await guest.agent.shOk('sha256sum /var/lib/cloud/instance/user-data.txt')).split(' ')[0] ?? '';

/**
 * What `cloud-init status` says, read from the files it reads (`/run/cloud-init/status.json` and
 * `result.json`) rather than by starting cloud-init's Python, which an emulated guest busy with its
 * workload can take minutes to do. The files' text goes into messages.
 */
export const cloudInitStatus = async (guest: Guest): Promise<{ status: CloudInitStatus; text: string }> => {
  const result = await guest.agent.sh('cat /run/cloud-init/status.json; echo; cat /run/cloud-init/result.json');
  const [statusText = '', resultText = ''] = result.stdout.split(/\n(?=\{)/);
  return { status: cloudInitStatusFrom(statusText, resultText), text: `${result.stdout}${result.stderr}` };
};

export type CloudInitStatus = 'done' | 'error' | 'running';

/**
 * The decision `cloud-init status` makes from those two files: `error` when a stage or the result
 * lists errors; `running` until result.json exists (it is written after the last stage) or while a
 * stage that started has not finished; `done` otherwise. A stage that never starts does not hold the
 * boot back: current releases leave `modules-init` empty.
 */
export const cloudInitStatusFrom = (statusText: string, resultText: string): CloudInitStatus => {
  type Stage = { errors?: unknown[]; recoverable_errors?: Record<string, unknown[]>; start?: number | null; finished?: number | null };
  let stages: Record<string, Stage | string | null>;
  let outcome: { errors?: unknown[] };
  try {
    stages = (JSON.parse(statusText) as { v1: Record<string, Stage | string | null> }).v1;
    outcome = (JSON.parse(resultText) as { v1: { errors?: unknown[] } }).v1;
  } catch {
    return 'running';
  }
  const stageList = Object.values(stages).filter((s): s is Stage => typeof s === 'object' && s !== null);
  const errors = [...(outcome.errors ?? []), ...stageList.flatMap((s) => [...(s.errors ?? []), ...Object.values(s.recoverable_errors ?? {}).flat()])];
  if (errors.length > 0) return 'error';
  return stageList.some((s) => Boolean(s.start) && !s.finished) ? 'running' : 'done';
};

/**
 * Runs the VM's readiness probe from inside the guest: an exec probe as KubeVirt does (guest-exec of
 * the command, its first word found on PATH), an httpGet probe as the kubelet does (a GET with the
 * probe's timeout; 2xx and 3xx pass) but to the guest's own address. The health test does it from the
 * host, as the kubelet really does.
 */
export const runReadinessProbe = (guest: Guest, probe: PlannedProbe): Promise<ExecResult> => {
  switch (probe.kind) {
    case 'exec': {
      const [path = '', ...args] = probe.command;
      return guest.agent.exec(path, args);
    }
    case 'http':
      return httpProbe(guest, probe);
    case 'none':
      throw new Error(`${guest.name}: the VM has no readiness probe`);
  }
};

/**
 * What the kubelet sends, from inside the guest: a GET with the probe's timeout, 2xx and 3xx
 * passing. A Ready pod turns unready only after `failureThreshold` failures in a row, a period
 * apart, so that is what failing means here too: an emulated guest busy with its load may miss one.
 */
const httpProbe = async (guest: Guest, probe: Extract<PlannedProbe, { kind: 'http' }>): Promise<ExecResult> => {
  const url = `http://127.0.0.1:${probe.port}${probe.path}`;
  let result: ExecResult | undefined;
  for (let attempt = 1; attempt <= probe.failureThreshold; attempt++) {
    if (attempt > 1) await sleep(probe.periodSeconds * 1000);
    result = await guest.agent.exec('curl', ['-sS', '-f', '-o', '/dev/null', '-m', String(probe.timeoutSeconds), url]);
    if (result.exitCode === 0) return result;
  }
  return result as ExecResult;
};

/** The virtwork units the VM's cloud-config writes, by name. */
export const unitNamesOf = (vm: PlannedVm): string[] => vm.unitFiles.map((f) => basename(f.path));

export interface UnitState {
  readonly activeState: string;
  readonly restarts: number;
  readonly mainPid: number;
  /** Seconds after the guest's kernel started (≈ QEMU start) when the unit last became active. */
  readonly activeAtSeconds: number;
}

export const unitState = async (guest: Guest, unit: string): Promise<UnitState> => {
  const text = await guest.agent.shOk(`systemctl show -p ActiveState -p NRestarts -p MainPID -p ActiveEnterTimestampMonotonic ${unit}`);
  const value = (key: string): string => new RegExp(`^${key}=(.*)$`, 'm').exec(text)?.[1] ?? '';
  return {
    activeState: value('ActiveState'),
    restarts: Number(value('NRestarts')),
    mainPid: Number(value('MainPID')),
    activeAtSeconds: Number(value('ActiveEnterTimestampMonotonic')) / 1e6,
  };
};

/**
 * Share of CPU time busy over `seconds`, all vCPUs together, from /proc/stat: everything but idle and
 * iowait, out of user..steal (guest time is already inside user and nice).
 */
export const cpuBusyPercent = async (guest: Guest, seconds: number): Promise<number> => {
  const sample = `awk '/^cpu /{t=0; for(i=2;i<=9;i++) t+=$i; print $5+$6, t}' /proc/stat`;
  const out = await guest.agent.shOk(`${sample}; sleep ${seconds}; ${sample}`, { timeoutMs: (seconds + 60) * 1000 });
  const [idle0 = 0, total0 = 0, idle1 = 0, total1 = 0] = out.trim().split(/\s+/).map(Number);
  return 100 * (1 - (idle1 - idle0) / (total1 - total0));
};

/**
 * CPU time one unit used over `seconds`, as a share of all vCPUs' time, from its cgroup's
 * `cpu.stat` (usage_usec) and the guest's uptime: what the workload itself burns, without the noise
 * of everything else in the guest.
 */
export const unitCpuPercent = async (guest: Guest, unit: string, seconds: number): Promise<number> => {
  const sample = `awk '/^usage_usec/{print $2}' /sys/fs/cgroup/system.slice/${unit}/cpu.stat; cut -d' ' -f1 /proc/uptime`;
  const out = await guest.agent.shOk(`nproc; ${sample}; sleep ${seconds}; ${sample}`, { timeoutMs: (seconds + 60) * 1000 });
  const [cpus = 1, usage0 = 0, uptime0 = 0, usage1 = 0, uptime1 = 0] = out.trim().split(/\s+/).map(Number);
  return (100 * (usage1 - usage0)) / ((uptime1 - uptime0) * 1e6 * cpus);
};

/** The highest share of memory in use (MemTotal - MemAvailable) seen in `samples` samples `everySeconds` apart. */
export const peakMemoryUsedPercent = async (guest: Guest, samples: number, everySeconds: number): Promise<number> => {
  const out = await guest.agent.shOk(
    `for i in $(seq ${samples}); do awk '/^MemTotal:/{t=$2} /^MemAvailable:/{a=$2} END{print 100*(t-a)/t}' /proc/meminfo; sleep ${everySeconds}; done`,
    { timeoutMs: (samples * everySeconds + 60) * 1000 },
  );
  return Math.max(...out.trim().split('\n').map(Number));
};

/** The kernel name (`vdc`) of the disk with virtio serial `serial`. */
export const diskBySerial = async (guest: Guest, serial: string): Promise<string> =>
  basename((await guest.agent.shOk(`readlink -f /dev/disk/by-id/virtio-${serial}`)).trim());

/** Sectors read and written on `device` so far (/proc/diskstats fields 6 and 10). */
export const diskSectors = async (guest: Guest, device: string): Promise<{ read: number; written: number }> => {
  const out = await guest.agent.shOk(`awk -v d=${device} '$3 == d { print $6, $10 }' /proc/diskstats`);
  const [read = Number.NaN, written = Number.NaN] = out.trim().split(/\s+/).map(Number);
  return { read, written };
};

/** Bytes received and sent on `iface` so far. */
export const netBytes = async (guest: Guest, iface = 'eth0'): Promise<{ rx: number; tx: number }> => {
  const out = await guest.agent.shOk(`cat /sys/class/net/${iface}/statistics/rx_bytes /sys/class/net/${iface}/statistics/tx_bytes`);
  const [rx = Number.NaN, tx = Number.NaN] = out.trim().split('\n').map(Number);
  return { rx, tx };
};

/** One line of figures for the report: `[guest-figures] cpu: boot-to-active 61.2 s, busy 98.7 %`. */
export const reportFigures = (subject: string, figures: Record<string, string>): void => {
  console.log(`[guest-figures] ${subject}: ${Object.entries(figures).map(([k, v]) => `${k} ${v}`).join(', ')}`);
};
