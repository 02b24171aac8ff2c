/** Label and field selectors as the API server applies them, through the real client's list. */
import { describe, expect } from 'vitest';
import { parseLabelSelector } from '../../sim/apiserver/selectors.js';
import { simTest } from './fixtures.js';
import { clients, rejection } from './helpers.js';

const test = simTest({ namespaces: ['virtwork'] });
const ns = 'virtwork';

const LABELS: Record<string, Record<string, string>> = {
  cpu: { 'virtwork/workload': 'cpu', 'virtwork/run-id': 'r1' },
  memory: { 'virtwork/workload': 'memory', 'virtwork/run-id': 'r1', tier: 'gold' },
  disk: { 'virtwork/workload': 'disk', 'virtwork/run-id': 'r2' },
  plain: {},
};

describe('label selectors', () => {
  test.for([
    ['virtwork/workload=cpu', ['cpu']],
    ['virtwork/workload==memory', ['memory']],
    ['virtwork/workload!=cpu', ['disk', 'memory', 'plain']],
    ['virtwork/workload in (cpu,disk)', ['cpu', 'disk']],
    ['virtwork/workload notin (cpu, disk)', ['memory', 'plain']],
    ['tier', ['memory']],
    ['!tier', ['cpu', 'disk', 'plain']],
    ['virtwork/run-id=r1,!tier', ['cpu']],
    ['virtwork/run-id in (r1),virtwork/workload notin (memory)', ['cpu']],
    ['', ['cpu', 'disk', 'memory', 'plain']],
  ] as const)('%s selects %j', async ([selector, expected], { sim }) => {
    const { core } = clients(sim.kubeConfig());
    for (const [name, labels] of Object.entries(LABELS)) await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name, labels } } });
    const list = await core.listNamespacedConfigMap({ namespace: ns, labelSelector: selector });
    expect(list.items.map((i) => i.metadata?.name)).toEqual(expected);
  });

  test('a malformed selector is 400 BadRequest', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    const r = await rejection(core.listNamespacedConfigMap({ namespace: ns, labelSelector: 'a in b' }));
    expect(r.code).toBe(400);
    expect(r.body).toMatchObject({ reason: 'BadRequest', code: 400 });
    expect((r.body as { message: string }).message).toMatch(/^unable to parse requirement/);
  });

  test('parses every operator into requirements', () => {
    expect(parseLabelSelector('a=1, b==2,c!=3,d in (x, y),e notin (z),f,!g')).toEqual([
      { op: 'eq', key: 'a', value: '1' },
      { op: 'eq', key: 'b', value: '2' },
      { op: 'neq', key: 'c', value: '3' },
      { op: 'in', key: 'd', values: ['x', 'y'] },
      { op: 'notin', key: 'e', values: ['z'] },
      { op: 'exists', key: 'f' },
      { op: 'notexists', key: 'g' },
    ]);
  });
});

describe('field selectors', () => {
  test('metadata.name and metadata.namespace select, != excludes', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    for (const name of ['one', 'two']) await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name } } });
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'one' } } });
    const byName = await core.listConfigMapForAllNamespaces({ fieldSelector: 'metadata.name=one' });
    expect(byName.items.map((i) => i.metadata?.namespace)).toEqual(['default', 'virtwork']);
    const both = await core.listConfigMapForAllNamespaces({ fieldSelector: 'metadata.name==one,metadata.namespace=virtwork' });
    expect(both.items).toHaveLength(1);
    const not = await core.listNamespacedConfigMap({ namespace: ns, fieldSelector: 'metadata.name!=one' });
    expect(not.items.map((i) => i.metadata?.name)).toEqual(['two']);
  });

  test('a kind’s own selectable fields work (Secret type)', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    await core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 'opaque' } } });
    await core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 'tls' }, type: 'kubernetes.io/tls', data: { 'tls.crt': '', 'tls.key': '' } } });
    const list = await core.listNamespacedSecret({ namespace: ns, fieldSelector: 'type=kubernetes.io/tls' });
    expect(list.items.map((i) => i.metadata?.name)).toEqual(['tls']);
  });

  test('other fields are refused as a real server refuses them', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    const r = await rejection(core.listNamespacedConfigMap({ namespace: ns, fieldSelector: 'status.phase=Running' }));
    expect(r.code).toBe(400);
    expect((r.body as { message: string }).message).toBe('field label not supported: status.phase');
  });
});
