/**
 * Watch streams through the client's Watch: initial ADDED replay, live events, resume from a
 * resourceVersion, the 410 Expired ERROR event, bookmarks, selector transitions, timeouts and
 * the legacy /watch/ path.
 */
import { Watch } from '@kubernetes/client-node';
import { describe, expect } from 'vitest';
import { simTest } from './fixtures.js';
import { clients, VM_API, vmManifest } from './helpers.js';
import type { SimCluster } from '../../sim/index.js';

const test = simTest({ namespaces: ['virtwork'], bookmarkIntervalMs: 50 });
const ns = 'virtwork';
const SECRETS = `/api/v1/namespaces/${ns}/secrets`;

interface Seen {
  type: string;
  name: string | undefined;
  object: { metadata?: { name?: string; resourceVersion?: string }; reason?: string; code?: number; message?: string; kind?: string };
}

/** Starts a watch and collects its events; `ended` resolves when the stream closes. */
const startWatch = async (sim: SimCluster, path: string, query: Record<string, string | number | boolean>) => {
  const events: Seen[] = [];
  let resolveEnd: (err: unknown) => void = () => undefined;
  const ended = new Promise<unknown>((resolve) => (resolveEnd = resolve));
  const controller = await new Watch(sim.kubeConfig()).watch(
    path,
    query,
    (type, object: Seen['object']) => events.push({ type, name: object.metadata?.name, object }),
    (err) => resolveEnd(err ?? null),
  );
  return { events, ended, stop: () => controller.abort() };
};

const names = (events: Seen[]): string[] => events.filter((e) => e.type !== 'BOOKMARK').map((e) => `${e.type} ${e.name}`);

describe('watch', () => {
  test('without a resourceVersion it replays existing objects as ADDED, then streams changes', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    await core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 'before' } } });
    const w = await startWatch(sim, SECRETS, {});
    await expect.poll(() => names(w.events)).toEqual(['ADDED before']);
    await core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 'after' } } });
    await core.patchNamespacedSecret({ namespace: ns, name: 'after', body: [{ op: 'add', path: '/metadata/labels', value: { x: 'y' } }] });
    await core.deleteNamespacedSecret({ namespace: ns, name: 'before' });
    await expect.poll(() => names(w.events)).toEqual(['ADDED before', 'ADDED after', 'MODIFIED after', 'DELETED before']);
    w.stop();
  });

  test('from a list resourceVersion it sends only what changed after it', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    await core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 'old' } } });
    const list = await core.listNamespacedSecret({ namespace: ns });
    await core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 'missed-while-relisting' } } });
    const w = await startWatch(sim, SECRETS, { resourceVersion: list.metadata!.resourceVersion! });
    await expect.poll(() => names(w.events)).toEqual(['ADDED missed-while-relisting']);
    w.stop();
  });

  test('an expired resourceVersion answers 200 and then one ERROR event carrying a 410 Expired Status', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    const first = await core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 'a' } } });
    await core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 'b' } } });
    sim.store.compact();
    const w = await startWatch(sim, SECRETS, { resourceVersion: first.metadata!.resourceVersion! });
    expect(await w.ended).toBeNull();
    expect(w.events).toHaveLength(1);
    expect(w.events[0]!.type).toBe('ERROR');
    expect(w.events[0]!.object).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Expired',
      code: 410,
      message: `too old resource version: ${first.metadata!.resourceVersion} (${sim.store.oldestResourceVersion})`,
    });
  });

  test('with allowWatchBookmarks it sends BOOKMARK events carrying a resumable resourceVersion', async ({ sim }) => {
    const w = await startWatch(sim, SECRETS, { allowWatchBookmarks: true });
    await expect.poll(() => w.events.filter((e) => e.type === 'BOOKMARK').length).toBeGreaterThan(0);
    const bookmark = w.events.find((e) => e.type === 'BOOKMARK')!;
    expect(bookmark.object.kind).toBe('Secret');
    expect(Number(bookmark.object.metadata?.resourceVersion)).toBeGreaterThan(0);
    w.stop();
  });

  test('without allowWatchBookmarks no BOOKMARK arrives', async ({ sim }) => {
    const plain = await startWatch(sim, SECRETS, {});
    const withBookmarks = await startWatch(sim, SECRETS, { allowWatchBookmarks: true });
    // Both streams were open while the second received several bookmarks.
    await expect.poll(() => withBookmarks.events.filter((e) => e.type === 'BOOKMARK').length).toBeGreaterThan(2);
    expect(plain.events).toEqual([]);
    plain.stop();
    withBookmarks.stop();
  });

  test('an object relabelled out of the selector arrives as DELETED, back in as ADDED', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    await core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 's', labels: { run: 'a' } } } });
    const w = await startWatch(sim, SECRETS, { labelSelector: 'run=a' });
    await expect.poll(() => names(w.events)).toEqual(['ADDED s']);
    await core.patchNamespacedSecret({ namespace: ns, name: 's', body: [{ op: 'replace', path: '/metadata/labels/run', value: 'b' }] });
    await core.patchNamespacedSecret({ namespace: ns, name: 's', body: [{ op: 'replace', path: '/metadata/labels/run', value: 'a' }] });
    await expect.poll(() => names(w.events)).toEqual(['ADDED s', 'DELETED s', 'ADDED s']);
    w.stop();
  });

  test('timeoutSeconds ends the stream from the server side', async ({ sim }) => {
    const w = await startWatch(sim, SECRETS, { timeoutSeconds: 1 });
    expect(await w.ended).toBeNull();
  });

  test('the legacy /watch/ path watches one named object', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    await core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 'mine' } } });
    await core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 'other' } } });
    const w = await startWatch(sim, `/api/v1/watch/namespaces/${ns}/secrets/mine`, {});
    await expect.poll(() => names(w.events)).toEqual(['ADDED mine']);
    await core.deleteNamespacedSecret({ namespace: ns, name: 'other' });
    await core.deleteNamespacedSecret({ namespace: ns, name: 'mine' });
    await expect.poll(() => names(w.events)).toEqual(['ADDED mine', 'DELETED mine']);
    w.stop();
  });

  test('watching VMIs sees the controller move them through their phases', async ({ sim }) => {
    const { custom } = clients(sim.kubeConfig());
    const phases: string[] = [];
    const controller = await new Watch(sim.kubeConfig()).watch(
      `/apis/kubevirt.io/v1/namespaces/${ns}/virtualmachineinstances`,
      {},
      (_type, obj: { status?: { phase?: string } }) => {
        const phase = obj.status?.phase;
        if (phase && phases.at(-1) !== phase) phases.push(phase);
      },
      () => undefined,
    );
    await custom.createNamespacedCustomObject({ ...VM_API, namespace: ns, body: vmManifest('vm-w') });
    await expect.poll(() => phases.at(-1)).toBe('Running');
    expect(phases).toEqual(['Pending', 'Scheduling', 'Scheduled', 'Running']);
    controller.abort();
  });

  test('stop() ends every open watch', async ({ sim }) => {
    const w = await startWatch(sim, SECRETS, {});
    await sim.stop();
    expect(await w.ended).toBeNull();
  });
});

describe('bounded history', () => {
  const small = simTest({ namespaces: [ns], historyLimit: 4 });
  small('a resourceVersion that fell out of a small history is expired; a recent one resumes', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    const first = await core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 's-0' } } });
    for (let i = 1; i < 10; i++) await core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: `s-${i}` } } });
    expect(sim.store.oldestResourceVersion).toBeGreaterThan(Number(first.metadata!.resourceVersion));
    const w = await startWatch(sim, SECRETS, { resourceVersion: first.metadata!.resourceVersion! });
    await w.ended;
    expect(w.events.map((e) => [e.type, e.object.code])).toEqual([['ERROR', 410]]);
    const recent = await startWatch(sim, SECRETS, { resourceVersion: String(sim.store.resourceVersion - 1) });
    await expect.poll(() => names(recent.events)).toEqual(['ADDED s-9']);
    recent.stop();
  });
});
