/**
 * Counting rules: every API request counts once by verb and resource, failures included; a
 * watch counts once however many events it carries; discovery and OpenAPI count under
 * `discovery` / `openapi`; the simulator's own /_sim/* endpoints never count.
 */
import { Watch } from '@kubernetes/client-node';
import { expect } from 'vitest';
import { simTest } from './fixtures.js';
import { clients, rejection } from './helpers.js';

const ns = 'virtwork';
const test = simTest({ namespaces: [ns] });

test('requests are counted by verb and resource, a watch once, /_sim never', async ({ sim }) => {
  const { core } = clients(sim.kubeConfig());
  const events: string[] = [];
  const watch = await new Watch(sim.kubeConfig()).watch(`/api/v1/namespaces/${ns}/secrets`, {}, (type) => events.push(type), () => undefined);
  await core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 'a', labels: { run: 'x' } } } });
  await core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 'b', labels: { run: 'x' } } } });
  await core.readNamespacedSecret({ namespace: ns, name: 'a' });
  await rejection(core.readNamespacedSecret({ namespace: ns, name: 'missing' }));
  await core.listNamespacedSecret({ namespace: ns });
  await core.patchNamespacedSecret({ namespace: ns, name: 'a', body: [{ op: 'add', path: '/metadata/annotations', value: { k: 'v' } }] });
  await core.deleteNamespacedSecret({ namespace: ns, name: 'a' });
  await core.deleteCollectionNamespacedSecret({ namespace: ns, labelSelector: 'run=x' });
  await expect.poll(() => events.length).toBe(5);
  await fetch(`${sim.url}/api`);
  await fetch(`${sim.url}/apis/kubevirt.io/v1`);
  await fetch(`${sim.url}/openapi/v3`);
  await fetch(`${sim.url}/nothing/here`);
  await fetch(`${sim.url}/_sim/stats`);
  watch.abort();

  expect(sim.stats()).toEqual({
    total: 13,
    byVerb: { watch: 1, create: 2, get: 6, list: 1, patch: 1, delete: 1, deletecollection: 1 },
    byResource: {
      secrets: { watch: 1, create: 2, get: 2, list: 1, patch: 1, delete: 1, deletecollection: 1 },
      discovery: { get: 2 },
      openapi: { get: 1 },
      unknown: { get: 1 },
    },
    byStatus: { 200: 9, 201: 2, 404: 2 },
  });
});

test('the request log records each request with its outcome', async ({ sim }) => {
  const { core } = clients(sim.kubeConfig());
  await core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 'a' } } });
  await rejection(core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 'a' } } }));
  const log = sim.requests();
  expect(log.map((e) => [e.method, e.verb, e.resource, e.namespace, e.name, e.status])).toEqual([
    ['POST', 'create', 'secrets', ns, 'a', 201],
    ['POST', 'create', 'secrets', ns, 'a', 409],
  ]);
  expect(log[0]!.url).toBe(`/api/v1/namespaces/${ns}/secrets`);
  expect(log[0]!.durationMs).toBeGreaterThanOrEqual(0);
});

test('rejected requests (401, 429) count too, and resetStats starts over', async ({ sim }) => {
  const { core } = clients(sim.kubeConfig());
  sim.faults.add({ kind: 'requireToken', token: 't' });
  await rejection(core.listNamespace());
  sim.faults.clear();
  sim.faults.add({ kind: 'maxInFlight', limit: 0 });
  await rejection(core.listNamespace());
  expect(sim.stats()).toMatchObject({ total: 2, byResource: { namespaces: { list: 2 } }, byStatus: { 401: 1, 429: 1 } });
  expect(sim.requests().map((e) => e.status)).toEqual([401, 429]);
  sim.resetStats();
  expect(sim.stats()).toEqual({ total: 0, byVerb: {}, byResource: {}, byStatus: {} });
  expect(sim.requests()).toEqual([]);
});
