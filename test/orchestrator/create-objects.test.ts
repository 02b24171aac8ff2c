import { test as base, describe, expect } from 'vitest';
import type { ClusterClient } from '../../src/cluster/client.js';
import type { ApiContext } from '../../src/kube/api.js';
import { AdaptiveConcurrency, type LimitChange } from '../../src/orchestrator/adaptive-concurrency.js';
import { createBatch } from '../../src/orchestrator/create-objects.js';
import { startSimCluster, type SimCluster } from '../../sim/index.js';
import { apiContext, clusterOf, cpuVms, planOf } from './run-fixtures.js';

/**
 * A server that serves 4 requests at a time and answers 429 (Retry-After: 1) beyond them, as APF
 * does; slow enough (100 ms an answer) that a batch outlasts several Retry-After periods, so the
 * refused requests come back while it runs.
 */
const MAX_IN_FLIGHT = 4;

const test = base.extend<{ sim: SimCluster }>({
  // eslint-disable-next-line no-empty-pattern
  sim: async ({}, use) => {
    const sim = await startSimCluster({ latencyMs: 100, maxInFlight: MAX_IN_FLIGHT });
    await use(sim);
    await sim.stop();
  },
});

const tooManyRequests = (sim: SimCluster): number => sim.requests().filter((r) => r.status === 429).length;

/** Enough attempts that a request refused again and again still gets through: both runs must finish to compare them. */
const patientContext = (cluster: ClusterClient): ApiContext => ({ ...apiContext(cluster), retryPolicy: { maxAttempts: 50 } });

describe('createBatch with an adaptive concurrency', () => {
  test('creates everything with fewer 429s than a fixed concurrency above the server’s limit', async ({ sim }) => {
    const objects = (namespace: string) => planOf(cpuVms(60), { namespace, runId: namespace }).objects;

    const cluster = clusterOf(sim);
    const fixed = await createBatch(patientContext(cluster), objects('fixed'), { concurrency: 16 });
    const fixed429 = tooManyRequests(sim);
    sim.resetStats();

    const changes: LimitChange[] = [];
    const adaptive = new AdaptiveConcurrency({ onChange: (change) => changes.push(change) });
    const auto = await createBatch(patientContext(cluster), objects('auto'), { concurrency: adaptive });
    const auto429 = tooManyRequests(sim);
    await cluster.close();

    expect(fixed).toHaveLength(121);
    expect(auto).toHaveLength(121);
    expect(sim.list('virtualmachines', 'auto')).toHaveLength(60);
    expect(fixed429).toBeGreaterThan(0);
    expect(auto429).toBeLessThan(fixed429);
    // the limit came down from its start of 10 on the server's 429s
    expect(changes.some((c) => c.reason === 'too many requests')).toBe(true);
    expect(adaptive.limit).toBeLessThan(10);
  });

  test('takes no latency from requests retried after a 5xx: their back-off is no slowdown', async () => {
    // 30 ms an answer: a loaded machine's scheduling noise stays well under the slowdown bar (4x the
    // best window), which a retried request's 300-600 ms back-off would clear if it were counted
    const sim = await startSimCluster({ latencyMs: 30 });
    const cluster = clusterOf(sim);
    const changes: LimitChange[] = [];
    const adaptive = new AdaptiveConcurrency({ onChange: (change) => changes.push(change) });
    const ctx: ApiContext = { ...apiContext(cluster), retryPolicy: { baseDelayMs: 600, maxDelayMs: 600 } };
    const secrets = planOf(cpuVms(120)).objects.filter((o) => o.kind === 'Secret');
    await createBatch(ctx, planOf(cpuVms(1)).objects.slice(0, 1), { concurrency: 1 }); // the namespace
    // the limit learns the server's speed first, so the retried answers come after its best window
    const first = await createBatch(ctx, secrets.slice(0, 40), { concurrency: adaptive });
    sim.faults.add({ kind: 'error', match: { verb: 'create', resource: 'secrets' }, status: 503, times: 30 });
    const rest = await createBatch(ctx, secrets.slice(40), { concurrency: adaptive });
    await cluster.close();
    await sim.stop();
    expect([...first, ...rest]).toHaveLength(120);
    expect(sim.requests().filter((r) => r.status === 503)).toHaveLength(30);
    expect(changes.filter((c) => c.reason === 'slowdown')).toEqual([]);
  });

  test('a request coming back from a Retry-After waits for a permit: the server never has more than the limit', async () => {
    const sim = await startSimCluster({ latencyMs: 50 });
    const cluster = clusterOf(sim);
    const secrets = planOf(cpuVms(120)).objects.filter((o) => o.kind === 'Secret');
    await createBatch(apiContext(cluster), planOf(cpuVms(1)).objects.slice(0, 1), { concurrency: 1 }); // the namespace
    // the first twelve Secrets are refused once each; they come back after 1 to 1.2 s, mid-batch
    sim.faults.add({ kind: 'error', match: { verb: 'create', resource: 'secrets' }, status: 429, retryAfterSeconds: 1, times: 12 });
    sim.resetStats();
    // a limit pinned at 4: a 429 cannot lower it, so the only way above 4 is a retry sent on top
    const adaptive = new AdaptiveConcurrency({ initial: 4, floor: 4, ceiling: 4 });
    const results = await createBatch(apiContext(cluster), secrets, { concurrency: adaptive });
    await cluster.close();
    await sim.stop();
    expect(results).toHaveLength(120);
    expect(tooManyRequests(sim)).toBe(12);
    expect(sim.peakInFlight()).toBe(4);
  });

  test('keeps failing fast: the first fatal error stops the batch', async ({ sim }) => {
    sim.faults.add({ kind: 'deny', match: { verb: 'create', resource: 'virtualmachines' } });
    const cluster = clusterOf(sim);
    const adaptive = new AdaptiveConcurrency();
    const created: string[] = [];
    const error = await createBatch(apiContext(cluster), planOf(cpuVms(40)).objects, {
      concurrency: adaptive,
      onCreated: (r) => created.push(r.kind),
    }).catch((e: unknown) => e);
    await cluster.close();
    expect(error).toMatchObject({ name: 'ApiError', status: 403 });
    expect(created.filter((kind) => kind === 'VirtualMachine')).toEqual([]);
    // only the requests in flight when the first 403 came back were sent, not the 40
    const vmCreates = sim.requests().filter((r) => r.resource === 'virtualmachines' && r.verb === 'create').length;
    expect(vmCreates).toBeGreaterThan(0);
    expect(vmCreates).toBeLessThanOrEqual(adaptive.highest);
  });
});
