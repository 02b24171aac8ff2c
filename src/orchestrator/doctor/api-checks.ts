/** Can the API server be reached with the kubeconfig's credentials, and who are they? */
import type { VersionInfo } from '@kubernetes/client-node';
import type { WhoAmI } from '../../kube/identity.js';
import { fail, listWords, pass, warn, whyFailed, type CheckResult, type Read } from './check.js';

export interface ClusterTarget {
  readonly server: string;
  readonly contextName: string;
}

export const checkApi = (target: ClusterTarget, version: Read<VersionInfo>): CheckResult => {
  const where = `${target.server} (context ${target.contextName})`;
  if (version.ok) return pass('api', `${where} serves Kubernetes ${version.value.gitVersion}`);
  if (version.status === 401) {
    return fail('api', `${where} rejected the credentials (401 Unauthorized)`, `log in again (oc login) or refresh the token of context ${target.contextName}`);
  }
  if (version.status === undefined) {
    return fail('api', version.error.message, `check the server address and CA of context ${target.contextName} and that it is reachable from here (VPN, proxy), or choose another --context`);
  }
  return fail('api', version.error.message, `the server answered HTTP ${version.status}: check that ${target.server} is a Kubernetes API server`);
};

/** SelfSubjectReview is GA in Kubernetes 1.28, beta in 1.27: older servers cannot say. */
export const checkIdentity = (identity: Read<WhoAmI>): CheckResult => {
  if (!identity.ok) return warn('identity', `cannot ask who you are (${whyFailed(identity)})`);
  if (!identity.value.served) {
    return warn('identity', 'the server has no SelfSubjectReview API (Kubernetes before 1.27), so it cannot say who you are');
  }
  const { user, apiVersion } = identity.value;
  const groups = user.groups ?? [];
  const beta = apiVersion.endsWith('beta1') ? ` (from ${apiVersion})` : '';
  return pass('identity', `${user.username ?? '(no name)'}${groups.length > 0 ? `, groups ${listWords(groups)}` : ''}${beta}`);
};
