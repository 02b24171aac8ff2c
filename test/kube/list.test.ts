/** Label-selected lists against the simulator: every page, and Secrets without their data. */
import type { KubernetesObject } from '@kubernetes/client-node';
import { expect } from 'vitest';
import { listByLabel, listProjected, pagesOf } from '../../src/kube/list.js';
import { NAMESPACE, test } from '../orchestrator/cleanup-sim.js';

test('a listed Secret keeps its name, labels and type but not its data', async ({ sim, api }) => {
  sim.seed({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'virtwork-cpu-0-cloudinit', namespace: NAMESPACE, labels: { app: 'x' } },
    type: 'Opaque',
    data: { userdata: Buffer.from('#cloud-config\n').toString('base64') },
  });

  const { items } = await listByLabel(api, 'Secret', NAMESPACE, 'app=x');

  expect(items).toHaveLength(1);
  expect(items[0]).toMatchObject({ metadata: { name: 'virtwork-cpu-0-cloudinit', labels: { app: 'x' } }, type: 'Opaque' });
  expect(items[0]).not.toHaveProperty('data');
});

test('a list of VMs longer than a page returns every VM once', async ({ sim, api }) => {
  for (let i = 0; i < 1_203; i++) {
    sim.seed({
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachine',
      metadata: { name: `vm-${i}`, namespace: NAMESPACE, labels: { app: 'x' } },
      spec: { runStrategy: 'Halted', template: { spec: { domain: { devices: {} } } } },
    });
  }

  const { items } = await listByLabel(api, 'VirtualMachine', NAMESPACE, 'app=x');

  expect(new Set(items.map((vm) => vm.metadata?.name)).size).toBe(1_203);
});

test('listProjected keeps what the projection returns for every item of every page', async ({ sim, api }) => {
  for (let i = 0; i < 705; i++) {
    sim.seed({ apiVersion: 'v1', kind: 'Secret', metadata: { name: `s-${i}`, namespace: NAMESPACE, labels: { app: 'x', n: String(i) } }, type: 'Opaque' });
  }

  const { items, served } = await listProjected(api, 'Secret', NAMESPACE, 'app=x', (secret: KubernetesObject) => secret.metadata?.labels?.n);

  expect(served).toBe(true);
  expect(items.map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: 705 }, (_, i) => i));
});

test('a continue token that expired (410) starts the list again, and the page says so', async ({ sim, api }) => {
  for (let i = 0; i < 1_001; i++) {
    sim.seed({ apiVersion: 'v1', kind: 'Secret', metadata: { name: `s-${i}`, namespace: NAMESPACE, labels: { app: 'x' } }, type: 'Opaque' });
  }
  const pages: { count: number; restarted: boolean }[] = [];
  for await (const page of pagesOf(api, 'Secret', NAMESPACE, 'app=x')) {
    pages.push({ count: page.items.length, restarted: page.restarted });
    // the next request is the first page's continue: the server has forgotten it
    if (pages.length === 1) sim.faults.add({ kind: 'error', match: { verb: 'list', resource: 'secrets' }, status: 410, reason: 'Expired', times: 1 });
  }
  expect(pages).toEqual([
    { count: 500, restarted: false },
    { count: 500, restarted: true },
    { count: 500, restarted: false },
    { count: 1, restarted: false },
  ]);

  // what gathers the pages keeps every object once: the same expiry, met while the first page is read
  let read = 0;
  const { items } = await listProjected(api, 'Secret', NAMESPACE, 'app=x', (secret: KubernetesObject) => {
    if (++read === 1) sim.faults.add({ kind: 'error', match: { verb: 'list', resource: 'secrets' }, status: 410, reason: 'Expired', times: 1 });
    return secret.metadata?.name;
  });
  expect(read).toBe(1_501);
  expect(items).toHaveLength(1_001);
  expect(new Set(items).size).toBe(1_001);
});
