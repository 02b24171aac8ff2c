/**
 * `virtwork status`: the managed VMs in a namespace (or in all of them, `-A`), grouped by run id, with
 * what their VMIs say: phase, Ready, node. Two label-selected lists (VMs and VMIs), whatever the
 * number of VMs or namespaces.
 */
import type { V1VirtualMachine, V1VirtualMachineInstance } from '@kubevirt-ui-ext/kubevirt-api/kubevirt';
import { KUBEVIRT_GROUP, KUBEVIRT_VERSION, LABEL_APP_COMPONENT, LABEL_ROLE, LABEL_RUN_ID, LABEL_WORKLOAD } from '../constants.js';
import type { ReadinessMode } from '../constants.js';
import { EnvironmentError } from '../errors.js';
import type { ApiContext } from '../kube/api.js';
import { listProjected } from '../kube/list.js';
import { managedSelector } from '../kube/labels.js';

export interface VmStatusRow {
  readonly namespace: string;
  readonly name: string;
  readonly workload: string | null;
  readonly role: string | null;
  /** The VMI's phase, else the VM's printableStatus (`Stopped`, `Provisioning`, ...). */
  readonly phase: string | null;
  readonly ready: boolean;
  /** What its Ready means, read from the VM's probe: httpGet is `http`, exec `guest-agent`, none `running`. */
  readonly readiness: ReadinessMode;
  readonly node: string | null;
  /** Seconds since the VM was created. */
  readonly ageSeconds: number | null;
}

export interface RunStatus {
  /** `null` for managed VMs that lack a run id label. */
  readonly runId: string | null;
  readonly vms: readonly VmStatusRow[];
}

export interface StatusReport {
  /** `null` with `-A`: the VMs of every namespace, each row naming its own. */
  readonly namespace: string | null;
  /** Runs ordered by their oldest VM, VMs by name. */
  readonly runs: readonly RunStatus[];
}

export interface StatusOptions {
  readonly namespace: string;
  /** `-A`: every namespace; `namespace` is then ignored. */
  readonly allNamespaces?: boolean;
  readonly runId?: string;
  /** `-l`: a validated label selector that narrows the managed objects further. */
  readonly selector?: string;
}

export const collectStatus = async (api: ApiContext, options: StatusOptions, now: Date = new Date()): Promise<StatusReport> => {
  const selector = managedSelector(options.runId, options.selector);
  // Each page is cut down to what a row shows as it arrives, so 10,000 VMs never sit whole in memory.
  const namespace = options.allNamespaces === true ? undefined : options.namespace;
  const [vms, vmis] = await Promise.all([
    listProjected(api, 'VirtualMachine', namespace, selector, vmPart),
    listProjected(api, 'VirtualMachineInstance', namespace, selector, vmiPart),
  ]);
  // A 404 on the list: no VMs to show because there is no KubeVirt, which the user should hear.
  if (!vms.served) {
    throw new EnvironmentError(
      `the cluster at ${api.cluster.server} does not serve ${KUBEVIRT_GROUP}/${KUBEVIRT_VERSION}: ` +
        'install KubeVirt (OpenShift Virtualization) or choose another --context',
    );
  }
  // A VMI has its VM's name and namespace.
  const vmiByName = new Map(vmis.items.map((vmi) => [`${vmi.metadata?.namespace}/${vmi.metadata?.name}`, vmi]));
  const byRun = new Map<string | null, { created: number; vms: VmStatusRow[] }>();
  for (const vm of vms.items) {
    const labels = vm.metadata?.labels ?? {};
    const runId = labels[LABEL_RUN_ID] ?? null;
    const createdMs = Date.parse(vm.metadata?.creationTimestamp ?? '');
    const run = byRun.get(runId) ?? { created: Number.POSITIVE_INFINITY, vms: [] };
    byRun.set(runId, run);
    if (!Number.isNaN(createdMs)) run.created = Math.min(run.created, createdMs);
    const vmi = vmiByName.get(`${vm.metadata?.namespace}/${vm.metadata?.name}`);
    run.vms.push({
      namespace: vm.metadata?.namespace ?? options.namespace,
      name: vm.metadata?.name ?? '',
      // VMs the Go implementation made name their workload only in app.kubernetes.io/component.
      workload: labels[LABEL_WORKLOAD] ?? labels[LABEL_APP_COMPONENT] ?? null,
      role: labels[LABEL_ROLE] ?? null,
      phase: vmi?.status?.phase ?? vm.status?.printableStatus ?? null,
      ready: vmi?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
      readiness: readinessOf(vm),
      node: vmi?.status?.nodeName ?? null,
      ageSeconds: Number.isNaN(createdMs) ? null : Math.max(0, Math.floor((now.getTime() - createdMs) / 1000)),
    });
  }
  const runs = [...byRun.entries()]
    .sort(([a, x], [b, y]) => x.created - y.created || String(a).localeCompare(String(b)))
    .map(([runId, run]) => ({ runId, vms: run.vms.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name, 'en', { numeric: true })) }));
  return { namespace: options.allNamespaces === true ? null : options.namespace, runs };
};

/** The parts of a VM a status row shows. */
const vmPart = (vm: V1VirtualMachine): V1VirtualMachine => ({
  metadata: {
    ...(vm.metadata?.name !== undefined && { name: vm.metadata.name }),
    ...(vm.metadata?.namespace !== undefined && { namespace: vm.metadata.namespace }),
    ...(vm.metadata?.labels !== undefined && { labels: vm.metadata.labels }),
    ...(vm.metadata?.creationTimestamp !== undefined && { creationTimestamp: vm.metadata.creationTimestamp }),
  },
  spec: {
    template: { spec: { domain: { devices: {} }, ...(vm.spec?.template?.spec?.readinessProbe && { readinessProbe: vm.spec.template.spec.readinessProbe }) } },
  },
  ...(vm.status?.printableStatus !== undefined && { status: { printableStatus: vm.status.printableStatus } }),
});

/** The parts of a VMI a status row shows. */
const vmiPart = (vmi: V1VirtualMachineInstance): V1VirtualMachineInstance => ({
  metadata: {
    ...(vmi.metadata?.name !== undefined && { name: vmi.metadata.name }),
    ...(vmi.metadata?.namespace !== undefined && { namespace: vmi.metadata.namespace }),
  },
  spec: { domain: { devices: {} } },
  status: {
    ...(vmi.status?.phase !== undefined && { phase: vmi.status.phase }),
    ...(vmi.status?.nodeName !== undefined && { nodeName: vmi.status.nodeName }),
    ...(vmi.status?.conditions !== undefined && { conditions: vmi.status.conditions.filter((c) => c.type === 'Ready') }),
  },
});

/** What a VM's Ready means, read from its probe: httpGet is `http`, exec `guest-agent`, none `running`. */
export const readinessOf = (vm: V1VirtualMachine): ReadinessMode => {
  const probe = vm.spec?.template?.spec?.readinessProbe;
  if (probe === undefined) return 'running';
  return probe.exec !== undefined ? 'guest-agent' : 'http';
};
