/**
 * Planning: everything one run will create, decided before anything touches a cluster. `--dry-run`
 * prints the plan; a real run creates its objects in order. Pure: the run id and the password hash
 * are inputs, so the same config gives the same plan.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import { DEFAULT_GUEST_OS } from '../config/guest-os.js';
import { formatSize, quantityBytes } from '../config/quantity.js';
import type { RunConfig } from '../config/types.js';
import { ANNOTATION_GUEST_OS } from '../constants.js';
import { InternalError, InvalidInputError } from '../errors.js';
import type { Labels } from '../kube/labels.js';
import { managedLabels, pairLabels, recommendedLabels, roleLabels, workloadLabels } from '../kube/labels.js';
import { cloudInitSecretName, pairServiceName, vmName } from '../kube/names.js';
import { buildNamespace } from '../kube/namespace.js';
import { assertUserdataFits, buildCloudInitSecret } from '../kube/secret.js';
import { buildService } from '../kube/service.js';
import { buildVirtualMachine, toKubernetesObject } from '../kube/vm.js';
import { createWorkload } from '../workloads/registry.js';
import type { DataDiskSpec, Workload, WorkloadConfig, WorkloadContext } from '../workloads/workload.js';
import { isMultiVM } from '../workloads/workload.js';
import type { PlannedKind, RunPlan, VmPlan } from './plan-types.js';

export interface PlanOptions {
  /** Goes into every object's `virtwork/run-id` label. */
  readonly runId: string;
  /** SHA-512 crypt hash of `config.ssh.password`, computed once per run by the caller. */
  readonly passwordHash?: string | undefined;
}

/** What planning needs from a workload registry: the built-in one, or a catalog's. */
export interface WorkloadFactory {
  /**
   * Parses the params once and builds the workload; throws InvalidInputError for an unknown
   * workload, and InvalidParamError for an unknown param or a param of the wrong type.
   */
  createWorkload(name: string, config: WorkloadConfig, ctx: WorkloadContext): Workload;
}

/** The nine built-in workloads. */
export const builtinWorkloads: WorkloadFactory = { createWorkload };

interface SelectedWorkload {
  readonly name: string;
  readonly config: WorkloadConfig;
}

export const buildRunPlan = (
  config: RunConfig,
  opts: PlanOptions,
  factory: WorkloadFactory = builtinWorkloads,
): RunPlan => {
  if (config.ssh.password !== undefined && opts.passwordHash === undefined) {
    // A caller bug, not user input: the VMs would silently lack the password the user asked for.
    throw new InternalError('buildRunPlan: an SSH password is configured but no passwordHash was given');
  }
  const selected = selectWorkloads(config);
  const guestOs = config.guestOs ?? DEFAULT_GUEST_OS;
  const ctx: WorkloadContext = {
    namespace: config.namespace,
    ssh: { user: config.ssh.user, passwordHash: opts.passwordHash, authorizedKeys: config.ssh.authorizedKeys },
    guestOs,
    skipPackageInstall: config.skipPackageInstall ?? false,
    readiness: config.readiness,
    ...(config.clusterDomain !== undefined && { clusterDomain: config.clusterDomain }),
  };
  // Every workload (and so every param) is built before any object: one bad param, nothing planned.
  const workloads = selected.map(({ name, config: workloadConfig }) => factory.createWorkload(name, workloadConfig, ctx));
  checkRunSize(workloads, config);
  const vms = workloads.flatMap((workload) => planVms(workload, config));

  const managed = managedLabels(opts.runId);
  const { namespace } = config;
  const secretOf = (vm: VmPlan): KubernetesObject =>
    buildCloudInitSecret({ name: vm.secretName, namespace, labels: vmLabels(managed, vm), userdata: vm.userdata });
  const virtualMachineOf = (vm: VmPlan): KubernetesObject =>
    withGuestOs(guestOs, toKubernetesObject(buildVirtualMachine({
      name: vm.name,
      namespace,
      labels: vmLabels(managed, vm),
      cpuCores: vm.cpuCores,
      memory: vm.memory,
      image: vm.image,
      secretName: vm.secretName,
      dataDisks: vm.dataDisks,
      ...(config.storageClass !== undefined && { storageClassName: config.storageClass }),
      unitNames: vm.unitNames,
      readiness: config.readiness,
    })));
  // Objects are built as they are sent or printed. The first VM of each workload and role is built
  // now: what could refuse one (a label value, a unit name, a data disk) refuses the plan, before
  // anything is sent. Names were checked as the VMs were planned.
  for (const vm of firstOfEachRole(vms)) {
    secretOf(vm);
    virtualMachineOf(vm);
  }
  // Services are few (one per pair) and built twice: once here for their names, once when sent.
  const services = (): KubernetesObject[] => workloads.flatMap((workload) => servicesOf(workload, namespace, managed));
  const kinds: PlannedKind[] = [
    plannedKind('Namespace', [namespace], () => [buildNamespace(namespace, managed)]),
    plannedKind('Service', services().map((service) => service.metadata?.name ?? ''), services),
    plannedKind('Secret', vms.map((vm) => vm.secretName), () => mapped(vms, secretOf)),
    plannedKind('VirtualMachine', vms.map((vm) => vm.name), () => mapped(vms, virtualMachineOf)),
  ].filter((planned) => planned.names.length > 0);
  assertUniqueNames(kinds);
  return {
    runId: opts.runId,
    namespace,
    guestOs,
    readiness: config.readiness,
    workloads: workloads.map((workload) => ({ name: workload.name, params: workload.paramValues() })),
    vms,
    kinds,
    get objects(): KubernetesObject[] {
      return [...plannedObjects(kinds)];
    },
  };
};

/** Every planned object in creation order, each built as it is taken. */
export function* plannedObjects(kinds: readonly PlannedKind[]): Generator<KubernetesObject> {
  for (const planned of kinds) yield* planned;
}

/** `build` of each VM, one at a time as they are taken. */
function* mapped(vms: readonly VmPlan[], build: (vm: VmPlan) => KubernetesObject): Generator<KubernetesObject> {
  for (const vm of vms) yield build(vm);
}

/** The first planned VM of each workload and role. */
const firstOfEachRole = (vms: readonly VmPlan[]): VmPlan[] => {
  const seen = new Set<string>();
  return vms.filter((vm) => {
    const key = `${vm.workload}/${vm.role ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

/** A kind's objects, built anew by `build` each time they are iterated. */
const plannedKind = (kind: string, names: readonly string[], build: () => Iterable<KubernetesObject>): PlannedKind => ({
  kind,
  names,
  [Symbol.iterator]: () => build()[Symbol.iterator](),
});

/**
 * The most VMs one run on a cluster creates: the run tracks each VM's creation, readiness and audit
 * row until it ends. Larger loads are several runs, in one namespace or several.
 */
export const MAX_PLANNED_VMS = 10_000;

/**
 * The most VMs one `--dry-run` prints. The objects are built and printed one at a time; what stays
 * in memory is the list of VMs (names, sizes), a few hundred bytes each: about 200 MB at the bound.
 */
export const MAX_DRY_RUN_VMS = 100_000;

const checkRunSize = (workloads: readonly Workload[], config: RunConfig): void => {
  const total = workloads.reduce((sum, workload) => sum + workload.vmCount(), 0);
  if (config.dryRun && total > MAX_DRY_RUN_VMS) {
    throw new InvalidInputError(
      '--vm-count',
      config.vmCount,
      `this dry run would print ${total} VMs, and one dry run prints at most ${MAX_DRY_RUN_VMS}; ` +
        'use a smaller --vm-count or fewer --workloads',
    );
  }
  if (!config.dryRun && total > MAX_PLANNED_VMS) {
    throw new InvalidInputError(
      '--vm-count',
      config.vmCount,
      `this run would create ${total} VMs, and one run creates and tracks at most ${MAX_PLANNED_VMS} ` +
        `(a --dry-run prints up to ${MAX_DRY_RUN_VMS}); use a smaller --vm-count or fewer --workloads, and run again for more`,
    );
  }
};

/** Shows on the VM which guest OS its cloud-init was written for (`--dry-run` and the cluster alike). */
const withGuestOs = (guestOs: string, vm: KubernetesObject): KubernetesObject => ({
  ...vm,
  metadata: { ...vm.metadata, annotations: { ...vm.metadata?.annotations, [ANNOTATION_GUEST_OS]: guestOs } },
});

/**
 * The workloads to run, in the order given, each with its `workloads.<name>` overrides applied over
 * the global values. The configuration already chose them (`enabled` applied, each named once) and
 * merged every source of params into `config.params`.
 */
export const selectWorkloads = (config: RunConfig): SelectedWorkload[] =>
  config.workloads.map((name) => {
    const overrides = config.workloadOverrides[name] ?? {};
    return {
      name,
      config: {
        vmCount: overrides.vmCount ?? config.vmCount,
        cpuCores: overrides.cpuCores ?? config.cpuCores,
        memory: overrides.memory ?? config.memory,
        diskSize: config.diskSize,
        params: config.params[name] ?? {},
      },
    };
  });

/**
 * A single-role workload gets VMs 0..N-1. A multi-VM workload gets, for each index, one VM per role
 * (server 0, client 0, server 1, ...), so a pair sits together in every listing.
 */
const planVms = (workload: Workload, config: RunConfig): VmPlan[] => {
  const { cpuCores, memory } = workload.vmResources();
  const dataDisks = workload.dataDisks();
  assertDataDisksFit(workload, dataDisks);
  const vm = (index: number, role: string | undefined, unitNames: readonly string[]): Omit<VmPlan, 'userdata'> => {
    const name = vmName(workload.name, index, role);
    return {
      name,
      workload: workload.name,
      ...(role !== undefined && { role }),
      index,
      cpuCores,
      memory,
      image: config.containerDiskImage,
      secretName: cloudInitSecretName(name),
      unitNames,
      dataDisks,
    };
  };
  if (!isMultiVM(workload)) {
    const userdata = workload.cloudInitUserdata();
    if (workload.vmCount() > 0) assertUserdataFits(cloudInitSecretName(vmName(workload.name, 0)), userdata);
    const unitNames = workload.unitNames();
    return Array.from({ length: workload.vmCount() }, (_, index) => ({ ...vm(index, undefined, unitNames), userdata }));
  }
  const roles = workload.roleDistribution().map((spec) => ({ ...spec, unitNames: workload.unitNames(spec.role) }));
  const pairs = pairCount(workload);
  // Each VM of a pair gets its own document: a client names its own pair's server. Each is written
  // and checked now, so one that does not fit fails the plan, and written again when its Secret is built.
  return Array.from({ length: pairs }, (_, index) =>
    roles
      .filter((spec) => index < spec.count)
      .map((spec) => {
        const planned = vm(index, spec.role, spec.unitNames);
        assertUserdataFits(planned.secretName, workload.userdataForRole(spec.role, index));
        return {
          ...planned,
          get userdata(): string {
            return workload.userdataForRole(spec.role, index);
          },
        };
      }),
  ).flat();
};

/** Every workload's data disk is at least the size it declares it can format and use. */
const assertDataDisksFit = (workload: Workload, disks: readonly DataDiskSpec[]): void => {
  const minimum = workload.dataDiskMinimum();
  if (minimum === undefined) return;
  for (const disk of disks) {
    const bytes = quantityBytes(disk.size);
    if (bytes !== undefined && bytes >= minimum.bytes) continue;
    throw new InvalidInputError(
      '--disk-size',
      disk.size,
      `too small for the data disk of workload ${workload.name}, which needs at least ${formatSize(minimum.bytes)}: ${minimum.why}; ` +
        `use ${formatSize(minimum.bytes)} or more`,
    );
  }
};

/** Pairs of a multi-VM workload: as many as its most numerous role has VMs. */
const pairCount = (workload: Workload): number =>
  isMultiVM(workload) ? Math.max(0, ...workload.roleDistribution().map((spec) => spec.count)) : 0;

/**
 * One Service per pair in front of that pair's VM of the Service's role, named after it and selecting
 * exactly its labels (workload, role, pair): iperf3 and netperf open several connections per test, and
 * a Service over every server could send them to different servers.
 */
const servicesOf = (workload: Workload, namespace: string, managed: Labels): KubernetesObject[] => {
  const spec = workload.requiresService() ? workload.serviceSpec() : undefined;
  if (spec === undefined) return [];
  const roles = isMultiVM(workload) ? workload.roleDistribution() : [];
  const role = roles.find((r) => r.role === spec.selectorRole);
  if (role === undefined) {
    throw new Error(
      `the Service of workload ${workload.name} selects role ${spec.selectorRole}, which it does not have (roles: ${roles.map((r) => r.role).join(', ') || 'none'})`,
    );
  }
  return Array.from({ length: role.count }, (_, index) =>
    buildService({
      name: pairServiceName(workload.name, index, spec.selectorRole),
      namespace,
      labels: { ...managed, ...recommendedLabels(workload.name), ...workloadLabels(workload.name), ...pairLabels(index) },
      selector: { ...roleLabels(workload.name, spec.selectorRole), ...pairLabels(index) },
      ports: spec.ports,
    }),
  );
};

/**
 * Every VM's labels, which its template, DataVolumes and cloud-init Secret carry too; VMs of a
 * multi-VM workload also say which pair they belong to.
 */
const vmLabels = (managed: Labels, vm: VmPlan): Labels => ({
  ...managed,
  ...recommendedLabels(vm.workload),
  ...roleLabels(vm.workload, vm.role),
  ...(vm.role !== undefined && pairLabels(vm.index)),
});

/** Deterministic names could still meet (workload `a-0` VM 0 and workload `a` VM 0 of role `0`). */
const assertUniqueNames = (kinds: readonly PlannedKind[]): void => {
  for (const { kind, names } of kinds) {
    const seen = new Set<string>();
    for (const name of names) {
      if (seen.has(name)) throw new InvalidInputError(`${kind} name`, name, 'two planned objects share this name; rename a workload or role');
      seen.add(name);
    }
  }
};
