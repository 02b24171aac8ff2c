import { test as base, describe, expect } from 'vitest';
import { createClusterClient } from '../../src/cluster/client.js';
import { loadKubeconfig } from '../../src/cluster/kubeconfig.js';
import { VirtworkError, exitCodeFor } from '../../src/errors.js';
import { requireVirtualizationApis } from '../../src/kube/api-check.js';
import { createObject } from '../../src/kube/create.js';
import { createBatch } from '../../src/orchestrator/create-objects.js';
import { LABEL_RUN_ID } from '../../src/constants.js';
import { startSimCluster, type SimCluster } from '../../sim/index.js';
import { apiContext, clusterOf, countOf, cpuVms, planOf } from '../orchestrator/run-fixtures.js';

const test = base.extend<{ sim: SimCluster }>({
  // eslint-disable-next-line no-empty-pattern
  sim: async ({}, use) => {
    const sim = await startSimCluster();
    await use(sim);
    await sim.stop();
  },
});

const failureOf = async (promise: Promise<unknown>): Promise<VirtworkError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VirtworkError);
  return error as VirtworkError;
};

describe('createObject', () => {
  test('creates every kind of the plan with one request each, all with fieldValidation=Strict', async ({ sim }) => {
    const plan = planOf([{ workload: 'network', index: 0, role: 'server' }, { workload: 'network', index: 0, role: 'client' }]);
    const cluster = clusterOf(sim);
    const results = await createBatch(apiContext(cluster), plan.objects, { concurrency: 4 });
    expect(results.map((r) => `${r.kind}/${r.name}:${r.outcome}`)).toEqual([
      'Namespace/virtwork:created',
      'Service/virtwork-network-server:created',
      'Secret/virtwork-network-0-server-cloudinit:created',
      'Secret/virtwork-network-0-client-cloudinit:created',
      'VirtualMachine/virtwork-network-0-server:created',
      'VirtualMachine/virtwork-network-0-client:created',
    ]);
    const writes = sim.requests().filter((r) => r.method === 'POST');
    expect(writes).toHaveLength(6);
    for (const write of writes) expect(new URL(write.url, sim.url).searchParams.get('fieldValidation')).toBe('Strict');
    expect(sim.list('virtualmachines', 'virtwork')).toHaveLength(2);
    await cluster.close();
  });

  test('counts AlreadyExists as done and leaves the existing object, with its run id, alone', async ({ sim }) => {
    const cluster = clusterOf(sim);
    await createBatch(apiContext(cluster), planOf(cpuVms(2), { runId: 'first' }).objects, { concurrency: 4 });
    const rerun = await createBatch(apiContext(cluster), planOf(cpuVms(2), { runId: 'second' }).objects, { concurrency: 4 });
    expect(rerun.every((r) => r.outcome === 'existing')).toBe(true);
    expect(sim.list('virtualmachines', 'virtwork')).toHaveLength(2);
    expect(sim.list('secrets', 'virtwork', 'app.kubernetes.io/managed-by=virtwork')).toHaveLength(2);
    expect(sim.get('virtualmachines', 'virtwork', 'virtwork-cpu-0')?.metadata.labels?.[LABEL_RUN_ID]).toBe('first');
    await cluster.close();
  });

  test('rides out a 429 storm honouring Retry-After, with bounded retries', async ({ sim }) => {
    sim.faults.add({ kind: 'error', match: { verb: 'create', resource: 'secrets' }, status: 429, retryAfterSeconds: 1, times: 3 });
    const cluster = clusterOf(sim);
    const [namespace, secret] = planOf(cpuVms(1)).objects;
    await createObject(apiContext(cluster), namespace!);
    const result = await createObject(apiContext(cluster), secret!);
    expect(result.outcome).toBe('created');
    // three refusals, then the success; each retry came no sooner than the server's Retry-After
    const attempts = sim.requests().filter((r) => r.resource === 'secrets' && r.verb === 'create');
    expect(attempts.map((r) => r.status)).toEqual([429, 429, 429, 201]);
    const gapsMs = attempts.slice(1).map((r, i) => Date.parse(r.time) - Date.parse(attempts[i]!.time));
    for (const gap of gapsMs) expect(gap).toBeGreaterThanOrEqual(1000);
    await cluster.close();
  });

  test('retries a burst of 500s and gives up after the last attempt with the attempts counted', async ({ sim }) => {
    sim.faults.add({ kind: 'error', match: { verb: 'create', resource: 'virtualmachines' }, status: 500, times: 2 });
    const cluster = clusterOf(sim);
    const plan = planOf(cpuVms(1));
    await createBatch(apiContext(cluster), plan.objects.slice(0, 2), { concurrency: 1 });
    await expect(createObject(apiContext(cluster), plan.objects[2]!)).resolves.toMatchObject({ outcome: 'created' });
    expect(countOf(sim, 'virtualmachines', 'create')).toBe(3);

    sim.faults.add({ kind: 'error', match: { verb: 'create', resource: 'virtualmachines' }, status: 503 });
    const ctx = { ...apiContext(cluster), retryPolicy: { baseDelayMs: 1, maxDelayMs: 2, maxAttempts: 4 } };
    const error = await failureOf(createObject(ctx, planOf(cpuVms(2)).objects[4]!));
    expect(exitCodeFor(error)).toBe(1);
    expect(error.message).toMatch(/^create virtualmachines\.kubevirt\.io "virtwork-cpu-1" in namespace "virtwork" failed after 4 attempts: HTTP 503/);
    await cluster.close();
  });

  test('stops at the first 403 on VM create: no more VMs are attempted, and the message names the RBAC rule', async ({ sim }) => {
    sim.faults.add({ kind: 'deny', match: { verb: 'create', resource: 'virtualmachines' } });
    const cluster = clusterOf(sim);
    const plan = planOf(cpuVms(30));
    const created: string[] = [];
    const error = await failureOf(
      createBatch(apiContext(cluster), plan.objects, { concurrency: 3, onCreated: (r) => created.push(r.kind) }),
    );
    expect(error).toMatchObject({ name: 'ApiError', status: 403, exitCode: 2 });
    expect(error.message).toContain('cannot create virtualmachines.kubevirt.io');
    expect(error.message).toContain('needs RBAC permission virtualmachines.kubevirt.io "create" in namespace "virtwork"');
    // only the requests in flight when the first 403 came back were sent
    expect(countOf(sim, 'virtualmachines', 'create')).toBeLessThanOrEqual(3);
    expect(created.filter((kind) => kind === 'VirtualMachine')).toEqual([]);
    await cluster.close();
  });

  test('treats a namespace it may not create but may read as existing', async ({ sim }) => {
    sim.faults.add({ kind: 'deny', match: { verb: 'create', resource: 'namespaces' } });
    const cluster = clusterOf(sim);
    const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } };
    await expect(createObject(apiContext(cluster), namespace)).resolves.toMatchObject({ outcome: 'existing' });
    const missing = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'not-there' } };
    const error = await failureOf(createObject(apiContext(cluster), missing));
    expect(error.message).toContain('needs RBAC permission namespaces "create" (cluster-scoped)');
    await cluster.close();
  });

  test('fails loudly on a field the cluster does not know (Strict validation), exit 1', async ({ sim }) => {
    const cluster = clusterOf(sim);
    await createObject(apiContext(cluster), planOf(cpuVms(1)).objects[0]!);
    const vm = structuredClone(planOf(cpuVms(1)).objects[2]!) as { spec: Record<string, unknown> };
    vm.spec.runStrategyy = 'Always';
    const error = await failureOf(createObject(apiContext(cluster), vm as never));
    expect(exitCodeFor(error)).toBe(1);
    expect(error.message).toContain('runStrategyy');
    expect(sim.list('virtualmachines', 'virtwork')).toHaveLength(0);
    await cluster.close();
  });
});

describe('requireVirtualizationApis', () => {
  test('passes on a cluster with KubeVirt and CDI, with one discovery request', async ({ sim }) => {
    const cluster = clusterOf(sim);
    await requireVirtualizationApis(apiContext(cluster));
    expect(sim.stats().total).toBe(1);
    await cluster.close();
  });

  test('names the missing KubeVirt API (exit 2)', async ({ sim }) => {
    sim.removeApiGroup('kubevirt.io');
    const cluster = clusterOf(sim);
    const error = await failureOf(requireVirtualizationApis(apiContext(cluster)));
    expect(exitCodeFor(error)).toBe(2);
    expect(error.message).toBe(
      `the cluster at ${sim.url} does not serve kubevirt.io/v1: install KubeVirt (OpenShift Virtualization) or choose another --context`,
    );
    await cluster.close();
  });

  test('names the missing CDI API (exit 2)', async ({ sim }) => {
    sim.removeApiGroup('cdi.kubevirt.io');
    const cluster = clusterOf(sim);
    const error = await failureOf(requireVirtualizationApis(apiContext(cluster)));
    expect(error.message).toContain('does not serve cdi.kubevirt.io/v1beta1');
    await cluster.close();
  });
});

describe('an unreachable server', () => {
  base('is one line with exit code 1, without retrying until the deadline', async () => {
    const sim = await startSimCluster();
    const kubeconfig = loadKubeconfig({ kubeconfig: sim.kubeconfigPath, env: {} });
    await sim.stop();
    const cluster = createClusterClient(kubeconfig);
    const error = await failureOf(requireVirtualizationApis(apiContext(cluster)));
    expect(exitCodeFor(error)).toBe(1);
    expect(error.message).toMatch(/^cannot reach the Kubernetes API server at http:\/\/127\.0\.0\.1:\d+ \(context "virtwork-sim"\): .*ECONNREFUSED/);
    await cluster.close();
  });
});
