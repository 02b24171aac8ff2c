import {
  ApiextensionsV1Api,
  ApisApi,
  CoreApi,
  KubernetesObjectApi,
  VersionApi,
  type KubernetesObject,
} from '@kubernetes/client-node';
import type { V1VirtualMachine } from '@kubevirt-ui-ext/kubevirt-api/kubevirt';
import { test as base, describe, expect } from 'vitest';
import { startSimCluster, type SimCluster } from '../../sim/index.js';
import { schemasAvailable, schemasSkipReason } from '../support/k8s-schemas.js';

const test = base.extend<{ sim: SimCluster }>({
  // eslint-disable-next-line no-empty-pattern -- vitest reads fixture dependencies from this pattern
  sim: async ({}, use) => {
    const sim = await startSimCluster({ tls: true, token: 'discovery-t0ken' });
    await use(sim);
    await sim.stop();
  },
});

const vm = (name: string): V1VirtualMachine => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachine',
  metadata: { name, namespace: 'default', labels: { app: 'discovery-test' } },
  spec: {
    runStrategy: 'Halted',
    template: { spec: { domain: { devices: {}, memory: { guest: '128Mi' } } } },
  },
});

// client-node types objects with Date timestamps; the wire VM type has strings. Both are JSON.
const asObject = (obj: V1VirtualMachine): KubernetesObject => obj as unknown as KubernetesObject;

describe.skipIf(!schemasAvailable)(`client-node through discovery ${schemasSkipReason}`, () => {
  test('KubernetesObjectApi.create of a VirtualMachine resolves its kind through /apis/kubevirt.io/v1', async ({ sim }) => {
    const client = KubernetesObjectApi.makeApiClient(sim.kubeConfig());
    const created = await client.create(asObject(vm('resolved-by-discovery')));
    expect(created.metadata?.uid).toBeTruthy();
    expect(sim.get('virtualmachines', 'default', 'resolved-by-discovery')?.metadata.name).toBe('resolved-by-discovery');
    expect(sim.requests().map((r) => `${r.method} ${r.url}`)).toContain('GET /apis/kubevirt.io/v1');
  });

  test('KubernetesObjectApi resolves core kinds through /api/v1 and reads them back', async ({ sim }) => {
    const client = KubernetesObjectApi.makeApiClient(sim.kubeConfig());
    await client.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'found', namespace: 'default' } });
    const read = await client.read({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'found', namespace: 'default' } });
    expect(read.kind).toBe('ConfigMap');
  });

  test('KubernetesObjectApi fails with a NotFound for VirtualMachines on a cluster without KubeVirt', async ({ sim }) => {
    sim.removeApiGroup('kubevirt.io');
    const client = KubernetesObjectApi.makeApiClient(sim.kubeConfig());
    await expect(client.create(asObject(vm('no-kubevirt')))).rejects.toMatchObject({
      code: 404,
      message: expect.stringContaining('Failed to fetch resource metadata for kubevirt.io/v1/VirtualMachine') as unknown,
    });
  });

  test("the generated discovery clients decode every document into client-node's types", async ({ sim }) => {
    const kc = sim.kubeConfig();
    const version = await kc.makeApiClient(VersionApi).getCode();
    expect(version.gitVersion).toMatch(/^v1\.32\./);
    expect((await kc.makeApiClient(CoreApi).getAPIVersions()).versions).toEqual(['v1']);
    const groups = await kc.makeApiClient(ApisApi).getAPIVersions();
    expect(groups.groups.map((g) => g.name)).toEqual([
      'apiextensions.k8s.io', 'storage.k8s.io', 'authentication.k8s.io', 'authorization.k8s.io', 'rbac.authorization.k8s.io', 'kubevirt.io', 'cdi.kubevirt.io',
    ]);
  });

  test('ApiextensionsV1Api lists the KubeVirt and CDI CRDs with their schemas', async ({ sim }) => {
    const crds = await sim.kubeConfig().makeApiClient(ApiextensionsV1Api).listCustomResourceDefinition();
    expect(crds.items.map((c) => c.metadata?.name)).toEqual([
      'cdis.cdi.kubevirt.io', 'datavolumes.cdi.kubevirt.io', 'kubevirts.kubevirt.io', 'storageprofiles.cdi.kubevirt.io',
      'virtualmachineinstances.kubevirt.io', 'virtualmachines.kubevirt.io',
    ]);
    const vmCrd = crds.items.find((c) => c.metadata?.name === 'virtualmachines.kubevirt.io');
    const vmSchema = vmCrd?.spec.versions[0]?.schema?.openAPIV3Schema;
    expect(Object.keys(vmSchema?.properties?.spec?.properties ?? {})).toContain('runStrategy');
    expect(vmCrd?.metadata?.creationTimestamp).toBeInstanceOf(Date);
  });
});
