/**
 * What a preflight reads from the simulated cluster: its Nodes, StorageClasses and StorageProfiles,
 * the KubeVirt and CDI CRs, and the two reviews, each in its healthy form and broken by an option.
 */
import { AuthenticationV1Api, AuthorizationV1Api, CoreV1Api, CustomObjectsApi, StorageV1Api, type KubeConfig } from '@kubernetes/client-node';
import { describe, expect } from 'vitest';
import { startSimCluster, type SimClusterOptions } from '../../sim/index.js';
import { CDI_CR_NAME, CNV_NAMESPACE, KUBEVIRT_CR_NAME } from '../../sim/inventory.js';
import { RESOURCES } from '../../sim/registry/index.js';
import { validateObject } from '../../sim/apiserver/validation.js';
import { simTest, schemasMissing } from './fixtures.js';
import { rejection } from './helpers.js';

const test = simTest({ token: 't0ken', namespaces: ['virtwork'] });

/** A simulator started with `opts` for one assertion, then stopped. */
const withSim = async <T>(opts: SimClusterOptions, read: (kc: KubeConfig) => Promise<T>): Promise<T> => {
  const sim = await startSimCluster(opts);
  try {
    return await read(sim.kubeConfig());
  } finally {
    await sim.stop();
  }
};

const KUBEVIRTS = { group: 'kubevirt.io', version: 'v1', plural: 'kubevirts' } as const;
const CDIS = { group: 'cdi.kubevirt.io', version: 'v1beta1', plural: 'cdis' } as const;
const PROFILES = { group: 'cdi.kubevirt.io', version: 'v1beta1', plural: 'storageprofiles' } as const;

interface Listed<T> {
  items: T[];
}
interface OperatorCr {
  metadata: { name: string; namespace?: string };
  status: { phase?: string; observedKubeVirtVersion?: string; observedVersion?: string; conditions?: { type: string; status: string }[] };
}
interface Profile {
  metadata: { name: string };
  status: { claimPropertySets?: { accessModes: string[]; volumeMode: string }[] };
}

const listCrs = async (kc: KubeConfig): Promise<{ kubevirts: OperatorCr[]; cdis: OperatorCr[] }> => {
  const custom = kc.makeApiClient(CustomObjectsApi);
  const kubevirts = (await custom.listCustomObjectForAllNamespaces({ group: KUBEVIRTS.group, version: KUBEVIRTS.version, resourcePlural: KUBEVIRTS.plural })) as Listed<OperatorCr>;
  const cdis = (await custom.listClusterCustomObject(CDIS)) as Listed<OperatorCr>;
  return { kubevirts: kubevirts.items, cdis: cdis.items };
};

describe('the inventory of a healthy cluster', () => {
  test('three schedulable workers with allocatable CPU and memory, and a control-plane node without the label', async ({ sim }) => {
    const nodes = (await sim.kubeConfig().makeApiClient(CoreV1Api).listNode()).items;
    expect(nodes.map((n) => [n.metadata?.name, n.metadata?.labels?.['kubevirt.io/schedulable']])).toEqual([
      ['sim-master-0', undefined],
      ['sim-worker-0', 'true'],
      ['sim-worker-1', 'true'],
      ['sim-worker-2', 'true'],
    ]);
    expect(nodes[1]?.status?.allocatable).toMatchObject({ cpu: '15500m', memory: '60Gi' });
  });

  test('one StorageClass default for Kubernetes, one for virtualization, each with a complete StorageProfile', async ({ sim }) => {
    const kc = sim.kubeConfig();
    const classes = (await kc.makeApiClient(StorageV1Api).listStorageClass()).items;
    expect(classes.map((c) => [c.metadata?.name, c.metadata?.annotations])).toEqual([
      ['ocs-storagecluster-ceph-rbd', { 'storageclass.kubernetes.io/is-default-class': 'true' }],
      ['ocs-storagecluster-ceph-rbd-virtualization', { 'storageclass.kubevirt.io/is-default-virt-class': 'true' }],
    ]);
    const profile = (await kc.makeApiClient(CustomObjectsApi).getClusterCustomObject({ ...PROFILES, name: 'ocs-storagecluster-ceph-rbd-virtualization' })) as Profile;
    expect(profile.status.claimPropertySets?.[0]).toEqual({ accessModes: ['ReadWriteMany'], volumeMode: 'Block' });
  });

  test('the KubeVirt CR in openshift-cnv and the cluster-scoped CDI CR, both Deployed with their versions', async ({ sim }) => {
    const { kubevirts, cdis } = await listCrs(sim.kubeConfig());
    expect(kubevirts.map((k) => [k.metadata.namespace, k.metadata.name, k.status.phase, k.status.observedKubeVirtVersion])).toEqual([
      [CNV_NAMESPACE, KUBEVIRT_CR_NAME, 'Deployed', 'v1.5.2'],
    ]);
    expect(kubevirts[0]?.status.conditions).toContainEqual(expect.objectContaining({ type: 'Available', status: 'True' }));
    expect(cdis.map((c) => [c.metadata.name, c.status.phase, c.status.observedVersion])).toEqual([[CDI_CR_NAME, 'Deployed', 'v1.62.0']]);
  });

  test.skipIf(schemasMissing)('every inventory object is valid against its schema, as if created through the API', ({ sim }) => {
    const kinds = ['Node', 'StorageClass', 'StorageProfile', 'KubeVirt', 'CDI'];
    const checked = RESOURCES.filter((r) => kinds.includes(r.kind)).flatMap((r) => sim.store.list(r).map((obj) => ({ r, obj })));
    expect(checked.map(({ r }) => r.kind).sort()).toEqual(['CDI', 'KubeVirt', 'Node', 'Node', 'Node', 'Node', 'StorageClass', 'StorageClass', 'StorageProfile', 'StorageProfile']);
    for (const { r, obj } of checked) expect(() => validateObject(r, obj)).not.toThrow();
  });
});

describe('options that break the inventory', () => {
  test('workerNodes and workerAllocatable: no schedulable node, or small ones', async () => {
    const none = await withSim({ workerNodes: 0 }, async (kc) => (await kc.makeApiClient(CoreV1Api).listNode({ labelSelector: 'kubevirt.io/schedulable=true' })).items);
    expect(none).toEqual([]);
    const small = await withSim({ workerAllocatable: { cpu: '2', memory: '4Gi' } }, async (kc) =>
      (await kc.makeApiClient(CoreV1Api).listNode({ labelSelector: 'kubevirt.io/schedulable=true' })).items.map((n) => n.status?.allocatable));
    expect(small).toEqual(Array(3).fill({ cpu: '2', memory: '4Gi', pods: '250' }));
  });

  test('defaultStorageClass: false marks no class default', async () => {
    const classes = await withSim({ defaultStorageClass: false }, async (kc) => (await kc.makeApiClient(StorageV1Api).listStorageClass()).items);
    expect(classes).toHaveLength(2);
    expect(classes.map((c) => c.metadata?.annotations)).toEqual([undefined, undefined]);
  });

  test("storageProfiles: 'incomplete' leaves claimPropertySets empty, as for a provisioner CDI does not recognise", async () => {
    const profiles = await withSim({ storageProfiles: 'incomplete' }, async (kc) =>
      ((await kc.makeApiClient(CustomObjectsApi).listClusterCustomObject(PROFILES)) as Listed<Profile>).items);
    expect(profiles.map((p) => p.status.claimPropertySets)).toEqual([undefined, undefined]);
  });

  test("kubevirt and cdi: 'absent' leaves the CR out, 'Deploying' shows it still deploying and not Available", async () => {
    const absent = await withSim({ kubevirt: 'absent', cdi: 'absent' }, listCrs);
    expect(absent).toEqual({ kubevirts: [], cdis: [] });
    const deploying = await withSim({ kubevirt: 'Deploying', cdi: 'Deploying' }, listCrs);
    expect(deploying.kubevirts.map((k) => [k.status.phase, k.status.observedKubeVirtVersion])).toEqual([['Deploying', undefined]]);
    expect(deploying.kubevirts[0]?.status.conditions).toContainEqual(expect.objectContaining({ type: 'Available', status: 'False' }));
    expect(deploying.cdis.map((c) => [c.status.phase, c.status.observedVersion])).toEqual([['Deploying', undefined]]);
  });

  test('selfSubjectReview: false serves no SelfSubjectReview, as a Kubernetes 1.26 server', async () => {
    const r = await withSim({ selfSubjectReview: false }, (kc) =>
      rejection(kc.makeApiClient(AuthenticationV1Api).createSelfSubjectReview({ body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } })));
    expect(r).toMatchObject({ code: 404, body: '404 page not found\n' });
  });
});

describe('SelfSubjectReview and SelfSubjectAccessReview', () => {
  const accessReview = (verb: string, resource: string, namespace?: string, group = '') => ({
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectAccessReview',
    spec: { resourceAttributes: { verb, group, resource, ...(namespace ? { namespace } : {}) } },
  });

  test('a SelfSubjectReview answers with the user of the token and is not stored', async ({ sim }) => {
    const review = await sim.kubeConfig().makeApiClient(AuthenticationV1Api).createSelfSubjectReview({
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    });
    expect(review.status?.userInfo).toEqual({ username: 'virtwork', groups: ['system:authenticated'] });
    expect(sim.store.list(RESOURCES.find((r) => r.kind === 'SelfSubjectReview')!)).toEqual([]);
  });

  test('a SelfSubjectAccessReview is allowed unless a deny fault matches the verb, resource and namespace', async ({ sim }) => {
    const authz = sim.kubeConfig().makeApiClient(AuthorizationV1Api);
    const allowed = async (body: ReturnType<typeof accessReview>): Promise<boolean | undefined> =>
      (await authz.createSelfSubjectAccessReview({ body })).status?.allowed;
    sim.faults.add({ kind: 'deny', match: { verb: 'deletecollection', resource: 'virtualmachines', namespace: 'virtwork' } });
    expect(await allowed(accessReview('deletecollection', 'virtualmachines', 'virtwork', 'kubevirt.io'))).toBe(false);
    expect(await allowed(accessReview('delete', 'virtualmachines', 'virtwork', 'kubevirt.io'))).toBe(true);
    expect(await allowed(accessReview('deletecollection', 'virtualmachines', 'other', 'kubevirt.io'))).toBe(true);
    sim.faults.add({ kind: 'deny', match: { verb: 'create', resource: 'namespaces' } });
    expect(await allowed(accessReview('create', 'namespaces'))).toBe(false);
  });

  test('a SelfSubjectAccessReview without attributes is 422 Invalid; listing reviews is 405', async ({ sim }) => {
    const kc = sim.kubeConfig();
    const invalid = await rejection(kc.makeApiClient(AuthorizationV1Api).createSelfSubjectAccessReview({
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: {} },
    }));
    expect(invalid.code).toBe(422);
    expect(invalid.body).toMatchObject({ reason: 'Invalid', message: expect.stringContaining('exactly one of nonResourceAttributes or resourceAttributes') as unknown });
    const list = await rejection(kc.makeApiClient(CustomObjectsApi).listClusterCustomObject({ group: 'authorization.k8s.io', version: 'v1', plural: 'selfsubjectaccessreviews' }));
    expect(list).toMatchObject({ code: 405, body: { reason: 'MethodNotAllowed' } });
  });
});
