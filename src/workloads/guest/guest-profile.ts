/**
 * Guest OS profiles: everything distribution-specific a workload needs, as data. Workloads ask the
 * profile (which packages give a tool, where PostgreSQL keeps its data) and never test a distro name.
 */

import type { GuestOs } from '../../config/guest-os.js';

export { GUEST_OS_NAMES } from '../../config/guest-os.js';
export type GuestOsName = GuestOs;

/** The programs workloads run, by what they do rather than by package name. */
export const GUEST_TOOLS = [
  'stress-ng',
  'fio',
  'postgresql',
  'pgbench',
  'iperf3',
  'netperf',
  'python3',
  'curl',
  'tc',
  'procps',
  'mkfs-ext4',
  'qemu-guest-agent',
] as const;
export type GuestTool = (typeof GUEST_TOOLS)[number];

/** Kernel modules some distributions package apart from the kernel. */
export type KernelModule = 'sch_netem';

export interface PostgresProfile {
  /** Where the data disk is mounted. */
  readonly dataMount: string;
  /** The cluster's data directory: a subdirectory of the mount, since initdb refuses a mount point holding lost+found. */
  readonly dataDir: string;
  /** Shell lines, run as root with `PGDATA` set and the empty data directory in place, that create the cluster or adopt the one already on the disk. */
  readonly initCommand: readonly string[];
  /** systemd unit that runs the server. */
  readonly service: string;
}

export interface GuestAgentProfile {
  readonly service: string;
  /**
   * The environment file the agent's unit reads its RPC allow/block list from, where the distribution
   * restricts RPCs (RHEL-family agents block guest-exec). Absent: every RPC is allowed as shipped.
   */
  readonly rpcFilterFile?: string;
}

export interface GuestProfile {
  readonly name: GuestOsName;
  /** Packages that provide each tool. */
  readonly packages: Readonly<Partial<Record<GuestTool, readonly string[]>>>;
  /** Tools this distribution cannot provide, each with the reason. */
  readonly missingTools: Readonly<Partial<Record<GuestTool, string>>>;
  /** Packages a kernel module needs beyond the kernel package; an empty list: the kernel has it. */
  readonly kernelModulePackages: Readonly<Record<KernelModule, readonly string[]>>;
  /**
   * Catalog entries name packages as Fedora does (the default guest); where this distribution names
   * one differently, the packages it installs instead.
   */
  readonly catalogPackages: Readonly<Record<string, readonly string[]>>;
  readonly postgres: PostgresProfile;
  readonly guestAgent: GuestAgentProfile;
}

export const hasTool = (profile: GuestProfile, tool: GuestTool): boolean => profile.packages[tool] !== undefined;

/**
 * The packages for a set of tools and kernel modules, in first-use order without repeats. Asking for
 * a tool the profile cannot provide is a workload bug: check `hasTool` first.
 */
export const packagesFor = (
  profile: GuestProfile,
  tools: readonly GuestTool[],
  kernelModules: readonly KernelModule[] = [],
): string[] => {
  const packages = tools.flatMap((tool) => {
    const names = profile.packages[tool];
    if (names === undefined) {
      throw new Error(`guest OS ${profile.name} has no package for ${tool}: ${profile.missingTools[tool] ?? 'not listed'}`);
    }
    return names;
  });
  return [...new Set([...packages, ...kernelModules.flatMap((module) => profile.kernelModulePackages[module])])];
};
