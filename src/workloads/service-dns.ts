/**
 * How client VMs find their servers: by the name of their pair's Service, no IP lookups. Without a
 * cluster domain the short name is used: KubeVirt's DHCP hands the guest the pod's DNS search path
 * (`<namespace>.svc.<domain>` first), which resolves it in the VM's own namespace whatever the cluster's
 * domain is; systemd-resolved, as on Fedora, applies search domains to single-label names only.
 */
import { pairServiceName } from '../kube/names.js';

/** The name a client of pair `index` uses for the Service in front of its server of `role`. */
export const pairServiceHost = (
  workload: string,
  index: number,
  role: string,
  namespace: string,
  clusterDomain: string | undefined,
): string => {
  const service = pairServiceName(workload, index, role);
  return clusterDomain === undefined ? service : `${service}.${namespace}.svc.${clusterDomain}`;
};

/** A client script without its server's name is a planning bug, not something the user can fix. */
export const requireServiceHost = (host: string | undefined): string => {
  if (host === undefined) throw new Error('a client role was rendered without the name of its server Service');
  return host;
};
