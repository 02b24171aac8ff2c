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
import { buildCloudInitSecret } from '../kube/secret.js';
import { buildService } from '../kube/service.js';
import { buildVirtualMachine, toKubernetesObject } from '../kube/vm.js';
import { createWorkload } from '../workloads/registry.js';
import type { DataDiskSpec, Workload, WorkloadConfig, WorkloadContext } from '../workloads/workload.js';
import { isMultiVM } from '../workloads/workload.js';
import type { RunPlan, VmPlan } from './plan-types.js';

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
  const objects: KubernetesObject[] = [
    buildNamespace(config.namespace, managed),
    ...workloads.flatMap((workload) => servicesOf(workload, config.namespace, managed)),
    ...vms.map((vm) =>
      buildCloudInitSecret({ name: vm.secretName, namespace: config.namespace, labels: vmLabels(managed, vm), userdata: vm.userdata }),
    ),
    ...vms.map((vm) =>
      withGuestOs(guestOs, toKubernetesObject(buildVirtualMachine({
        name: vm.name,
        namespace: config.namespace,
        labels: vmLabels(managed, vm),
        cpuCores: vm.cpuCores,
        memory: vm.memory,
        image: vm.image,
        secretName: vm.secretName,
        dataDisks: vm.dataDisks,
        ...(config.storageClass !== undefined && { storageClassName: config.storageClass }),
        unitNames: vm.unitNames,
        readiness: config.readiness,
      }))),
    ),
  ];
  assertUniqueNames(objects);
  return {
    runId: opts.runId,
    namespace: config.namespace,
    guestOs,
    readiness: config.readiness,
    workloads: workloads.map((workload) => ({ name: workload.name, params: workload.paramValues() })),
    vms,
    objects,
  };
};

/**
 * The most VMs one run plans. A plan holds every object in memory (about 75 KB per VM with its
 * cloud-init) and a dry run prints them all at once: 10,000 VMs take about 750 MB, 100,000 would
 * exhaust the heap. Larger loads are several runs, in one namespace or several.
 */
export const MAX_PLANNED_VMS = 10_000;

const checkRunSize = (workloads: readonly Workload[], config: RunConfig): void => {
  const total = workloads.reduce((sum, workload) => sum + workload.vmCount(), 0);
  if (total > MAX_PLANNED_VMS) {
    throw new InvalidInputError(
      '--vm-count',
      config.vmCount,
      `this run would plan ${total} VMs, and one run plans at most ${MAX_PLANNED_VMS} (every object is held in memory); ` +
        'use a smaller --vm-count or fewer --workloads, and run again for more',
    );
  }
};

/** Shows on the VM which guest OS its cloud-init was written for (`--dry-run` and the cluster alike). */
const withGuestOs = (guestOs: string, vm: KubernetesObject): KubernetesObject => ({
  ...vm,
  metadata: { ...vm.metadata, annotations: { ...vm.metadata?.annotations, [ANNOTATION_GUEST_OS]: guestOs } },
});

/** `run --dry-run -o json` prints one `v1` List, the form `kubectl get -o json` uses for many objects. */
export const toList = (objects: readonly KubernetesObject[]): KubernetesObject & { items: KubernetesObject[] } => ({
  apiVersion: 'v1',
  kind: 'List',
  items: [...objects],
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
  const vm = (index: number, role: string | undefined, userdata: string, unitNames: readonly string[]): VmPlan => {
    const name = vmName(workload.name, index, role);
    return {
      name,
      workload: workload.name,
      ...(role !== undefined && { role }),
      index,
      cpuCores,
      memory,
      image: config.containerDiskImage,
      userdata,
      secretName: cloudInitSecretName(name),
      unitNames,
      dataDisks,
    };
  };
  if (!isMultiVM(workload)) {
    const userdata = workload.cloudInitUserdata();
    const unitNames = workload.unitNames();
    return Array.from({ length: workload.vmCount() }, (_, index) => vm(index, undefined, userdata, unitNames));
  }
  const roles = workload.roleDistribution().map((spec) => ({ ...spec, unitNames: workload.unitNames(spec.role) }));
  const pairs = pairCount(workload);
  // Each VM of a pair gets its own document: a client names its own pair's server.
  return Array.from({ length: pairs }, (_, index) =>
    roles
      .filter((spec) => index < spec.count)
      .map((spec) => vm(index, spec.role, workload.userdataForRole(spec.role, index), spec.unitNames)),
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
const assertUniqueNames = (objects: readonly KubernetesObject[]): void => {
  const seen = new Set<string>();
  for (const obj of objects) {
    const key = `${obj.kind ?? ''}/${obj.metadata?.name ?? ''}`;
    if (seen.has(key)) {
      throw new InvalidInputError(`${obj.kind ?? 'object'} name`, obj.metadata?.name, 'two planned objects share this name; rename a workload or role');
    }
    seen.add(key);
  }
};
