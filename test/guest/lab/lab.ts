/**
 * Boots groups of guests within the machine-wide guest limit: one guest; the roles of a multi-VM
 * workload joined by one socket link on 127.0.0.1 (the first listens, the second connects); or up to
 * four guests on one shared segment. Each has a static address and /etc/hosts entries for the Service
 * names of its group, and optionally host ports forwarded to guest ports.
 */
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Guest, isListening } from './guest.js';
import type { DataDisk, LabEnvironment } from './guest.js';
import { MAX_GUESTS, acquireGuestSlots, slotsForGroup } from './guest-slots.js';
import { GUEST_SUBNET_PREFIX, freeLocalPort, macAddress, newSegment } from './network.js';
import type { GuestLink, HostsEntry } from './network.js';
import type { PortForward } from './port-forward.js';

export interface GuestRequest {
  readonly name: string;
  /** The user-data bytes, unchanged. */
  readonly userData: Uint8Array;
  readonly cpus: number;
  readonly memoryBytes: number;
  readonly dataDisks?: readonly DataDisk[];
  /** DNS names that resolve to this guest on every guest of its group: the Service in front of it. */
  readonly serviceNames?: readonly string[];
  /** Guest TCP ports to reach from the host, each through a free port of 127.0.0.1 (`guest.forwardedPort`). */
  readonly forwardPorts?: readonly number[];
}

/** The most guests one group holds: two network pairs side by side. */
export const MAX_GROUP_SIZE = 4;

/** TCG boots take about a minute alone; two at once on two busy cores take longer. */
export const BOOT_TIMEOUT_MS = 10 * 60_000;

/**
 * The boot deadline of a group: BOOT_TIMEOUT_MS per round of guest slots it fills. A group of three
 * or four gets the same two cores as a pair for twice the guests, so each guest boots about twice as
 * slowly (three times on a machine that other work loads too); its guests keep the same share of CPU
 * time to boot in, not a larger one.
 */
export const bootTimeoutMs = (groupSize: number): number => BOOT_TIMEOUT_MS * Math.ceil(groupSize / MAX_GUESTS);
const LISTEN_TIMEOUT_MS = 30_000;

/** Guest `i` of a group: 10.0.2.10, 10.0.2.11, ... */
const groupAddress = (i: number): string => `${GUEST_SUBNET_PREFIX}.${10 + i}`;

interface Group {
  readonly guests: Guest[];
  /** Gives the group's guest slots back. */
  readonly release: () => void;
}

export class GuestLab {
  /** Groups started and not yet stopped. */
  private readonly running = new Set<Group>();
  /** Every guest ever started here, for its logs. */
  private readonly started: Guest[] = [];

  /** Groups asked for (waiting for slots or booting) or running: at most one, see `boot`. */
  private held = 0;

  /** Set once a boot has failed: its guests' logs explain why. */
  hadBootFailure = false;

  /** `slotsDir`: where the machine-wide guest slots live (tests of the lab give their own). */
  constructor(
    readonly env: LabEnvironment,
    private readonly slotsDir?: string,
  ) {}

  /**
   * Boots one group (one to four guests), waits until cloud-init has finished on each, and returns the
   * guests in request order. On failure every guest of the group is stopped before the error is thrown.
   *
   * A lab holds one group at a time. A file that held one group while waiting for a second would
   * deadlock with another file whose older request for several slots waits for the slot it holds
   * (requests are served in arrival order): each waits for the other until the hook times out.
   */
  async boot(requests: readonly GuestRequest[], timeoutMs = bootTimeoutMs(requests.length)): Promise<Guest[]> {
    if (requests.length < 1 || requests.length > MAX_GROUP_SIZE) {
      throw new RangeError(`a guest group has 1 to ${MAX_GROUP_SIZE} guests, not ${requests.length}: boot larger sets in several groups`);
    }
    requests.forEach(assertForwardPorts);
    if (this.held > 0) {
      throw new Error(
        `${requests.map((r) => r.name).join(', ')}: this file already holds a guest group, and waiting for more slots while holding it can ` +
          'deadlock with another file; boot every guest the file needs as one group (up to 4), or stop the first group before booting the next',
      );
    }
    this.held++;
    let release: () => void;
    try {
      release = await acquireGuestSlots(slotsForGroup(requests.length), this.slotsDir === undefined ? {} : { dir: this.slotsDir });
    } catch (error) {
      this.held--;
      throw error;
    }
    const group: Group = { guests: [], release };
    this.running.add(group);
    const hosts: HostsEntry[] = requests.flatMap((r, i) =>
      r.serviceNames && r.serviceNames.length > 0 ? [{ address: groupAddress(i), names: r.serviceNames }] : [],
    );
    try {
      const links = await groupLinks(requests.length);
      for (const [i, request] of requests.entries()) {
        const link = links[i] as GuestLink;
        if (link.mode === 'connect') await waitForListener(link.port, group.guests[0] as Guest);
        const guest = await Guest.start(this.env, {
          name: request.name,
          userData: request.userData,
          cpus: request.cpus,
          memoryBytes: request.memoryBytes,
          nic: { mac: macAddress(i), address: groupAddress(i), link },
          hosts,
          ...(request.dataDisks ? { dataDisks: request.dataDisks } : {}),
          ...(request.forwardPorts ? { portForwards: await portForwards(request.forwardPorts) } : {}),
        });
        group.guests.push(guest);
        this.started.push(guest);
      }
      await Promise.all(group.guests.map((guest) => guest.waitUntilBooted(timeoutMs)));
      return group.guests;
    } catch (error) {
      this.hadBootFailure = true;
      await this.stopGroup(group);
      throw error;
    }
  }

  /** Stops the group `guest` belongs to and frees its slots, so another group can boot meanwhile. */
  async stopGroupOf(guest: Guest): Promise<void> {
    const group = [...this.running].find((g) => g.guests.includes(guest));
    if (group) await this.stopGroup(group);
  }

  /** Stops every guest (by PID) and gives back the guest slots; safe to call more than once. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.running].map((group) => this.stopGroup(group)));
  }

  /** Log files (serial console, QEMU output) of every guest this lab started. */
  logFiles(): string[] {
    return this.started.flatMap((g) => [g.serialLogPath, g.qemuLogPath]).filter((f) => existsSync(f));
  }

  /** Deletes the logs of every guest this lab started (the tests they served passed). */
  discardLogs(): void {
    for (const file of this.logFiles()) rmSync(file, { force: true });
  }

  private async stopGroup(group: Group): Promise<void> {
    if (!this.running.delete(group)) return;
    this.held--;
    try {
      await Promise.allSettled(group.guests.map((guest) => guest.stop()));
      // Overlays and data disks can hold gigabytes once a workload has written; logs live elsewhere.
      group.guests.forEach((guest) => rmSync(guest.dir, { recursive: true, force: true }));
    } finally {
      group.release();
    }
  }
}

/**
 * Each guest's link: a pair keeps its point-to-point TCP link (lossless, and what the workload figures
 * were measured on), a lone guest listens for nobody, and a larger group shares a segment.
 */
const groupLinks = async (size: number): Promise<GuestLink[]> => {
  if (size > 2) {
    const segment = await newSegment();
    return Array.from({ length: size }, () => ({ mode: 'segment', segment }));
  }
  const port = await freeLocalPort();
  return Array.from({ length: size }, (_, i) => ({ mode: i === 0 ? 'listen' : 'connect', port }));
};

/** Checked before waiting for guest slots, so a wrong port fails at once. */
const assertForwardPorts = (request: GuestRequest): void => {
  for (const port of request.forwardPorts ?? []) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new RangeError(`${request.name}: forwardPorts holds ${port}, which is no TCP port; give ports from 1 to 65535`);
    }
  }
};

/** A free host port for each guest port; QEMU binds it as it starts, moments later. */
const portForwards = async (guestPorts: readonly number[]): Promise<PortForward[]> => {
  const forwards: PortForward[] = [];
  for (const guestPort of new Set(guestPorts)) forwards.push({ hostPort: await freeLocalPort(), guestPort });
  return forwards;
};

const waitForListener = async (port: number, listener: Guest): Promise<void> => {
  const deadline = Date.now() + LISTEN_TIMEOUT_MS;
  while (!isListening(port)) {
    const failure = listener.failure();
    if (failure) throw failure;
    if (Date.now() > deadline) throw new Error(`${listener.name} did not listen on 127.0.0.1:${port}`);
    await sleep(100);
  }
};

/**
 * Kills every QEMU whose pidfile is under `workDir` and still runs: the last net behind the per-guest
 * stop and the exit hooks (a worker that crashed). Checks the command line, so a reused PID is spared.
 */
export const killLeftoverQemu = (workDir: string): number[] => {
  if (!existsSync(workDir)) return [];
  const killed: number[] = [];
  for (const entry of readdirSync(workDir)) {
    const pidFile = join(workDir, entry, 'qemu.pid');
    if (!existsSync(pidFile)) continue;
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    const cmdline = readProcCmdline(pid);
    if (!cmdline?.includes('qemu-system') || !cmdline.includes(workDir)) continue;
    try {
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    } catch {
      // Exited meanwhile.
    }
  }
  return killed;
};

/** A process's command line, or undefined when it does not run. */
const readProcCmdline = (pid: number): string | undefined => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return undefined;
  }
};
