/**
 * Small workloads that implement the Workload interfaces the way the built-in ones do, so planning
 * is tested on its own: a single-role one with a data disk, and a server/client pair with a Service.
 */
import type { ParamValues, RunConfig } from '../../src/config/types.js';
import { DEFAULTS } from '../../src/constants.js';
import { InvalidInputError } from '../../src/errors.js';
import { pairServiceName } from '../../src/kube/names.js';
import type { WorkloadFactory } from '../../src/orchestrator/plan.js';
import { InvalidParamError } from '../../src/workloads/params.js';
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
} from '../../src/workloads/workload.js';

/**
 * A stand-in cloud-config with the lines a real one has for its units: the health endpoint's command
 * line (http readiness) and the unit's start, which the plan invariants read back.
 */
const userdata = (what: string, ctx: WorkloadContext, params: ParamValues, unit: string): string =>
  [
    '#cloud-config',
    `# ${what} in ${ctx.namespace} for ${ctx.ssh.user}`,
    `# params ${JSON.stringify(params)}`,
    ...((ctx.readiness ?? 'http') === 'http' ? [`# ExecStart=/usr/local/bin/virtwork-health 8099 /readyz ${unit}`] : []),
    `# systemctl enable --now ${unit}`,
    '',
  ].join('\n');

class FakeSingle implements Workload {
  constructor(
    readonly name: string,
    private readonly config: WorkloadConfig,
    private readonly ctx: WorkloadContext,
    private readonly disks: readonly DataDiskSpec[] = [],
  ) {}
  vmCount(): number {
    return this.config.vmCount;
  }
  vmResources(): VmResources {
    return { cpuCores: this.config.cpuCores, memory: this.config.memory };
  }
  dataDisks(): readonly DataDiskSpec[] {
    return this.disks;
  }
  dataDiskMinimum(): DataDiskMinimum | undefined {
    return this.disks.length > 0 ? { bytes: 1024 * 1024, why: 'a fake workload needs 1 MiB' } : undefined;
  }
  requiresService(): boolean {
    return false;
  }
  serviceSpec(): ServiceSpec | undefined {
    return undefined;
  }
  cloudInitUserdata(): string {
    return userdata(this.name, this.ctx, this.config.params, `virtwork-${this.name}.service`);
  }
  unitNames(): readonly string[] {
    return [`virtwork-${this.name}.service`];
  }
  paramValues(): Readonly<Record<string, unknown>> {
    return { load: 50, ...this.config.params };
  }
}

class FakePair extends FakeSingle implements MultiVMWorkload {
  constructor(
    name: string,
    config: WorkloadConfig,
    private readonly pairCtx: WorkloadContext,
    private readonly service: ServiceSpec,
  ) {
    super(name, config, pairCtx);
  }
  override vmCount(): number {
    return super.vmCount() * 2;
  }
  override requiresService(): boolean {
    return true;
  }
  override serviceSpec(): ServiceSpec {
    return this.service;
  }
  roleDistribution(): readonly RoleSpec[] {
    return [
      { role: 'server', count: super.vmCount() },
      { role: 'client', count: super.vmCount() },
    ];
  }
  userdataForRole(role: string, index: number): string {
    const server = pairServiceName(this.name, index, this.service.selectorRole);
    return userdata(`${this.name} ${role} ${index} -> ${role === this.service.selectorRole ? 'serves' : server}`, this.pairCtx, {}, `virtwork-${this.name}-${role}.service`);
  }
  override unitNames(role?: string): readonly string[] {
    return [`virtwork-${this.name}-${role ?? 'none'}.service`];
  }
}

export interface FakeFactory extends WorkloadFactory {
  readonly created: { name: string; config: WorkloadConfig; ctx: WorkloadContext }[];
}

/**
 * `store` (single-role, one data disk), `spin` (single-role), `echo` (pair, Service on the server).
 * The param `bogus` is refused when the workload is built, as a real params schema refuses an unknown
 * key; each has the param `load`, default 50.
 */
export const fakeFactory = (service: Partial<ServiceSpec> = {}): FakeFactory => {
  const created: FakeFactory['created'] = [];
  return {
    created,
    createWorkload(name, config, ctx) {
      if (!['store', 'spin', 'echo'].includes(name)) throw new InvalidInputError('--workloads', name, 'unknown workload');
      if ('bogus' in config.params) throw new InvalidParamError(name, 'bogus', config.params.bogus, 'unknown parameter');
      created.push({ name, config, ctx });
      if (name === 'echo') {
        return new FakePair(name, config, ctx, {
          ports: [{ name: 'echo', port: 7 }],
          selectorRole: 'server',
          ...service,
        });
      }
      const disks = name === 'store' ? [{ name: 'data', serial: 'virtwork-data', size: config.diskSize, mountPath: '/mnt/data' }] : [];
      return new FakeSingle(name, config, ctx, disks);
    },
  };
};

export const runConfig = (overrides: Partial<RunConfig> = {}): RunConfig => ({
  namespace: 'virtwork-test',
  verbose: false,
  output: 'yaml',
  workloads: ['store', 'spin', 'echo'],
  vmCount: DEFAULTS.vmCount,
  cpuCores: DEFAULTS.cpuCores,
  memory: DEFAULTS.memory,
  diskSize: DEFAULTS.diskSize,
  containerDiskImage: DEFAULTS.containerDiskImage,
  readiness: 'http',
  dryRun: true,
  wait: true,
  timeoutSeconds: DEFAULTS.timeoutSeconds,
  ssh: { user: 'virtwork', authorizedKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKeyOnlyForTests tester'] },
  vmConcurrency: DEFAULTS.vmConcurrency,
  params: {},
  workloadOverrides: {},
  ...overrides,
});
