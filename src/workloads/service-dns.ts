/** How client VMs find their servers: the cluster DNS name of the workload's Service, no IP lookups. */
import type { ServiceSpec } from './workload.js';

export const serviceDnsName = (service: ServiceSpec, namespace: string): string =>
  `${service.name}.${namespace}.svc.cluster.local`;
