/**
 * How a built-in workload is declared: its params, roles, Service and data disk, and what each role
 * runs inside its VM. Pure data and pure functions; BaseWorkload turns a spec into cloud-config.
 */
import type { GuestProfile, GuestTool, KernelModule } from './guest/guest-profile.js';
import type { RolePaths } from './guest/role-paths.js';
import type { ShellScript } from './guest/shell-script.js';
import type { UnitOptions } from './guest/systemd-unit.js';
import type { Params, ParamsSchema } from './params.js';
import type { DataDiskMinimum, ServiceSpec } from './workload.js';

/** What one role needs in its guest: packages (by tool), scripts and its one systemd unit. */
export interface RoleGuest {
  /** The guest profile names the packages. */
  readonly tools: readonly GuestTool[];
  readonly kernelModules?: readonly KernelModule[];
  /** Root-run preparation: runcmd runs it after data disks are mounted and before the unit starts. */
  readonly setupScript?: ShellScript;
  /** The unit's program when one command line is not enough; the unit runs it unless `unit.execStart` says otherwise. */
  readonly script?: ShellScript;
  readonly unit: UnitOptions;
}

export interface GuestInput<P> {
  readonly params: P;
  readonly profile: GuestProfile;
  /** The role of a multi-VM workload; undefined for a single-role one. */
  readonly role?: string | undefined;
  /** The namespace the VMs run in. */
  readonly namespace: string;
  /**
   * The name by which this VM reaches the Service in front of its pair's server (the workload's
   * `service.selectorRole`); undefined for a workload without a Service.
   */
  readonly serviceHost?: string | undefined;
  readonly paths: RolePaths;
}

export interface WorkloadSpec<S extends ParamsSchema> {
  readonly name: string;
  /** One line for `virtwork workloads`. */
  readonly description: string;
  readonly params: S;
  /** Multi-VM workloads: each count gets one VM of every role, e.g. `['server', 'client']`. */
  readonly roles?: readonly [string, ...string[]];
  readonly service?: ServiceSpec;
  /** Where the workload's blank data disk is mounted; without it, the workload has no data disk. */
  readonly dataMount?: (params: Params<S>, profile: GuestProfile) => string;
  /** What the workload itself needs on its data disk; the filesystem's own floor applies anyway. */
  readonly dataDiskMinimum?: (params: Params<S>) => DataDiskMinimum;
  readonly guest: (input: GuestInput<Params<S>>) => RoleGuest;
}
