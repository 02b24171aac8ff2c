/**
 * Test fixtures for running against the simulator in-process: a small RunPlan made with the real
 * builders (no workload registry needed), and an ApiContext over the simulator's kubeconfig.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import { createClusterClient, type ClusterClient } from '../../src/cluster/client.js';
import { loadKubeconfig } from '../../src/cluster/kubeconfig.js';
import type { ApiContext } from '../../src/kube/api.js';
import { managedLabels, roleLabels } from '../../src/kube/labels.js';
import { cloudInitSecretName } from '../../src/kube/names.js';
import { buildNamespace } from '../../src/kube/namespace.js';
import { buildCloudInitSecret } from '../../src/kube/secret.js';
import { buildService } from '../../src/kube/service.js';
import { buildVirtualMachine, toKubernetesObject } from '../../src/kube/vm.js';
import type { PlannedKind, RunPlan, VmPlan } from '../../src/orchestrator/plan-types.js';
import type { SimCluster } from '../../sim/index.js';

export interface PlannedVm {
  readonly workload: string;
  readonly index: number;
  readonly role?: string;
}

/** `count` cpu VMs: virtwork-cpu-0 .. virtwork-cpu-<count-1>. */
export const cpuVms = (count: number): PlannedVm[] => Array.from({ length: count }, (_, index) => ({ workload: 'cpu', index }));

/** A plan as buildRunPlan makes it: Namespace, a Service per multi-role workload, Secrets, VMs. */
export const planOf = (vms: readonly PlannedVm[], { runId = 'run-1', namespace = 'virtwork' } = {}): RunPlan => {
  const managed = managedLabels(runId);
  const vmPlans: VmPlan[] = vms.map(({ workload, index, role }) => {
    const name = `virtwork-${workload}-${index}${role ? `-${role}` : ''}`;
    return {
      name,
      workload,
      ...(role !== undefined && { role }),
      index,
      cpuCores: 1,
      memory: '1Gi',
      image: 'quay.io/containerdisks/fedora:42',
      userdata: '#cloud-config\n{}\n',
      secretName: cloudInitSecretName(name),
      unitNames: [`virtwork-${workload}${role ? `-${role}` : ''}.service`],
      dataDisks: [],
    };
  });
  const services = [...new Set(vms.filter((vm) => vm.role === 'server').map((vm) => vm.workload))].map((workload) =>
    buildService({
      name: `virtwork-${workload}-server`,
      namespace,
      labels: { ...managed, ...roleLabels(workload) },
      selector: roleLabels(workload, 'server'),
      ports: [{ name: 'main', port: 5201 }],
    }),
  );
  const labelsOf = (vm: VmPlan) => ({ ...managed, ...roleLabels(vm.workload, vm.role) });
  const objects: KubernetesObject[] = [
    buildNamespace(namespace, managed),
    ...services,
    ...vmPlans.map((vm) => buildCloudInitSecret({ name: vm.secretName, namespace, labels: labelsOf(vm), userdata: vm.userdata })),
    ...vmPlans.map((vm) =>
      toKubernetesObject(
        buildVirtualMachine({
          name: vm.name,
          namespace,
          labels: labelsOf(vm),
          cpuCores: vm.cpuCores,
          memory: vm.memory,
          image: vm.image,
          secretName: vm.secretName,
          dataDisks: [],
          unitNames: vm.unitNames,
          readiness: 'http',
        }),
      ),
    ),
  ];
  const workloads = [...new Set(vmPlans.map((vm) => vm.workload))].map((name) => ({ name, params: {} }));
  return { runId, namespace, readiness: 'http', workloads, vms: vmPlans, kinds: kindsOf(objects), objects };
};

/** `objects` as a plan groups them: one PlannedKind per run of one kind, in order. */
const kindsOf = (objects: readonly KubernetesObject[]): PlannedKind[] => {
  const groups: { kind: string; objects: KubernetesObject[] }[] = [];
  for (const object of objects) {
    const last = groups.at(-1);
    if (last !== undefined && last.kind === object.kind) last.objects.push(object);
    else groups.push({ kind: object.kind ?? '', objects: [object] });
  }
  return groups.map(({ kind, objects: ofKind }) => ({
    kind,
    names: ofKind.map((o) => o.metadata?.name ?? ''),
    [Symbol.iterator]: () => ofKind[Symbol.iterator](),
  }));
};

export const clusterOf = (sim: SimCluster): ClusterClient =>
  createClusterClient(loadKubeconfig({ kubeconfig: sim.kubeconfigPath, env: {} }));

/** An ApiContext with fast retries, so fault tests take milliseconds. */
export const apiContext = (cluster: ClusterClient, signal: AbortSignal = new AbortController().signal): ApiContext => ({
  cluster,
  signal,
  retryPolicy: { baseDelayMs: 5, maxDelayMs: 20 },
});

/** Requests the simulator counted for one resource and verb. */
export const countOf = (sim: SimCluster, resource: string, verb: string): number => sim.stats().byResource[resource]?.[verb] ?? 0;
