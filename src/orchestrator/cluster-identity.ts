/** The cluster an execution connected to, in the audit trail's terms, whether or not the user typed any of it. */
import { delimiter } from 'node:path';
import type { ClusterIdentity, KubeconfigSourceRecord } from '../audit/records.js';
import type { ClusterClient } from '../cluster/client.js';
import type { KubeconfigSource } from '../cluster/kubeconfig.js';

const SOURCES: Readonly<Record<KubeconfigSource, KubeconfigSourceRecord>> = {
  '--kubeconfig': 'flag',
  VIRTWORK_KUBECONFIG: 'VIRTWORK_KUBECONFIG',
  'the config file': 'config-file',
  KUBECONFIG: 'KUBECONFIG',
  'in-cluster': 'in-cluster',
  '~/.kube/config': 'default',
};

export const clusterIdentity = (cluster: Pick<ClusterClient, 'server' | 'contextName' | 'location'>): ClusterIdentity => ({
  server: cluster.server,
  context: cluster.contextName,
  kubeconfigSource: SOURCES[cluster.location.source],
  ...(cluster.location.paths.length > 0 && { kubeconfigPath: cluster.location.paths.join(delimiter) }),
});
