/**
 * Is there room for the planned VMs? The sum of their vCPUs and guest memory against what the
 * schedulable nodes (virt-handler's `kubevirt.io/schedulable=true`, Ready, not cordoned) can give
 * to pods. Memory is not overcommitted: not enough is a failure. vCPUs are: KubeVirt requests a
 * tenth of a CPU per vCPU by default, so more vCPUs than CPUs still schedule, and contend.
 * Allocatable, not free: what other pods already use is not subtracted.
 */
import type { V1Node } from '@kubernetes/client-node';
import { KINDS, rbacResource } from '../../kube/kinds.js';
import { formatBytes, formatCpus, parseQuantity } from '../../kube/quantity.js';
import { fail, pass, warn, whyFailed, type CheckResult, type Read } from './check.js';

export interface VmNeeds {
  readonly name: string;
  readonly cpuCores: number;
  /** Guest memory, a quantity such as `2Gi`. */
  readonly memory: string;
}

const isUsable = (node: V1Node): boolean =>
  node.spec?.unschedulable !== true && (node.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

const allocatable = (node: V1Node, resource: 'cpu' | 'memory'): number => parseQuantity(node.status?.allocatable?.[resource] ?? '0') ?? 0;

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

export const checkNodes = (nodes: Read<V1Node[]>, vms: readonly VmNeeds[]): CheckResult => {
  if (!nodes.ok) {
    return warn('nodes', `cannot list nodes (${whyFailed(nodes)}), so capacity is not checked`,
      nodes.status === 403 ? `ask for list on ${rbacResource(KINDS.Node)} (cluster-wide) to check it` : undefined);
  }
  const usable = nodes.value.filter(isUsable);
  if (usable.length === 0) {
    const found = nodes.value.length > 0 ? ` (${nodes.value.length} labelled, none Ready and schedulable)` : '';
    return fail('nodes', `no node can run VMs: none Ready with the label kubevirt.io/schedulable=true${found}`,
      'check that virt-handler runs on the worker nodes (kubectl get pods -A -l kubevirt.io=virt-handler) and that they are Ready');
  }
  const cpus = sum(usable.map((n) => allocatable(n, 'cpu')));
  const memory = sum(usable.map((n) => allocatable(n, 'memory')));
  const largestNode = Math.max(...usable.map((n) => allocatable(n, 'memory')));
  const vmMemory = vms.map((vm) => ({ name: vm.name, bytes: parseQuantity(vm.memory) ?? 0 }));
  const neededCpus = sum(vms.map((vm) => vm.cpuCores));
  const neededMemory = sum(vmMemory.map((vm) => vm.bytes));
  const biggest = vmMemory.reduce<{ name: string; bytes: number } | undefined>((a, b) => (a === undefined || b.bytes > a.bytes ? b : a), undefined);

  const have = `${usable.length} schedulable node${usable.length > 1 ? 's' : ''} with ${formatCpus(cpus)} CPUs and ${formatBytes(memory)} allocatable`;
  const need = `the plan needs ${neededCpus} vCPUs and ${formatBytes(neededMemory)} for ${vms.length} VM${vms.length === 1 ? '' : 's'}`;
  const smaller = 'lower --vm-count or --memory, or add nodes';
  if (neededMemory > memory) return fail('nodes', `${need}, more memory than the ${have}`, smaller);
  if (biggest !== undefined && biggest.bytes > largestNode) {
    return fail('nodes', `VM ${biggest.name} needs ${formatBytes(biggest.bytes)} of memory; the largest of the ${have} has ${formatBytes(largestNode)}`, smaller);
  }
  if (neededCpus > cpus) {
    return warn('nodes', `${need}: it fits the ${have} only by overcommitting CPU, so the vCPUs contend for ${formatCpus(cpus)} CPUs`,
      'lower --vm-count or --cpu-cores for vCPUs that run at full speed');
  }
  return pass('nodes', `${have}; ${need}`);
};
