/**
 * What `virtwork version` asks a cluster: its Kubernetes version, and the KubeVirt and CDI versions
 * their operators report (as `oc get kubevirt -A` and `oc get cdi` show them). An operator that is
 * not installed, or that the user may not list, is null rather than an error: version still answers.
 */
import type { ApiContext } from '../kube/api.js';
import { listCdis, listKubeVirts, serverVersion } from '../kube/cluster-inventory.js';

export interface ServerVersions {
  readonly server: string;
  readonly kubernetes: string;
  readonly kubevirt: string | null;
  readonly cdi: string | null;
}

export const serverVersions = async (ctx: ApiContext): Promise<ServerVersions> => {
  const [version, kubevirts, cdis] = await Promise.all([
    serverVersion(ctx),
    listKubeVirts(ctx).catch(() => []),
    listCdis(ctx).catch(() => []),
  ]);
  const kv = kubevirts[0]?.status;
  const cdi = cdis[0]?.status;
  return {
    server: ctx.cluster.server,
    kubernetes: version.gitVersion,
    kubevirt: kv?.observedKubeVirtVersion ?? kv?.targetKubeVirtVersion ?? null,
    cdi: cdi?.observedVersion ?? cdi?.targetVersion ?? null,
  };
};
