/**
 * What a workload is, as the orchestrator sees it. Workloads are pure data producers:
 * same input, same output; no I/O, clock or randomness.
 *
 * CONTRACT (used by src/orchestrator/plan.ts): keep these names and shapes stable.
 */
import type { CloudConfigUser } from '../cloudinit/cloud-config.js';
import type { ReadinessMode } from '../constants.js';
import type { ServicePortInput } from '../kube/service.js';
import type { DataDiskInput } from '../kube/vm.js';
import type { GuestOsName } from './guest/guest-profile.js';

/**
 * SSH access injected into every cloud-config by BaseWorkload (the one place that does it): the
 * cloud-config's user, named `user` as the settings name it. The password is only ever its SHA-512
 * crypt hash, computed once per run by the caller.
 */
export interface SshCredentials extends Omit<CloudConfigUser, 'name'> {
  readonly user: string;
}

/** Per-workload settings after config priority and `workloads.<name>` overrides are applied. */
export interface WorkloadConfig {
  readonly vmCount: number;
  readonly cpuCores: number;
  readonly memory: string;
  /** Size of the blank data disk, for workloads that have one. */
  readonly diskSize: string;
  /** Raw values from flags/env/YAML; validated and typed by the workload's params schema. */
  readonly params: Readonly<Record<string, string | number | boolean>>;
}

export interface WorkloadContext {
  readonly namespace: string;
  readonly ssh: SshCredentials;
  /** The guest OS whose package names and paths the cloud-config uses. Default `fedora`. */
  readonly guestOs?: GuestOsName;
  /** Leave `packages:` out of the cloud-config: the image already carries every tool. Default false. */
  readonly skipPackageInstall?: boolean;
  /** Which readiness the VMs get (`http` adds the health endpoint to every cloud-config). Default `http`. */
  readonly readiness?: ReadinessMode;
  /** Clients name their server's Service `<svc>.<ns>.svc.<clusterDomain>`; absent: its short name. */
  readonly clusterDomain?: string;
}

export interface VmResources {
  readonly cpuCores: number;
  readonly memory: string;
}

/** A blank disk as the VM gets it (kube/vm.ts), and where the workload's guest mounts it. */
export interface DataDiskSpec extends DataDiskInput {
  readonly mountPath: string;
}

/** The smallest data disk a workload can format and use, and why (for the error that refuses a smaller one). */
export interface DataDiskMinimum {
  readonly bytes: number;
  readonly why: string;
}

export type ServicePortSpec = ServicePortInput;

/**
 * The ClusterIP Services in front of one role of a multi-VM workload: one per pair, named after and
 * selecting exactly that pair's VM of the role, so each client reaches its own server.
 */
export interface ServiceSpec {
  readonly ports: readonly ServicePortSpec[];
  /** The role whose VM of each pair the Service selects (by workload, role and pair labels). */
  readonly selectorRole: string;
}

export interface RoleSpec {
  readonly role: string;
  /** VMs of this role. */
  readonly count: number;
}

export interface Workload {
  readonly name: string;
  /** Total VMs of this workload (N, or N x roles for multi-VM workloads). */
  vmCount(): number;
  vmResources(): VmResources;
  dataDisks(): readonly DataDiskSpec[];
  /** With a data disk: the smallest size it can use, from the workload's params. */
  dataDiskMinimum(): DataDiskMinimum | undefined;
  requiresService(): boolean;
  serviceSpec(): ServiceSpec | undefined;
  /** `#cloud-config` document of a single-role workload. */
  cloudInitUserdata(): string;
  /** systemd units (`virtwork-<workload>[-<role>].service`) that must be active for a VM to be ready. */
  unitNames(role?: string): readonly string[];
  /** Its params as parsed once when it was built: the user's values over the defaults (for the audit trail). */
  paramValues(): Readonly<Record<string, unknown>>;
}

export interface MultiVMWorkload extends Workload {
  roleDistribution(): readonly RoleSpec[];
  /** The `#cloud-config` of the VM of `role` in pair `index` (a client names its own pair's server). */
  userdataForRole(role: string, index: number): string;
}

export const isMultiVM = (w: Workload): w is MultiVMWorkload =>
  typeof (w as Partial<MultiVMWorkload>).roleDistribution === 'function';
