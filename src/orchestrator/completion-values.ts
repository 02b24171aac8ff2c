/**
 * The values shell completion asks for while a user types, read where they live: namespaces that
 * hold virtwork VMs (from the cluster), run ids (from the audit database, newest first), and
 * `--params` keys (`workload.key=`, from the workloads). A source that cannot be read gives nothing:
 * completion must never print an error into the user's command line.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import type { ApiContext } from '../kube/api.js';
import { managedSelector } from '../kube/labels.js';
import { listAcrossNamespaces } from '../kube/list.js';
import type { WorkloadDescription } from '../workloads/registry.js';

export const namespacesWithVms = async (ctx: ApiContext): Promise<string[]> => {
  const { items } = await listAcrossNamespaces<KubernetesObject>(ctx, 'VirtualMachine', managedSelector());
  return [...new Set(items.flatMap((vm) => (vm.metadata?.namespace ? [vm.metadata.namespace] : [])))].sort();
};

/** `cpu.cpu-load-percent=`: the key typed before a param's value, for every workload's params. */
export const paramKeys = (workloads: readonly WorkloadDescription[]): string[] =>
  workloads.flatMap((workload) => workload.params.map((param) => `${workload.name}.${param.key}=`));
