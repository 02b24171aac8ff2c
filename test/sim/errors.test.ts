/**
 * Failures as real Status bodies, read through the real client: NotFound, AlreadyExists,
 * namespace lifecycle (NotFound, Terminating), unknown paths, uninstalled API groups.
 */
import { describe, expect } from 'vitest';
import { simTest } from './fixtures.js';
import { clients, rejection, VM_API, vmManifest } from './helpers.js';

const test = simTest({ namespaces: ['virtwork'] });
const ns = 'virtwork';

describe('Status bodies', () => {
  test('getting a missing custom resource is 404 NotFound naming resource and group', async ({ sim }) => {
    const { custom } = clients(sim.kubeConfig());
    const r = await rejection(custom.getNamespacedCustomObject({ ...VM_API, namespace: ns, name: 'nope' }));
    expect(r.code).toBe(404);
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'virtualmachines.kubevirt.io "nope" not found',
      reason: 'NotFound',
      details: { name: 'nope', group: 'kubevirt.io', kind: 'virtualmachines' },
      code: 404,
    });
  });

  test('getting a missing core object is 404 without a group', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    const r = await rejection(core.readNamespacedSecret({ namespace: ns, name: 'nope' }));
    expect(r.body).toMatchObject({ message: 'secrets "nope" not found', reason: 'NotFound', details: { name: 'nope', kind: 'secrets' }, code: 404 });
    expect((r.body as { details: object }).details).not.toHaveProperty('group');
  });

  test('creating an existing object is 409 AlreadyExists', async ({ sim }) => {
    const { custom } = clients(sim.kubeConfig());
    await custom.createNamespacedCustomObject({ ...VM_API, namespace: ns, body: vmManifest('dup', { runStrategy: 'Halted' }) });
    const r = await rejection(custom.createNamespacedCustomObject({ ...VM_API, namespace: ns, body: vmManifest('dup', { runStrategy: 'Halted' }) }));
    expect(r.code).toBe(409);
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'virtualmachines.kubevirt.io "dup" already exists',
      reason: 'AlreadyExists',
      details: { name: 'dup', group: 'kubevirt.io', kind: 'virtualmachines' },
      code: 409,
    });
  });

  test('creating in a namespace that does not exist is 404 for the namespace', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    const r = await rejection(core.createNamespacedSecret({ namespace: 'ghost', body: { metadata: { name: 's' } } }));
    expect(r.code).toBe(404);
    expect(r.body).toMatchObject({ message: 'namespaces "ghost" not found', reason: 'NotFound', details: { name: 'ghost', kind: 'namespaces' } });
  });

  test('a body namespace that differs from the URL is 400', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    const r = await rejection(core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 's', namespace: 'default' } } }));
    expect(r.code).toBe(400);
    expect((r.body as { message: string }).message).toBe('the namespace of the provided object does not match the namespace sent on the request');
  });

  test('PUT on a collection is 405 MethodNotAllowed', async ({ sim }) => {
    const res = await fetch(`${sim.url}/api/v1/namespaces/${ns}/secrets`, { method: 'PUT', body: '{}' });
    expect(res.status).toBe(405);
    expect(await res.json()).toMatchObject({ reason: 'MethodNotAllowed', code: 405 });
  });

  test('a body over 3 MiB is 413', async ({ sim }) => {
    const res = await fetch(`${sim.url}/api/v1/namespaces/${ns}/secrets`, { method: 'POST', body: 'x'.repeat(3 * 1024 * 1024 + 1) });
    expect(res.status).toBe(413);
  });

  test('an unknown resource under a served group-version is a 404 Status; an unknown path is plain text', async ({ sim }) => {
    const resource = await fetch(`${sim.url}/api/v1/namespaces/${ns}/widgets`);
    expect(resource.status).toBe(404);
    expect(await resource.json()).toMatchObject({ kind: 'Status', message: 'the server could not find the requested resource', reason: 'NotFound' });
    const path = await fetch(`${sim.url}/apis/example.com/v1/widgets`);
    expect(path.status).toBe(404);
    expect(await path.text()).toBe('404 page not found\n');
  });
});

describe('namespace lifecycle', () => {
  test('a deleted namespace is Terminating: creates in it are 403 with the NamespaceTerminating cause', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    await core.createNamespace({ body: { metadata: { name: 'doomed' } } });
    // A finalizer nobody removes keeps the namespace terminating for the whole test.
    await core.createNamespacedSecret({ namespace: 'doomed', body: { metadata: { name: 'held', finalizers: ['example.com/hold'] } } });
    const deleted = await core.deleteNamespace({ name: 'doomed' });
    expect((deleted as { status?: { phase?: string } }).status?.phase).toBe('Terminating');
    const r = await rejection(core.createNamespacedSecret({ namespace: 'doomed', body: { metadata: { name: 'late' } } }));
    expect(r.code).toBe(403);
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'secrets "late" is forbidden: unable to create new content in namespace doomed because it is being terminated',
      reason: 'Forbidden',
      details: {
        name: 'late',
        kind: 'secrets',
        causes: [{ reason: 'NamespaceTerminating', message: 'namespace doomed is being terminated', field: 'metadata.namespace' }],
      },
      code: 403,
    });
    expect((await core.readNamespace({ name: 'doomed' })).status?.phase).toBe('Terminating');
  });

  test('a deleted namespace empties itself, VMs and all, and then goes away', async ({ sim }) => {
    const { core, custom } = clients(sim.kubeConfig());
    await core.createNamespace({ body: { metadata: { name: 'short-lived' } } });
    await custom.createNamespacedCustomObject({ ...VM_API, namespace: 'short-lived', body: vmManifest('vm', { dataVolume: true }) });
    await core.createNamespacedSecret({ namespace: 'short-lived', body: { metadata: { name: 's' } } });
    await expect
      .poll(() => sim.get('virtualmachineinstances', 'short-lived', 'vm')?.metadata.ownerReferences)
      .toMatchObject([{ kind: 'VirtualMachine', name: 'vm', controller: true }]);
    await core.deleteNamespace({ name: 'short-lived' });
    await expect.poll(() => sim.get('namespaces', undefined, 'short-lived')).toBeUndefined();
    for (const plural of ['virtualmachines', 'virtualmachineinstances', 'datavolumes', 'persistentvolumeclaims', 'secrets']) {
      expect(sim.list(plural, 'short-lived')).toEqual([]);
    }
  });
});

describe('API groups', () => {
  test('after removeApiGroup the KubeVirt paths are 404 page not found, as on a cluster without KubeVirt', async ({ sim }) => {
    const { custom } = clients(sim.kubeConfig());
    sim.removeApiGroup('kubevirt.io');
    const r = await rejection(custom.listNamespacedCustomObject({ ...VM_API, namespace: ns }));
    expect(r.code).toBe(404);
    expect(r.body).toBe('404 page not found\n');
    sim.restoreApiGroup('kubevirt.io');
    await expect(custom.listNamespacedCustomObject({ ...VM_API, namespace: ns })).resolves.toMatchObject({ kind: 'VirtualMachineList' });
  });
});

describe('media types', () => {
  test('a protobuf body of a kind kubectl never builds imperatively is 415', async ({ sim }) => {
    const res = await fetch(`${sim.url}/apis/kubevirt.io/v1/namespaces/${ns}/virtualmachines`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/vnd.kubernetes.protobuf' },
      body: Buffer.from([0x6b, 0x38, 0x73, 0x00]),
    });
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ reason: 'UnsupportedMediaType', code: 415 });
  });

  test('a YAML body is accepted', async ({ sim }) => {
    const res = await fetch(`${sim.url}/api/v1/namespaces/${ns}/configmaps`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/yaml' },
      body: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  a: b\n',
    });
    expect(res.status).toBe(201);
    expect(sim.get('configmaps', ns, 'from-yaml')?.data).toEqual({ a: 'b' });
  });
});
