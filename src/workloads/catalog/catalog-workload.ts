/**
 * The two workload types a catalog entry becomes: one for a single-role entry (every unit on every
 * VM) and one for a multi-role entry (each role's unit on that role's VMs, a client naming its own
 * pair's server). They implement the same interfaces as the built-ins, so planning, readiness,
 * labels, audit and cleanup treat them alike.
 */
import { renderCloudConfig } from '../../cloudinit/render.js';
import { InvalidInputError } from '../../errors.js';
import { DATA_DISK_FLOOR } from '../base-workload.js';
import type { GuestProfile } from '../guest/guest-profile.js';
import { getGuestProfile } from '../guest/profiles.js';
import { rolePaths } from '../guest/role-paths.js';
import { pairServiceHost } from '../service-dns.js';
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
} from '../workload.js';
import { catalogCloudConfig } from './cloud-config.js';
import type { CatalogEntry, CatalogUnit } from './entry.js';
import { parseCatalogParams, type CatalogParams } from './params.js';
import { substitutePlaceholders } from './placeholders.js';

export class CatalogWorkload implements Workload {
  readonly name: string;
  protected readonly params: CatalogParams;
  protected readonly profile: GuestProfile;

  /** Parses the params once: a bad value fails here, before anything is built. */
  constructor(
    protected readonly entry: CatalogEntry,
    protected readonly config: WorkloadConfig,
    protected readonly ctx: WorkloadContext,
  ) {
    this.name = entry.name;
    this.params = parseCatalogParams(entry.name, entry.params, config.params);
    this.profile = getGuestProfile(ctx.guestOs);
  }

  /** The manifest's own count for its one role, else `--vm-count`. */
  vmCount(): number {
    return this.entry.vmCount > 0 ? this.entry.vmCount : this.config.vmCount;
  }

  vmResources(): VmResources {
    return { cpuCores: this.config.cpuCores, memory: this.config.memory };
  }

  dataDisks(): readonly DataDiskSpec[] {
    return this.entry.storage;
  }

  /** Storage sizes come from the manifest, which refuses sizes below the floor. */
  dataDiskMinimum(): DataDiskMinimum | undefined {
    return this.entry.storage.length > 0 ? DATA_DISK_FLOOR : undefined;
  }

  requiresService(): boolean {
    return this.entry.service !== undefined;
  }

  serviceSpec(): ServiceSpec | undefined {
    return this.entry.service;
  }

  cloudInitUserdata(): string {
    return this.renderUserdata(this.entry.units, undefined);
  }

  unitNames(_role?: string): readonly string[] {
    return this.entry.units.map((unit) => this.unitName(unit));
  }

  paramValues(): Readonly<Record<string, unknown>> {
    return this.params;
  }

  protected unitName(unit: CatalogUnit): string {
    return rolePaths(this.name, unit.stem).unit;
  }

  /** `serviceHost` is the pair's server for a multi-role entry with a Service. */
  protected renderUserdata(units: readonly CatalogUnit[], serviceHost: string | undefined): string {
    const { ssh, namespace } = this.ctx;
    return renderCloudConfig({
      user: { name: ssh.user, passwordHash: ssh.passwordHash, authorizedKeys: ssh.authorizedKeys },
      ...catalogCloudConfig({
        units: units.map((unit) => ({
          name: this.unitName(unit),
          content: substitutePlaceholders(unit.text, this.params, { namespace, serviceHost }),
        })),
        packages: this.entry.packages,
        profile: this.profile,
        dataDisks: this.dataDisks(),
        skipPackageInstall: this.ctx.skipPackageInstall ?? false,
        readiness: this.ctx.readiness ?? 'http',
      }),
    });
  }
}

/** A multi-role entry: each role has its own count (0: `--vm-count`) and its own unit. */
export class MultiRoleCatalogWorkload extends CatalogWorkload implements MultiVMWorkload {
  constructor(entry: CatalogEntry, config: WorkloadConfig, ctx: WorkloadContext) {
    super(entry, config, ctx);
    this.checkPairs();
  }

  override vmCount(): number {
    return this.roleDistribution().reduce((sum, role) => sum + role.count, 0);
  }

  roleDistribution(): readonly RoleSpec[] {
    return this.entry.roles.map((role) => ({ role: role.name, count: role.vmCount > 0 ? role.vmCount : this.config.vmCount }));
  }

  /** A VM of pair `index` reaches the server of its own pair. */
  userdataForRole(role: string, index: number): string {
    return this.renderUserdata([this.unitOf(role)], this.serviceHost(index));
  }

  override cloudInitUserdata(): string {
    throw new Error(`${this.name} has one cloud-config per role (${this.entry.roles.map((r) => r.name).join(', ')}): use userdataForRole`);
  }

  override unitNames(role?: string): readonly string[] {
    const units = role === undefined ? this.entry.units : [this.unitOf(role)];
    return units.map((unit) => this.unitName(unit));
  }

  private serviceHost(index: number): string | undefined {
    const service = this.entry.service;
    if (service === undefined) return undefined;
    return pairServiceHost(this.name, index, service.selectorRole, this.ctx.namespace, this.ctx.clusterDomain);
  }

  /**
   * Each Service selects one pair's server and only that pair's VMs name it: a role with more VMs
   * than the selected role would have VMs without a server.
   */
  private checkPairs(): void {
    const service = this.entry.service;
    if (service === undefined) return;
    const roles = this.roleDistribution();
    const servers = roles.find((role) => role.role === service.selectorRole)?.count ?? 0;
    const over = roles.find((role) => role.count > servers);
    if (over === undefined) return;
    throw new InvalidInputError(
      '--vm-count',
      this.config.vmCount,
      `catalog entry ${this.name} would get ${over.count} ${over.role} VMs but ${servers} ${service.selectorRole} VMs, and each ${over.role} needs the ${service.selectorRole} of its own pair; ` +
        `use a --vm-count of at most ${servers}, or set the roles' vm-count in ${this.name}/workload.yaml so no role outnumbers ${service.selectorRole}`,
    );
  }

  private unitOf(role: string): CatalogUnit {
    const unit = this.entry.units.find((u) => u.stem === role);
    if (unit === undefined) throw new Error(`${this.name} has no role ${role}; its roles are ${this.entry.roles.map((r) => r.name).join(', ')}`);
    return unit;
  }
}

export const createCatalogWorkload = (entry: CatalogEntry, config: WorkloadConfig, ctx: WorkloadContext): Workload =>
  entry.roles.length > 0 ? new MultiRoleCatalogWorkload(entry, config, ctx) : new CatalogWorkload(entry, config, ctx);
