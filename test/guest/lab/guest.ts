/**
 * One booted guest: a throw-away qcow2 overlay over the cached image, a NoCloud seed, optional data
 * disks found by virtio serial, one NIC to its group (and one for forwarded host ports, when asked),
 * and the guest agent to ask it things. Direct kernel boot with `root=LABEL=vmroot`: an attached data
 * disk may enumerate first and take vda.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, openSync, closeSync, ftruncateSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Accelerator } from './accel.js';
import { runCommand } from './command.js';
import type { GuestImage } from './image.js';
import { hostsVendorData, nicArgs, staticNetworkConfig } from './network.js';
import type { HostsEntry, NicSpec } from './network.js';
import { forwardNicArgs } from './port-forward.js';
import type { PortForward } from './port-forward.js';
import { GuestAgent } from './qga.js';
import { startQemu } from './qemu-process.js';
import type { QemuProcess } from './qemu-process.js';
import { writeSeedIso } from './seed.js';
import { findBootFailure, readSerialLog } from './serial-log.js';

export interface DataDisk {
  /** virtio serial: the guest sees `/dev/disk/by-id/virtio-<serial>`, as with KubeVirt's disk serial. */
  readonly serial: string;
  readonly sizeBytes: number;
}

export interface GuestSpec {
  /** Host name and log name, such as the VM's name. */
  readonly name: string;
  /** The user-data bytes, written to the seed unchanged. */
  readonly userData: Uint8Array;
  readonly cpus: number;
  readonly memoryBytes: number;
  readonly dataDisks?: readonly DataDisk[];
  readonly nic: NicSpec;
  /** /etc/hosts entries, given through vendor-data (cluster DNS stand-in). */
  readonly hosts?: readonly HostsEntry[];
  /** Host ports on 127.0.0.1 forwarded to guest TCP ports, through a second NIC. */
  readonly portForwards?: readonly PortForward[];
}

/** What every guest of a run shares. */
export interface LabEnvironment {
  readonly image: GuestImage;
  readonly accel: Accelerator;
  /** Each guest gets a folder here for its overlay, seed, disks and sockets; removed after the run. */
  readonly workDir: string;
  /** Serial and QEMU logs, `<guest>-<id>.serial.log`; kept when a test fails, so error messages point here. */
  readonly logsDir: string;
}

/** Written by cloud-init when its final stage ends, whether it succeeded or not. */
const CLOUD_INIT_RESULT = '/run/cloud-init/result.json';

export interface BootTimings {
  /** Seconds from starting QEMU until the guest agent answered. */
  readonly agentSeconds: number;
  /** Seconds from starting QEMU until cloud-init's final stage ended. */
  readonly cloudInitSeconds: number;
}

export class Guest {
  private agentClient: GuestAgent | undefined;
  private bootTimings: BootTimings | undefined;
  readonly startedAt = performance.now();

  private constructor(
    readonly spec: GuestSpec,
    readonly dir: string,
    /** Path prefix of this guest's logs: `<logsDir>/<name>-<id>`. */
    private readonly logPrefix: string,
    private readonly qemu: QemuProcess,
  ) {}

  get name(): string {
    return this.spec.name;
  }

  get pid(): number {
    return this.qemu.pid;
  }

  get serialLogPath(): string {
    return `${this.logPrefix}.serial.log`;
  }

  /** Output of QEMU itself (its warnings and errors). */
  get qemuLogPath(): string {
    return `${this.logPrefix}.qemu.log`;
  }

  /** The host port on 127.0.0.1 forwarded to `guestPort`, as the kubelet would reach the pod's port. */
  forwardedPort(guestPort: number): number {
    const forward = this.spec.portForwards?.find((f) => f.guestPort === guestPort);
    if (!forward) {
      const forwarded = this.spec.portForwards?.map((f) => f.guestPort).join(', ') || 'none';
      throw new Error(
        `${this.name}: guest port ${guestPort} is not forwarded (forwarded: ${forwarded}); ask for it with forwardPorts: [${guestPort}] in the guest's request`,
      );
    }
    return forward.hostPort;
  }

  get agentSocketPath(): string {
    return join(this.dir, 'qga.sock');
  }

  /** The guest agent; only after `waitUntilBooted`. */
  get agent(): GuestAgent {
    if (!this.agentClient) throw new Error(`${this.name}: guest agent not connected yet (call waitUntilBooted first)`);
    return this.agentClient;
  }

  get timings(): BootTimings {
    if (!this.bootTimings) throw new Error(`${this.name}: not booted yet`);
    return this.bootTimings;
  }

  /** Writes the guest's disks and seed, then starts QEMU; does not wait for the boot. */
  static async start(env: LabEnvironment, spec: GuestSpec): Promise<Guest> {
    const id = `${spec.name}-${randomUUID().slice(0, 8)}`;
    const dir = join(env.workDir, id);
    const logPrefix = join(env.logsDir, id);
    mkdirSync(dir, { recursive: true });
    mkdirSync(env.logsDir, { recursive: true });
    const overlay = join(dir, 'root.qcow2');
    await runCommand('qemu-img', ['create', '-q', '-f', 'qcow2', '-b', env.image.baseRaw, '-F', 'raw', overlay]);
    const seed = await writeSeedIso(dir, {
      userData: spec.userData,
      instanceId: `${spec.name}-${randomUUID()}`,
      hostname: spec.name,
      networkConfig: staticNetworkConfig(spec.nic, spec.portForwards),
      ...(spec.hosts && spec.hosts.length > 0 ? { vendorData: hostsVendorData(spec.hosts) } : {}),
    });
    const diskArgs = (spec.dataDisks ?? []).flatMap((disk, i) => {
      const file = join(dir, `data-${i}.raw`);
      createSparseFile(file, disk.sizeBytes);
      return [
        '-drive', `if=none,id=data${i},file=${file},format=raw,cache=unsafe`,
        '-device', `virtio-blk-pci,drive=data${i},serial=${disk.serial}`,
      ];
    });
    const args = [
      ...env.accel.args,
      '-name', `guest=${spec.name}`,
      '-machine', 'q35',
      '-smp', String(spec.cpus),
      '-m', `${Math.round(spec.memoryBytes / 2 ** 20)}M`,
      '-nodefaults', '-no-user-config', '-display', 'none', '-no-reboot',
      '-serial', `file:${logPrefix}.serial.log`,
      '-pidfile', join(dir, 'qemu.pid'),
      '-kernel', env.image.kernel,
      '-initrd', env.image.initrd,
      // panic=-1 with -no-reboot: a kernel panic ends QEMU at once instead of hanging until the timeout.
      // no_timer_check: on a busy host the emulated timer can miss the kernel's IO-APIC check and panic.
      '-append', 'root=LABEL=vmroot rw console=ttyS0 panic=-1 no_timer_check',
      '-drive', `if=none,id=root,file=${overlay},format=qcow2,cache=unsafe`,
      '-device', 'virtio-blk-pci,drive=root',
      '-drive', `if=none,id=seed,file=${seed},format=raw,readonly=on`,
      '-device', 'virtio-blk-pci,drive=seed',
      ...diskArgs,
      ...nicArgs(spec.nic),
      ...(spec.portForwards && spec.portForwards.length > 0 ? forwardNicArgs(spec.portForwards) : []),
      '-device', 'virtio-serial-pci',
      '-chardev', `socket,id=qga0,path=${join(dir, 'qga.sock')},server=on,wait=off`,
      '-device', 'virtserialport,chardev=qga0,name=org.qemu.guest_agent.0',
      '-device', 'virtio-rng-pci',
    ];
    return new Guest(spec, dir, logPrefix, startQemu(args, `${logPrefix}.qemu.log`));
  }

  /** Why this guest can no longer boot (QEMU gone, a boot failure on the console), or undefined. */
  failure(): Error | undefined {
    const exited = this.qemu.exitReason();
    const failureLine = findBootFailure(readSerialLog(this.serialLogPath));
    if (!exited && !failureLine) return undefined;
    const qemuOutput = readSerialLog(this.qemuLogPath).trim();
    const what = [failureLine && `boot failure on the serial console: "${failureLine}"`, exited, qemuOutput && `QEMU said: ${qemuOutput}`]
      .filter(Boolean)
      .join('; ');
    return new Error(`${this.name}: ${what} (serial log: ${this.serialLogPath})`);
  }

  /**
   * Waits until the guest agent answers and cloud-init has finished (successfully or not: the caller
   * asserts which), failing early when QEMU exits or the console shows a boot failure.
   */
  async waitUntilBooted(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const tooLate = (what: string) =>
      new Error(`${this.name}: ${what} within ${timeoutMs / 1000} s (serial log: ${this.serialLogPath})`);
    this.agentClient = await GuestAgent.waitFor(this.agentSocketPath, {
      timeoutMs,
      isAlive: () => this.failure(),
    }).catch((error: unknown) => {
      throw this.failure() ?? tooLate(`guest agent did not answer (${String(error)})`);
    });
    const agentSeconds = this.secondsSinceStart();
    // cloud-init writes result.json when its last stage ends; testing for it costs the guest far less
    // than starting cloud-init's Python to ask, which matters on an emulated CPU.
    while (!(await this.hasFile(CLOUD_INIT_RESULT))) {
      const failure = this.failure();
      if (failure) throw failure;
      if (Date.now() > deadline) throw tooLate(`cloud-init did not finish (no ${CLOUD_INIT_RESULT})`);
      await sleep(1_000);
    }
    this.bootTimings = { agentSeconds, cloudInitSeconds: this.secondsSinceStart() };
  }

  /**
   * Whether `path` exists in the guest; false also when the agent did not answer, since workloads
   * restart the agent during boot (the drop-in that allows guest-exec) and a request can be lost.
   */
  private async hasFile(path: string): Promise<boolean> {
    try {
      return (await this.agent.exec('/usr/bin/test', ['-e', path], { timeoutMs: 30_000 })).exitCode === 0;
    } catch {
      return false;
    }
  }

  /** Seconds since QEMU was started. */
  secondsSinceStart(): number {
    return (performance.now() - this.startedAt) / 1000;
  }

  serialLog(): string {
    return readSerialLog(this.serialLogPath);
  }

  /** Stops QEMU (by PID) and closes the agent connection. */
  async stop(): Promise<void> {
    this.agentClient?.close();
    await this.qemu.stop();
  }
}

const createSparseFile = (path: string, sizeBytes: number): void => {
  const fd = openSync(path, 'w');
  try {
    ftruncateSync(fd, sizeBytes);
  } finally {
    closeSync(fd);
  }
};

/** True once something listens on 127.0.0.1:`port` (read from /proc, so it does not take the one accept). */
export const isListening = (port: number): boolean => {
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .some((line) => {
      const fields = line.trim().split(/\s+/);
      return fields[1] === local && fields[3] === '0A';
    });
};
