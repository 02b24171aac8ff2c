/**
 * RBAC for ServiceAccount tokens: Roles and ClusterRoles, granted by RoleBindings and
 * ClusterRoleBindings, decide what a token may do; refusals are kube-apiserver's 403 Status; the
 * administrator's requests (the sim's own token, or none) are not subject to it.
 */
import { describe, expect } from 'vitest';
import type { SimCluster } from '../../sim/index.js';
import { simTest } from './fixtures.js';

const test = simTest({ namespaces: ['team-a', 'team-b'] });
const SA_USER = 'system:serviceaccount:team-a:runner';

/** Creates objects as the administrator, through the API. */
const apply = async (sim: SimCluster, ...objects: Record<string, unknown>[]): Promise<void> => {
  for (const object of objects) {
    const { apiVersion, kind, metadata } = object as { apiVersion: string; kind: string; metadata: { namespace?: string } };
    const plural = `${kind.toLowerCase()}s`;
    const root = apiVersion === 'v1' ? '/api/v1' : `/apis/${apiVersion}`;
    const where = metadata.namespace !== undefined ? `/namespaces/${metadata.namespace}` : '';
    const response = await fetch(`${sim.url}${root}${where}/${plural}`, { method: 'POST', body: JSON.stringify(object), headers: { 'Content-Type': 'application/json' } });
    expect(response.status, await response.clone().text()).toBe(201);
  }
};

const rbac = 'rbac.authorization.k8s.io/v1';
const runner = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'runner', namespace: 'team-a' } };
const saSubject = [{ kind: 'ServiceAccount', name: 'runner', namespace: 'team-a' }];
const role = (rules: unknown[]) => ({ apiVersion: rbac, kind: 'Role', metadata: { name: 'runner', namespace: 'team-a' }, rules });
const roleBinding = (roleRef: { kind: string; name: string }, namespace = 'team-a') => ({
  apiVersion: rbac, kind: 'RoleBinding', metadata: { name: 'runner', namespace },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef }, subjects: saSubject,
});

const as = (sim: SimCluster, token: string) => async (path: string, init: RequestInit = {}) => {
  const response = await fetch(`${sim.url}${path}`, { ...init, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } });
  return { status: response.status, body: (await response.json()) as { message?: string; reason?: string; status?: { allowed?: boolean; userInfo?: unknown } } };
};

describe('ServiceAccount tokens under RBAC', () => {
  test('a token with no binding is refused with the RBAC message naming the account, verb, resource, group and namespace', async ({ sim }) => {
    await apply(sim, runner);
    const call = as(sim, sim.serviceAccountToken('team-a', 'runner'));
    const refused = await call('/apis/kubevirt.io/v1/namespaces/team-a/virtualmachines');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      reason: 'Forbidden',
      message: `virtualmachines.kubevirt.io is forbidden: User "${SA_USER}" cannot list resource "virtualmachines" in API group "kubevirt.io" in the namespace "team-a"`,
    });
    const clusterScope = await call('/api/v1/nodes');
    expect(clusterScope.body.message).toBe(`nodes is forbidden: User "${SA_USER}" cannot list resource "nodes" in API group "" at the cluster scope`);
    // discovery and the self reviews are everyone's (system:discovery, system:basic-user)
    expect((await call('/apis')).status).toBe(200);
    const whoami = await call('/apis/authentication.k8s.io/v1/selfsubjectreviews', { method: 'POST', body: JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }) });
    expect(whoami.body.status?.userInfo).toEqual({ username: SA_USER, groups: ['system:serviceaccounts', 'system:serviceaccounts:team-a', 'system:authenticated'] });
  });

  test('a RoleBinding grants its Role\'s verbs on its resources in its namespace only', async ({ sim }) => {
    await apply(sim, runner, role([{ apiGroups: [''], resources: ['secrets'], verbs: ['list', 'create'] }]), roleBinding({ kind: 'Role', name: 'runner' }));
    const call = as(sim, sim.serviceAccountToken('team-a', 'runner'));
    expect((await call('/api/v1/namespaces/team-a/secrets')).status).toBe(200);
    const created = await call('/api/v1/namespaces/team-a/secrets', { method: 'POST', body: JSON.stringify({ metadata: { name: 's' }, stringData: { a: 'b' } }) });
    expect(created.status).toBe(201);
    const otherNamespace = await call('/api/v1/namespaces/team-b/secrets');
    expect(otherNamespace.body.message).toBe(`secrets is forbidden: User "${SA_USER}" cannot list resource "secrets" in API group "" in the namespace "team-b"`);
    const otherVerb = await call('/api/v1/namespaces/team-a/secrets/s', { method: 'DELETE' });
    expect(otherVerb.body.message).toBe(`secrets "s" is forbidden: User "${SA_USER}" cannot delete resource "secrets" in API group "" in the namespace "team-a"`);
    const otherGroup = await call('/apis/kubevirt.io/v1/namespaces/team-a/virtualmachines');
    expect(otherGroup.status).toBe(403);
  });

  test('a namespace\'s own URL is in that namespace: a RoleBinding there grants it, resourceNames narrow it', async ({ sim }) => {
    await apply(
      sim, runner,
      { apiVersion: rbac, kind: 'ClusterRole', metadata: { name: 'ns-reader' }, rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get'], resourceNames: ['team-a'] }] },
      roleBinding({ kind: 'ClusterRole', name: 'ns-reader' }),
      roleBinding({ kind: 'ClusterRole', name: 'ns-reader' }, 'team-b'),
    );
    const call = as(sim, sim.serviceAccountToken('team-a', 'runner'));
    expect((await call('/api/v1/namespaces/team-a')).status).toBe(200);
    // bound in team-b too, but the rule names only team-a
    expect((await call('/api/v1/namespaces/team-b')).body.message).toBe(
      `namespaces "team-b" is forbidden: User "${SA_USER}" cannot get resource "namespaces" in API group "" in the namespace "team-b"`,
    );
    expect((await call('/api/v1/namespaces')).status).toBe(403);
  });

  test('a ClusterRoleBinding grants everywhere, wildcards included; a SelfSubjectAccessReview answers as the request would be', async ({ sim }) => {
    await apply(
      sim, runner,
      { apiVersion: rbac, kind: 'ClusterRole', metadata: { name: 'vm-reader' }, rules: [{ apiGroups: ['kubevirt.io'], resources: ['*'], verbs: ['get', 'list'] }] },
      { apiVersion: rbac, kind: 'ClusterRoleBinding', metadata: { name: 'vm-reader' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'vm-reader' }, subjects: saSubject },
    );
    const call = as(sim, sim.serviceAccountToken('team-a', 'runner'));
    expect((await call('/apis/kubevirt.io/v1/virtualmachineinstances')).status).toBe(200);
    expect((await call('/apis/kubevirt.io/v1/namespaces/team-b/virtualmachines')).status).toBe(200);
    const review = (resourceAttributes: Record<string, string>) =>
      call('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { method: 'POST', body: JSON.stringify({ apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes } }) });
    expect((await review({ verb: 'list', group: 'kubevirt.io', resource: 'kubevirts' })).body.status?.allowed).toBe(true);
    expect((await review({ verb: 'create', group: 'kubevirt.io', resource: 'virtualmachines', namespace: 'team-a' })).body.status?.allowed).toBe(false);
    expect((await review({ verb: 'list', group: 'cdi.kubevirt.io', resource: 'datavolumes', namespace: 'team-a' })).body.status?.allowed).toBe(false);
  });

  test('the token of a deleted ServiceAccount is rejected; the administrator is never subject to RBAC', async ({ sim }) => {
    await apply(sim, runner);
    const call = as(sim, sim.serviceAccountToken('team-a', 'runner'));
    expect((await fetch(`${sim.url}/api/v1/namespaces/team-a/serviceaccounts/runner`, { method: 'DELETE' })).status).toBe(200);
    expect((await call('/api/v1/namespaces/team-a/secrets')).status).toBe(401);
    expect((await fetch(`${sim.url}/api/v1/namespaces/team-a/secrets`)).status).toBe(200);
    expect(() => sim.serviceAccountToken('team-a', 'runner')).toThrow('serviceaccount team-a/runner not found');
    const minted = await fetch(`${sim.url}/_sim/serviceaccounts/team-a/runner/token`, { method: 'POST' });
    expect(minted.status).toBe(404);
  });
});
