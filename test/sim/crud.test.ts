/**
 * get/list/create/update/patch/delete/deletecollection through the real client, checked for
 * Kubernetes semantics: resourceVersion, generation, uid, pagination, optimistic concurrency,
 * the three patch formats, owner-reference garbage collection.
 */
import { PatchStrategy, setHeaderOptions, type V1Secret, type V1Service } from '@kubernetes/client-node';
import { describe, expect } from 'vitest';
import { schemasMissing, simTest } from './fixtures.js';
import { clients, rejection, VM_API, vmManifest } from './helpers.js';

const test = simTest({ namespaces: ['virtwork'] });
const ns = 'virtwork';

interface Obj {
  metadata: { name: string; uid: string; resourceVersion: string; generation?: number; creationTimestamp: string; deletionTimestamp?: string; labels?: Record<string, string>; annotations?: Record<string, string>; finalizers?: string[] };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

const secret = (name: string, labels: Record<string, string> = {}): V1Secret => ({
  metadata: { name, labels },
  stringData: { userdata: '#cloud-config\n' },
});

describe('create and get', () => {
  test('create returns 201 with uid, creationTimestamp, resourceVersion and generation 1 for a custom resource', async ({ sim }) => {
    const { custom } = clients(sim.kubeConfig());
    const vm = (await custom.createNamespacedCustomObject({ ...VM_API, namespace: ns, body: vmManifest('vm-a') })) as Obj;
    expect(vm.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(vm.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Number(vm.metadata.resourceVersion)).toBeGreaterThan(0);
    expect(vm.metadata.generation).toBe(1);
    const got = (await custom.getNamespacedCustomObject({ ...VM_API, namespace: ns, name: 'vm-a' })) as Obj;
    expect(got.metadata.uid).toBe(vm.metadata.uid);
  });

  test('core objects get no generation, and a Secret stores stringData as base64 data', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    const created = await core.createNamespacedSecret({ namespace: ns, body: secret('cloudinit') });
    expect(created.metadata?.generation).toBeUndefined();
    expect(created.data).toEqual({ userdata: Buffer.from('#cloud-config\n').toString('base64') });
    expect(created.stringData).toBeUndefined();
    expect(created.type).toBe('Opaque');
  });

  test('every write takes a new, larger resourceVersion from one counter shared by all kinds', async ({ sim }) => {
    const { core, custom } = clients(sim.kubeConfig());
    const a = await core.createNamespacedSecret({ namespace: ns, body: secret('s1') });
    const b = (await custom.createNamespacedCustomObject({ ...VM_API, namespace: ns, body: vmManifest('vm-b', { runStrategy: 'Halted' }) })) as Obj;
    const c = await core.createNamespacedSecret({ namespace: ns, body: secret('s2') });
    const rvs = [a.metadata?.resourceVersion, b.metadata.resourceVersion, c.metadata?.resourceVersion].map(Number);
    expect(rvs[1]).toBeGreaterThan(rvs[0]!);
    expect(rvs[2]).toBeGreaterThan(rvs[1]!);
  });

  test('generateName gets a 5-character random suffix', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    const created = await core.createNamespacedSecret({ namespace: ns, body: { metadata: { generateName: 'virtwork-' } } });
    expect(created.metadata?.name).toMatch(/^virtwork-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  test('a Service gets a clusterIP and per-port defaults', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    const svc: V1Service = { metadata: { name: 'iperf3' }, spec: { selector: { app: 'x' }, ports: [{ name: 'iperf3', port: 5201 }] } };
    const created = await core.createNamespacedService({ namespace: ns, body: svc });
    expect(created.spec?.clusterIP).toMatch(/^172\.30\.\d+\.\d+$/);
    expect(created.spec?.type).toBe('ClusterIP');
    expect(created.spec?.ports?.[0]).toMatchObject({ port: 5201, protocol: 'TCP', targetPort: 5201 });
  });

  test('dryRun=All validates and answers without storing', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    await core.createNamespacedSecret({ namespace: ns, body: secret('dry'), dryRun: 'All' });
    expect(sim.get('secrets', ns, 'dry')).toBeUndefined();
  });
});

describe('list', () => {
  test('lists are sorted by name and carry the current resourceVersion; core items omit apiVersion/kind', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    for (const name of ['c', 'a', 'b']) await core.createNamespacedSecret({ namespace: ns, body: secret(name) });
    const list = await core.listNamespacedSecret({ namespace: ns });
    expect(list.items.map((s) => s.metadata?.name)).toEqual(['a', 'b', 'c']);
    expect(list.metadata?.resourceVersion).toBe(String(sim.store.resourceVersion));
    expect(list.items[0]?.kind).toBeUndefined();
  });

  test('custom resource lists keep apiVersion and kind on items', async ({ sim }) => {
    const { custom } = clients(sim.kubeConfig());
    await custom.createNamespacedCustomObject({ ...VM_API, namespace: ns, body: vmManifest('vm-k', { runStrategy: 'Halted' }) });
    const list = (await custom.listNamespacedCustomObject({ ...VM_API, namespace: ns })) as { kind: string; items: { kind: string; apiVersion: string }[] };
    expect(list.kind).toBe('VirtualMachineList');
    expect(list.items[0]).toMatchObject({ kind: 'VirtualMachine', apiVersion: 'kubevirt.io/v1' });
  });

  test('limit/continue pages through every object exactly once', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    for (let i = 0; i < 7; i++) await core.createNamespacedSecret({ namespace: ns, body: secret(`s-${i}`) });
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await core.listNamespacedSecret({ namespace: ns, limit: 3, ...(token ? { _continue: token } : {}) });
      seen.push(...page.items.map((s) => s.metadata!.name!));
      token = page.metadata?._continue;
      if (token) expect(page.metadata?.remainingItemCount).toBe(7 - seen.length);
      pages += 1;
    } while (token);
    expect(pages).toBe(3);
    expect(seen).toEqual(['s-0', 's-1', 's-2', 's-3', 's-4', 's-5', 's-6']);
  });

  test('a continue token older than the compacted history is 410 Expired', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    for (let i = 0; i < 3; i++) await core.createNamespacedSecret({ namespace: ns, body: secret(`s-${i}`) });
    const page = await core.listNamespacedSecret({ namespace: ns, limit: 1 });
    await core.createNamespacedSecret({ namespace: ns, body: secret('later') });
    sim.store.compact();
    const r = await rejection(core.listNamespacedSecret({ namespace: ns, limit: 1, _continue: page.metadata!._continue! }));
    expect(r.code).toBe(410);
    expect(r.body).toMatchObject({ reason: 'Expired', code: 410 });
  });

  test('lists across all namespaces and per namespace', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    await core.createNamespacedSecret({ namespace: ns, body: secret('here') });
    await core.createNamespacedSecret({ namespace: 'default', body: secret('there') });
    const all = await core.listSecretForAllNamespaces();
    expect(all.items.map((s) => `${s.metadata?.namespace}/${s.metadata?.name}`)).toEqual(['default/there', 'virtwork/here']);
    expect((await core.listNamespacedSecret({ namespace: ns })).items).toHaveLength(1);
  });
});

describe('update', () => {
  test('PUT with the current resourceVersion succeeds and bumps generation on a spec change', async ({ sim }) => {
    const { custom } = clients(sim.kubeConfig());
    await custom.createNamespacedCustomObject({ ...VM_API, namespace: ns, body: vmManifest('vm-u', { runStrategy: 'Halted' }) });
    // The VM controller writes status right after create: update from the latest version.
    await expect.poll(() => sim.get('virtualmachines', ns, 'vm-u')?.status).toMatchObject({ printableStatus: 'Stopped' });
    const vm = (await custom.getNamespacedCustomObject({ ...VM_API, namespace: ns, name: 'vm-u' })) as Obj;
    const changed = { ...vmManifest('vm-u', { runStrategy: 'Manual' }), metadata: { ...vm.metadata } };
    const updated = (await custom.replaceNamespacedCustomObject({ ...VM_API, namespace: ns, name: 'vm-u', body: changed })) as Obj;
    expect(updated.metadata.generation).toBe(2);
    expect(Number(updated.metadata.resourceVersion)).toBeGreaterThan(Number(vm.metadata.resourceVersion));
  });

  test('a label-only change keeps generation', async ({ sim }) => {
    const { custom } = clients(sim.kubeConfig());
    await custom.createNamespacedCustomObject({ ...VM_API, namespace: ns, body: vmManifest('vm-l', { runStrategy: 'Halted' }) });
    await expect.poll(() => sim.get('virtualmachines', ns, 'vm-l')?.status).toMatchObject({ printableStatus: 'Stopped' });
    const vm = (await custom.getNamespacedCustomObject({ ...VM_API, namespace: ns, name: 'vm-l' })) as Obj;
    const body = { ...vmManifest('vm-l', { runStrategy: 'Halted' }), metadata: { ...vm.metadata, labels: { extra: 'yes' } } };
    const updated = (await custom.replaceNamespacedCustomObject({ ...VM_API, namespace: ns, name: 'vm-l', body })) as Obj;
    expect(updated.metadata.generation).toBe(1);
    expect(updated.metadata.labels).toEqual({ extra: 'yes' });
  });

  test('PUT with a stale resourceVersion is 409 Conflict with the real message', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    const first = await core.createNamespacedSecret({ namespace: ns, body: secret('c1') });
    await core.replaceNamespacedSecret({ namespace: ns, name: 'c1', body: { ...first, data: { a: 'YQ==' } } });
    const r = await rejection(core.replaceNamespacedSecret({ namespace: ns, name: 'c1', body: { ...first, data: { b: 'Yg==' } } }));
    expect(r.code).toBe(409);
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Operation cannot be fulfilled on secrets "c1": the object has been modified; please apply your changes to the latest version and try again',
      reason: 'Conflict',
      details: { name: 'c1', kind: 'secrets' },
      code: 409,
    });
  });

  test('a custom resource PUT without resourceVersion is 422: unconditional updates are not allowed', async ({ sim }) => {
    const { custom } = clients(sim.kubeConfig());
    await custom.createNamespacedCustomObject({ ...VM_API, namespace: ns, body: vmManifest('vm-r', { runStrategy: 'Halted' }) });
    const r = await rejection(custom.replaceNamespacedCustomObject({ ...VM_API, namespace: ns, name: 'vm-r', body: vmManifest('vm-r', { runStrategy: 'Halted' }) }));
    expect(r.code).toBe(422);
    expect((r.body as { message: string }).message).toBe(
      'VirtualMachine.kubevirt.io "vm-r" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update',
    );
  });

  test('status is a subresource: the main resource ignores status, /status ignores spec', async ({ sim }) => {
    const { custom } = clients(sim.kubeConfig());
    const vm = (await custom.createNamespacedCustomObject({ ...VM_API, namespace: ns, body: { ...vmManifest('vm-s', { runStrategy: 'Halted' }), status: { printableStatus: 'Hacked' } } })) as Obj;
    expect(vm.status).toBeUndefined();
    const latest = (await custom.getNamespacedCustomObject({ ...VM_API, namespace: ns, name: 'vm-s' })) as Obj;
    const viaStatus = (await custom.replaceNamespacedCustomObjectStatus({
      ...VM_API,
      namespace: ns,
      name: 'vm-s',
      body: { ...latest, spec: { ...latest.spec, runStrategy: 'Always' }, status: { printableStatus: 'Migrating' } },
    })) as Obj;
    expect(viaStatus.status).toEqual({ printableStatus: 'Migrating' });
    expect(viaStatus.spec?.runStrategy).toBe('Halted');
  });
});

describe('patch', () => {
  const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
  const json = setHeaderOptions('Content-Type', PatchStrategy.JsonPatch);
  const strategic = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);

  test('a JSON merge patch sets, replaces lists and deletes with null', async ({ sim }) => {
    const { custom } = clients(sim.kubeConfig());
    await custom.createNamespacedCustomObject({ ...VM_API, namespace: ns, body: vmManifest('vm-m', { runStrategy: 'Halted', labels: { a: '1', b: '2' } }) });
    const patched = (await custom.patchNamespacedCustomObject(
      { ...VM_API, namespace: ns, name: 'vm-m', body: { metadata: { labels: { a: null, c: '3' } }, spec: { runStrategy: 'Manual' } } },
      merge,
    )) as Obj;
    expect(patched.metadata.labels).toEqual({ b: '2', c: '3' });
    expect(patched.spec?.runStrategy).toBe('Manual');
  });

  test('a JSON patch applies operations in order; a failing test op is 409', async ({ sim }) => {
    const { custom } = clients(sim.kubeConfig());
    await custom.createNamespacedCustomObject({ ...VM_API, namespace: ns, body: vmManifest('vm-j', { runStrategy: 'Halted' }) });
    const patched = (await custom.patchNamespacedCustomObject(
      {
        ...VM_API,
        namespace: ns,
        name: 'vm-j',
        body: [
          { op: 'test', path: '/spec/runStrategy', value: 'Halted' },
          { op: 'replace', path: '/spec/runStrategy', value: 'Manual' },
          { op: 'add', path: '/metadata/annotations', value: { 'x/y': 'z' } },
        ],
      },
      json,
    )) as Obj;
    expect(patched.spec?.runStrategy).toBe('Manual');
    expect(patched.metadata.annotations).toEqual({ 'x/y': 'z' });
    const r = await rejection(
      custom.patchNamespacedCustomObject({ ...VM_API, namespace: ns, name: 'vm-j', body: [{ op: 'test', path: '/spec/runStrategy', value: 'Halted' }] }, json),
    );
    expect(r.code).toBe(409);
  });

  // The merge keys come from the Kubernetes schema.
  test.skipIf(schemasMissing)('strategic merge patch merges Service ports by port and honours $patch: delete', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    await core.createNamespacedService({
      namespace: ns,
      body: { metadata: { name: 'net' }, spec: { ports: [{ name: 'a', port: 80 }, { name: 'b', port: 81 }] } },
    });
    const patched = await core.patchNamespacedService(
      {
        namespace: ns,
        name: 'net',
        body: { spec: { ports: [{ port: 81, name: 'b2' }, { port: 82, name: 'c' }, { port: 80, $patch: 'delete' }] } },
      },
      strategic,
    );
    expect(patched.spec?.ports?.map((p) => [p.port, p.name])).toEqual([
      [81, 'b2'],
      [82, 'c'],
    ]);
  });

  test('strategic merge patch on a custom resource is 415, as CRDs accept no strategic merge', async ({ sim }) => {
    const { custom } = clients(sim.kubeConfig());
    await custom.createNamespacedCustomObject({ ...VM_API, namespace: ns, body: vmManifest('vm-x', { runStrategy: 'Halted' }) });
    const r = await rejection(custom.patchNamespacedCustomObject({ ...VM_API, namespace: ns, name: 'vm-x', body: { spec: {} } }, strategic));
    expect(r.code).toBe(415);
    expect(r.body).toMatchObject({ reason: 'UnsupportedMediaType' });
  });

  test('the last-applied-configuration annotation round-trips byte for byte', async ({ sim }) => {
    const { custom } = clients(sim.kubeConfig());
    const applied = JSON.stringify(vmManifest('vm-a1', { runStrategy: 'Halted' })) + '\n';
    const body = vmManifest('vm-a1', { runStrategy: 'Halted' });
    const created = (await custom.createNamespacedCustomObject({
      ...VM_API,
      namespace: ns,
      body: { ...body, metadata: { ...body.metadata, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': applied } } },
    })) as Obj;
    expect(created.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toBe(applied);
  });
});

describe('delete and garbage collection', () => {
  test('deleting a custom resource returns the object; deleting a Secret returns a Success Status', async ({ sim }) => {
    const { core, custom } = clients(sim.kubeConfig());
    await custom.createNamespacedCustomObject({ ...VM_API, namespace: ns, body: vmManifest('vm-d', { runStrategy: 'Halted' }) });
    const vm = (await custom.deleteNamespacedCustomObject({ ...VM_API, namespace: ns, name: 'vm-d' })) as Obj;
    expect(vm.metadata.name).toBe('vm-d');
    const created = await core.createNamespacedSecret({ namespace: ns, body: secret('gone') });
    const status = (await core.deleteNamespacedSecret({ namespace: ns, name: 'gone' })) as unknown;
    expect(status).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 'gone', kind: 'secrets', uid: created.metadata?.uid } });
    expect(sim.get('secrets', ns, 'gone')).toBeUndefined();
  });

  test('deleting a VM removes its VMI, DataVolume and PVC by owner references', async ({ sim }) => {
    const { custom } = clients(sim.kubeConfig());
    await custom.createNamespacedCustomObject({ ...VM_API, namespace: ns, body: vmManifest('vm-gc', { dataVolume: true }) });
    await expect
      .poll(() => sim.get('virtualmachineinstances', ns, 'vm-gc')?.metadata.ownerReferences)
      .toMatchObject([{ kind: 'VirtualMachine', name: 'vm-gc', controller: true }]);
    expect(sim.get('persistentvolumeclaims', ns, 'vm-gc-data')?.metadata.ownerReferences).toMatchObject([
      { kind: 'DataVolume', name: 'vm-gc-data', controller: true },
    ]);
    await custom.deleteNamespacedCustomObject({ ...VM_API, namespace: ns, name: 'vm-gc' });
    await expect.poll(() => sim.list('virtualmachines', ns).length).toBe(0);
    await expect.poll(() => [sim.list('virtualmachineinstances', ns), sim.list('datavolumes', ns), sim.list('persistentvolumeclaims', ns)].flat().length).toBe(0);
  });

  test('foreground deletion keeps the owner, marked, until its dependents are gone', async ({ sim }) => {
    const { custom } = clients(sim.kubeConfig());
    await custom.createNamespacedCustomObject({ ...VM_API, namespace: ns, body: vmManifest('vm-fg', { dataVolume: true, runStrategy: 'Halted' }) });
    await expect
      .poll(() => sim.get('datavolumes', ns, 'vm-fg-data')?.metadata.ownerReferences)
      .toMatchObject([{ kind: 'VirtualMachine', name: 'vm-fg', controller: true }]);
    const marked = (await custom.deleteNamespacedCustomObject({ ...VM_API, namespace: ns, name: 'vm-fg', propagationPolicy: 'Foreground' })) as Obj;
    expect(marked.metadata.deletionTimestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(marked.metadata.finalizers).toContain('foregroundDeletion');
    await expect.poll(() => sim.get('virtualmachines', ns, 'vm-fg')).toBeUndefined();
    expect(sim.get('datavolumes', ns, 'vm-fg-data')).toBeUndefined();
  });

  test('orphan deletion leaves the dependents without the owner reference', async ({ sim }) => {
    const { custom } = clients(sim.kubeConfig());
    await custom.createNamespacedCustomObject({ ...VM_API, namespace: ns, body: vmManifest('vm-or', { dataVolume: true, runStrategy: 'Halted' }) });
    await expect
      .poll(() => sim.get('datavolumes', ns, 'vm-or-data')?.metadata.ownerReferences)
      .toMatchObject([{ kind: 'VirtualMachine', name: 'vm-or', controller: true }]);
    await custom.deleteNamespacedCustomObject({ ...VM_API, namespace: ns, name: 'vm-or', propagationPolicy: 'Orphan' });
    await expect.poll(() => sim.get('virtualmachines', ns, 'vm-or')).toBeUndefined();
    expect(sim.get('datavolumes', ns, 'vm-or-data')?.metadata.ownerReferences).toBeUndefined();
  });

  test('a delete with a wrong uid precondition is 409 and deletes nothing', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    await core.createNamespacedSecret({ namespace: ns, body: secret('pre') });
    const r = await rejection(core.deleteNamespacedSecret({ namespace: ns, name: 'pre', body: { preconditions: { uid: 'not-it' } } }));
    expect(r.code).toBe(409);
    expect((r.body as { message: string }).message).toMatch(/^Operation cannot be fulfilled on secrets "pre": Precondition failed: UID in precondition: not-it/);
    expect(sim.get('secrets', ns, 'pre')?.metadata.name).toBe('pre');
  });

  test('deletecollection deletes exactly the selected objects and returns them as a list', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    await core.createNamespacedSecret({ namespace: ns, body: secret('run-a-1', { 'virtwork/run-id': 'a' }) });
    await core.createNamespacedSecret({ namespace: ns, body: secret('run-a-2', { 'virtwork/run-id': 'a' }) });
    await core.createNamespacedSecret({ namespace: ns, body: secret('run-b-1', { 'virtwork/run-id': 'b' }) });
    const result = await core.deleteCollectionNamespacedSecret({ namespace: ns, labelSelector: 'virtwork/run-id=a' });
    expect(result.kind).toBe('SecretList');
    expect(sim.list('secrets', ns).map((s) => s.metadata.name)).toEqual(['run-b-1']);
  });

  test('deletecollection of custom resources returns the deleted objects', async ({ sim }) => {
    const { custom } = clients(sim.kubeConfig());
    for (const [name, run] of [['vm-1', 'a'], ['vm-2', 'b'], ['vm-3', 'a']] as const) {
      await custom.createNamespacedCustomObject({ ...VM_API, namespace: ns, body: vmManifest(name, { runStrategy: 'Halted', labels: { 'virtwork/run-id': run } }) });
    }
    const result = (await custom.deleteCollectionNamespacedCustomObject({ ...VM_API, namespace: ns, labelSelector: 'virtwork/run-id in (a)' })) as {
      kind: string;
      items: { metadata: { name: string } }[];
    };
    expect(result.kind).toBe('VirtualMachineList');
    expect(result.items.map((i) => i.metadata.name)).toEqual(['vm-1', 'vm-3']);
    await expect.poll(() => sim.list('virtualmachines', ns).map((v) => v.metadata.name)).toEqual(['vm-2']);
  });
});

describe('seeding', () => {
  test('seed stores an object as given, status included, and the controllers take it from there', async ({ sim }) => {
    const seeded = sim.seed({ ...vmManifest('seeded'), metadata: { name: 'seeded', namespace: ns }, status: { printableStatus: 'Stopped' } });
    expect(seeded.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(sim.get('virtualmachines', ns, 'seeded')?.status).toMatchObject({ printableStatus: 'Stopped' });
    await expect
      .poll(() => sim.get('virtualmachineinstances', ns, 'seeded')?.metadata.ownerReferences)
      .toMatchObject([{ kind: 'VirtualMachine', name: 'seeded', uid: seeded.metadata.uid, controller: true }]);
    expect(() => sim.seed({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' } })).toThrow('the simulator serves no apps/v1/Deployment');
  });
});
