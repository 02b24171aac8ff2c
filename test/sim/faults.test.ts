/**
 * Injected faults, observed through the real client exactly as a real API server's failures:
 * status code, reason, message, Retry-After; in-flight limits; dropped watches; RBAC denials;
 * token authentication.
 */
import { KubeConfig, Watch } from '@kubernetes/client-node';
import { describe, expect } from 'vitest';
import { simTest } from './fixtures.js';
import { clients, rejection, VM_API, vmManifest } from './helpers.js';

const ns = 'virtwork';
const test = simTest({ namespaces: [ns], seed: 42 });

describe('error faults', () => {
  test('fail the next N matching requests, then succeed', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    sim.faults.add({ kind: 'error', match: { verb: 'list', resource: 'secrets' }, status: 503, times: 2 });
    for (let i = 0; i < 2; i++) {
      const r = await rejection(core.listNamespacedSecret({ namespace: ns }));
      expect(r.code).toBe(503);
      expect(r.body).toMatchObject({ reason: 'ServiceUnavailable', message: 'the server is currently unable to handle the request', code: 503 });
    }
    await expect(core.listNamespacedSecret({ namespace: ns })).resolves.toMatchObject({ items: [] });
    expect(sim.faults.list()).toEqual([]);
  });

  test('a 429 fault carries Retry-After and details.retryAfterSeconds', async ({ sim }) => {
    const { custom } = clients(sim.kubeConfig());
    sim.faults.add({ kind: 'error', match: { verb: 'create', resource: 'virtualmachines' }, status: 429, retryAfterSeconds: 7, times: 1 });
    const r = await rejection(custom.createNamespacedCustomObject({ ...VM_API, namespace: ns, body: vmManifest('vm1') }));
    expect(r.code).toBe(429);
    expect(r.headers['retry-after']).toBe('7');
    expect(r.body).toMatchObject({ reason: 'TooManyRequests', details: { retryAfterSeconds: 7 }, code: 429 });
    expect(sim.get('virtualmachines', ns, 'vm1')).toBeUndefined();
  });

  test('a 500 fault is an InternalError with the given message', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    sim.faults.add({ kind: 'error', match: { verb: 'get' }, status: 500, message: 'etcdserver: request timed out' });
    const r = await rejection(core.readNamespace({ name: ns }));
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Internal error occurred: etcdserver: request timed out',
      reason: 'InternalError',
      details: { causes: [{ message: 'etcdserver: request timed out' }] },
      code: 500,
    });
  });

  test('a fault matches only its verb, resource, namespace and name', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    sim.faults.add({ kind: 'error', match: { verb: 'create', resource: 'secrets', namespace: ns, name: 'bad' }, status: 500 });
    await expect(core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 'good' } } })).resolves.toMatchObject({
      metadata: { name: 'good', namespace: ns },
    });
    await expect(core.createNamespacedSecret({ namespace: 'default', body: { metadata: { name: 'bad' } } })).resolves.toMatchObject({
      metadata: { name: 'bad', namespace: 'default' },
    });
    expect((await rejection(core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 'bad' } } }))).code).toBe(500);
  });

  test('a fraction fails some requests and lets the others through', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    sim.faults.add({ kind: 'error', match: { resource: 'namespaces' }, status: 500, fraction: 0.5 });
    let failed = 0;
    for (let i = 0; i < 40; i++) {
      try {
        await core.readNamespace({ name: ns });
      } catch {
        failed += 1;
      }
    }
    expect(failed).toBeGreaterThan(0);
    expect(failed).toBeLessThan(40);
  });

  test('remove and clear take faults out of force', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    const id = sim.faults.add({ kind: 'error', status: 500 });
    sim.faults.add({ kind: 'deny', match: { verb: 'delete' } });
    sim.faults.remove(id);
    await expect(core.readNamespace({ name: ns })).resolves.toMatchObject({ metadata: { name: ns } });
    sim.faults.clear();
    expect(sim.faults.list()).toEqual([]);
  });
});

describe('latency and in-flight limits', () => {
  test('beyond maxInFlight the server answers 429 with Retry-After, in the API Priority and Fairness text', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    // The slow read holds the only in-flight slot while the second request arrives.
    sim.faults.add({ kind: 'latency', match: { verb: 'get', resource: 'namespaces' }, ms: 2000 });
    sim.faults.add({ kind: 'maxInFlight', limit: 1, retryAfterSeconds: 3 });
    const slow = core.readNamespace({ name: ns });
    await expect.poll(() => sim.inFlight()).toBe(1);
    const r = await rejection(core.listNamespacedSecret({ namespace: ns }));
    expect(r.code).toBe(429);
    expect(r.headers['retry-after']).toBe('3');
    expect(r.body).toBe('Too many requests, please try again later.\n');
    await expect(slow).resolves.toMatchObject({ metadata: { name: ns } });
  });

  test('a per-verb limit counts only those verbs', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    sim.faults.add({ kind: 'latency', match: { verb: 'create' }, ms: 2000 });
    sim.faults.add({ kind: 'maxInFlight', limit: 1, verb: 'create' });
    const slow = core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 'slow' } } });
    await expect.poll(() => sim.inFlight()).toBe(1);
    expect((await rejection(core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 'x' } } }))).code).toBe(429);
    // the slow create is still in its latency, so nothing is stored yet
    await expect(core.listNamespacedSecret({ namespace: ns })).resolves.toMatchObject({ items: [] });
    await expect(slow).resolves.toMatchObject({ metadata: { name: 'slow' } });
  });

  const limited = simTest({ namespaces: [ns], maxInFlight: 1, latencyMs: 300 });
  limited('the global maxInFlight option limits concurrent requests, and watches do not count', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    const watch = await new Watch(sim.kubeConfig()).watch(`/api/v1/namespaces/${ns}/secrets`, {}, () => undefined, () => undefined);
    const results = await Promise.allSettled([core.readNamespace({ name: ns }), core.readNamespace({ name: ns }), core.readNamespace({ name: ns })]);
    const codes = results.map((r) => (r.status === 'fulfilled' ? 200 : (r.reason as { code: number }).code)).sort();
    expect(codes).toEqual([200, 429, 429]);
    watch.abort();
  });
});

describe('dropped watches', () => {
  const collect = async (sim: { kubeConfig(): KubeConfig }) => {
    const events: string[] = [];
    let done: (e: unknown) => void = () => undefined;
    const ended = new Promise((resolve) => (done = resolve));
    await new Watch(sim.kubeConfig()).watch(`/api/v1/namespaces/${ns}/secrets`, {}, (type) => events.push(type), (e) => done(e ?? 'closed'));
    return { events, ended };
  };

  test('after N events the connection drops', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    for (const name of ['a', 'b', 'c']) await core.createNamespacedSecret({ namespace: ns, body: { metadata: { name } } });
    sim.faults.add({ kind: 'dropWatch', match: { resource: 'secrets' }, afterEvents: 2, times: 1 });
    const w = await collect(sim);
    await w.ended;
    expect(w.events).toEqual(['ADDED', 'ADDED']);
    const again = await collect(sim);
    await expect.poll(() => again.events.length).toBe(3);
  });

  test('after a time the connection drops', async ({ sim }) => {
    sim.faults.add({ kind: 'dropWatch', afterMs: 50 });
    const w = await collect(sim);
    // cut mid-stream (no closing chunk), as a dropped connection reaches the client, not a clean end
    await expect(w.ended).resolves.toMatchObject({ message: 'terminated', cause: { code: 'UND_ERR_SOCKET', message: 'other side closed' } });
    expect(w.events).toEqual([]);
  });
});

describe('RBAC and authentication', () => {
  test('a denied verb is 403 Forbidden with the real RBAC message', async ({ sim }) => {
    const { custom } = clients(sim.kubeConfig());
    sim.faults.add({ kind: 'deny', match: { verb: ['create', 'get'], resource: 'virtualmachines' } });
    const r = await rejection(custom.createNamespacedCustomObject({ ...VM_API, namespace: ns, body: vmManifest('vm1') }));
    expect(r.code).toBe(403);
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'virtualmachines.kubevirt.io is forbidden: User "system:anonymous" cannot create resource "virtualmachines" in API group "kubevirt.io" in the namespace "virtwork"',
      reason: 'Forbidden',
      details: { group: 'kubevirt.io', kind: 'virtualmachines' },
      code: 403,
    });
    const get = await rejection(custom.getNamespacedCustomObject({ ...VM_API, namespace: ns, name: 'vm1' }));
    expect((get.body as { message: string }).message).toBe(
      'virtualmachines.kubevirt.io "vm1" is forbidden: User "system:anonymous" cannot get resource "virtualmachines" in API group "kubevirt.io" in the namespace "virtwork"',
    );
  });

  test('a denied cluster-scoped list says "at the cluster scope" and names the core group as ""', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    sim.faults.add({ kind: 'deny', match: { verb: 'list', resource: 'namespaces' } });
    const r = await rejection(core.listNamespace());
    expect((r.body as { message: string }).message).toBe(
      'namespaces is forbidden: User "system:anonymous" cannot list resource "namespaces" in API group "" at the cluster scope',
    );
  });

  test('requireToken makes requests without the bearer token 401 Unauthorized', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    sim.faults.add({ kind: 'requireToken', token: 's3cret' });
    expect((await rejection(core.listNamespace())).code).toBe(401);
    // The typed client drops 401 bodies; the wire carries the Status.
    const raw = await fetch(`${sim.url}/api/v1/namespaces`);
    expect(await raw.json()).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
    const kc = sim.kubeConfig();
    const withToken = new KubeConfig();
    withToken.loadFromOptions({
      clusters: kc.clusters,
      contexts: kc.contexts,
      currentContext: kc.currentContext,
      users: [{ name: kc.users[0]!.name, token: 's3cret' }],
    });
    await expect(clients(withToken).core.listNamespace()).resolves.toMatchObject({ items: expect.any(Array) as unknown });
  });
});
