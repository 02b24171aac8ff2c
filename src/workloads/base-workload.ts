/**
 * The Workload every built-in is: defaults (vmCount from config, config's resources, no data disk and
 * no Service unless the spec declares them), typed params, and the one place where SSH access enters
 * a cloud-config. MultiRoleWorkload adds roles on top.
 */
import { renderCloudConfig } from '../cloudinit/render.js';
import type { GuestProfile } from './guest/guest-profile.js';
import { getGuestProfile } from './guest/profiles.js';
import { roleCloudConfig } from './guest/role-cloud-config.js';
import { rolePaths } from './guest/role-paths.js';
import { parseParams, type Params, type ParamsSchema } from './params.js';
import { pairServiceHost } from './service-dns.js';
import type { WorkloadSpec } from './workload-spec.js';
import type {
  DataDiskMinimum,
  DataDiskSpec,
  MultiVMWorkload,
  RoleSpec,
  ServiceSpec,
  VmResources,
  Workload,
  WorkloadConfig,
  WorkloadContext,
} from './workload.js';

/** The data disk's name in the VM and its virtio serial (at most 20 characters reach the guest). */
const DATA_DISK = { name: 'data', serial: 'virtwork-data' } as const;

const MIB = 1024 * 1024;

/** Any data disk: what formatting it leaves room for, below any workload's own need. */
export const DATA_DISK_FLOOR: DataDiskMinimum = {
  bytes: 64 * MIB,
  why: "CDI refuses DataVolumes below 1 MiB, and below 64 MiB ext4's journal, inode tables and 5% root reserve leave little room for data",
};

export class BaseWorkload<S extends ParamsSchema> implements Workload {
  readonly name: string;
  protected readonly params: Params<S>;
  protected readonly profile: GuestProfile;

  /** Validates params against the spec's schema: a bad value fails here, before anything is built. */
  constructor(
    protected readonly spec: WorkloadSpec<S>,
    protected readonly config: WorkloadConfig,
    protected readonly ctx: WorkloadContext,
  ) {
    this.name = spec.name;
    this.params = parseParams(spec, config.params);
    this.profile = getGuestProfile(ctx.guestOs);
  }

  vmCount(): number {
    return this.config.vmCount;
  }

  vmResources(): VmResources {
    return { cpuCores: this.config.cpuCores, memory: this.config.memory };
  }

  dataDisks(): readonly DataDiskSpec[] {
    const mount = this.spec.dataMount?.(this.params, this.profile);
    return mount === undefined ? [] : [{ ...DATA_DISK, size: this.config.diskSize, mountPath: mount }];
  }

  dataDiskMinimum(): DataDiskMinimum | undefined {
    if (this.spec.dataMount === undefined) return undefined;
    const own = this.spec.dataDiskMinimum?.(this.params);
    return own !== undefined && own.bytes > DATA_DISK_FLOOR.bytes ? own : DATA_DISK_FLOOR;
  }

  requiresService(): boolean {
    return this.spec.service !== undefined;
  }

  serviceSpec(): ServiceSpec | undefined {
    return this.spec.service;
  }

  /** The user's value for a param, or its default. */
  getParam<K extends keyof Params<S>>(key: K): Params<S>[K] {
    return this.params[key];
  }

  paramValues(): Readonly<Record<string, unknown>> {
    return this.params;
  }

  cloudInitUserdata(): string {
    return this.renderUserdata(undefined, undefined);
  }

  unitNames(_role?: string): readonly string[] {
    return [rolePaths(this.name).unit];
  }

  /** Every document of every workload is rendered here, so each carries the same users block. */
  protected renderUserdata(role: string | undefined, index: number | undefined): string {
    const { ssh, namespace } = this.ctx;
    const paths = rolePaths(this.name, role);
    const [dataDisk] = this.dataDisks();
    const service = this.spec.service;
    const serviceHost =
      service !== undefined && index !== undefined
        ? pairServiceHost(this.name, index, service.selectorRole, namespace, this.ctx.clusterDomain)
        : undefined;
    const guest = this.spec.guest({
      params: this.params,
      profile: this.profile,
      role,
      namespace,
      ...(serviceHost !== undefined && { serviceHost }),
      paths,
    });
    return renderCloudConfig({
      user: { name: ssh.user, passwordHash: ssh.passwordHash, authorizedKeys: ssh.authorizedKeys },
      ...roleCloudConfig({
        guest,
        paths,
        profile: this.profile,
        dataDisk,
        skipPackageInstall: this.ctx.skipPackageInstall ?? false,
        readiness: this.ctx.readiness ?? 'http',
      }),
    });
  }
}

/** A workload of several roles (server and client): each count gets one VM of every role. */
export class MultiRoleWorkload<S extends ParamsSchema> extends BaseWorkload<S> implements MultiVMWorkload {
  private readonly roles: readonly string[];

  constructor(spec: WorkloadSpec<S> & { readonly roles: readonly [string, ...string[]] }, config: WorkloadConfig, ctx: WorkloadContext) {
    super(spec, config, ctx);
    this.roles = spec.roles;
  }

  override vmCount(): number {
    return this.config.vmCount * this.roles.length;
  }

  roleDistribution(): readonly RoleSpec[] {
    return this.roles.map((role) => ({ role, count: this.config.vmCount }));
  }

  userdataForRole(role: string, index: number): string {
    return this.renderUserdata(this.checkRole(role), index);
  }

  /** Each role has its own document: asking for "the" document is a planning bug. */
  override cloudInitUserdata(): string {
    throw new Error(`${this.name} has one cloud-config per role (${this.roles.join(', ')}): use userdataForRole`);
  }

  /** The units of one role, or of every role when none is given. */
  override unitNames(role?: string): readonly string[] {
    const roles = role === undefined ? this.roles : [this.checkRole(role)];
    return roles.map((r) => rolePaths(this.name, r).unit);
  }

  private checkRole(role: string): string {
    if (!this.roles.includes(role)) throw new Error(`${this.name} has no role ${role}; its roles are ${this.roles.join(', ')}`);
    return role;
  }
}
