import { test as base, describe, expect } from 'vitest';
import { createBatch } from '../../src/orchestrator/create-objects.js';
import { waitForReady, type WaitEvent } from '../../src/kube/wait.js';
import { LIST_PAGE_SIZE } from '../../src/kube/list.js';
import type { VmState } from '../../src/kube/readiness.js';
import { startSimCluster, type SimCluster, type SimClusterOptions } from '../../sim/index.js';
import { apiContext, clusterOf, countOf, cpuVms, planOf } from '../orchestrator/run-fixtures.js';
import { deleteWhenCreated, emptySecretWhenCreated } from '../support/when-created.js';

/** A simulator whose guests pass their readiness probe 50 ms after they run. */
const simulator = (options: SimClusterOptions = {}) =>
  base.extend<{ sim: SimCluster }>({
    // eslint-disable-next-line no-empty-pattern
    sim: async ({}, use) => {
      const sim = await startSimCluster({ readyAfterMs: 50, ...options });
      await use(sim);
      await sim.stop();
    },
  });
const test = simulator();

/** Creates the plan's objects through the real create path, then resets the counters. */
const createPlan = async (sim: SimCluster, count: number) => {
  const plan = planOf(cpuVms(count));
  const cluster = clusterOf(sim);
  await createBatch(apiContext(cluster), plan.objects, { concurrency: 10 });
  sim.resetStats();
  return { plan, cluster, names: plan.vms.map((vm) => vm.name) };
};

describe('waitForReady', () => {
  test('waits with one list and one watch until every planned VM is Ready', async ({ sim }) => {
    const { cluster, names } = await createPlan(sim, 5);
    const transitions: VmState[] = [];
    const result = await waitForReady(apiContext(cluster), {
      namespace: 'virtwork',
      names,
      onTransition: (state) => transitions.push(state),
    });
    expect(result.outcome).toEqual({ kind: 'ready' });
    expect([...result.vms.values()].every((vm) => vm.ready && vm.nodeName?.startsWith('sim-worker'))).toBe(true);
    expect(countOf(sim, 'virtualmachineinstances', 'list')).toBe(1);
    expect(countOf(sim, 'virtualmachineinstances', 'watch')).toBeLessThanOrEqual(1);
    expect(countOf(sim, 'virtualmachineinstances', 'get')).toBe(0);
    // every VM's last transition is to Ready
    for (const name of names) expect(transitions.filter((t) => t.name === name).at(-1)?.ready).toBe(true);
    await cluster.close();
  });

  test('reads the VMIs a page at a time: more VMs than a page holds are all followed to Ready', async ({ sim }) => {
    const { cluster, names } = await createPlan(sim, LIST_PAGE_SIZE + 3);
    // every VMI exists before the wait starts, so its first list has two pages
    await expect.poll(() => sim.list('virtualmachineinstances', 'virtwork').length, { timeout: 20_000 }).toBe(names.length);
    sim.resetStats();
    const result = await waitForReady(apiContext(cluster), { namespace: 'virtwork', names });
    expect(result.outcome).toEqual({ kind: 'ready' });
    expect([...result.vms.values()].filter((vm) => vm.ready)).toHaveLength(names.length);
    expect(countOf(sim, 'virtualmachineinstances', 'list')).toBe(2);
    await cluster.close();
  });

  test('resumes from the last resourceVersion when the watch stream drops', async ({ sim }) => {
    sim.faults.add({ kind: 'dropWatch', match: { resource: 'virtualmachineinstances' }, afterEvents: 2, times: 2 });
    const { cluster, names } = await createPlan(sim, 4);
    const events: WaitEvent[] = [];
    const result = await waitForReady(apiContext(cluster), { namespace: 'virtwork', names, onEvent: (e) => events.push(e) });
    expect(result.outcome).toEqual({ kind: 'ready' });
    expect(events.filter((e) => e.type === 'watch-ended').length).toBeGreaterThanOrEqual(1);
    // dropped streams are resumed by watch, not by listing again
    expect(countOf(sim, 'virtualmachineinstances', 'list')).toBe(1);
    expect(countOf(sim, 'virtualmachineinstances', 'watch')).toBeGreaterThanOrEqual(2);
    await cluster.close();
  });

  test('falls back to polling when the watch verb is refused', async ({ sim }) => {
    sim.faults.add({ kind: 'deny', match: { verb: 'watch', resource: 'virtualmachineinstances' } });
    const { cluster, names } = await createPlan(sim, 2);
    const events: WaitEvent[] = [];
    const result = await waitForReady(apiContext(cluster), {
      namespace: 'virtwork',
      names,
      pollIntervalMs: 20,
      onEvent: (e) => events.push(e),
    });
    expect(result.outcome).toEqual({ kind: 'ready' });
    expect(events.some((e) => e.type === 'polling')).toBe(true);
    expect(countOf(sim, 'virtualmachineinstances', 'watch')).toBe(1);
    expect(countOf(sim, 'virtualmachineinstances', 'list')).toBeGreaterThan(1);
    await cluster.close();
  });

  test('stops at once with the reason when a VMI fails', async ({ sim }) => {
    sim.faults.add({ kind: 'vm', name: 'virtwork-cpu-1', behaviour: 'fail', reason: 'NodeUnresponsive' });
    sim.faults.add({ kind: 'vm', name: 'virtwork-cpu-0', behaviour: 'neverReady' });
    const { cluster, names } = await createPlan(sim, 2);
    const result = await waitForReady(apiContext(cluster), { namespace: 'virtwork', names });
    expect(result.outcome.kind).toBe('failed');
    if (result.outcome.kind !== 'failed') return;
    expect(result.outcome.vm.name).toBe('virtwork-cpu-1');
    expect(result.outcome.vm.failureReason).toContain('NodeUnresponsive');
    await cluster.close();
  });

  test('ends with the abort reason when the deadline passes, and says who was not ready', async ({ sim }) => {
    sim.faults.add({ kind: 'vm', name: 'virtwork-cpu-2', behaviour: 'neverReady' });
    const { cluster, names } = await createPlan(sim, 3);
    const result = await waitForReady(apiContext(cluster, AbortSignal.timeout(1500)), { namespace: 'virtwork', names });
    expect(result.outcome.kind).toBe('aborted');
    if (result.outcome.kind !== 'aborted') return;
    expect((result.outcome.reason as DOMException).name).toBe('TimeoutError');
    expect([...result.vms.values()].filter((vm) => !vm.ready).map((vm) => vm.name)).toEqual(['virtwork-cpu-2']);
    expect(result.vms.get('virtwork-cpu-2')?.phase).toBe('Running');
    await cluster.close();
  });

  test('covers VMs whose objects already existed: their VMIs count like any other', async ({ sim }) => {
    const { cluster, names } = await createPlan(sim, 2);
    // first wait: everything becomes Ready
    await waitForReady(apiContext(cluster), { namespace: 'virtwork', names });
    sim.resetStats();
    const again = await waitForReady(apiContext(cluster), { namespace: 'virtwork', names });
    expect(again.outcome).toEqual({ kind: 'ready' });
    // already Ready at the list: no watch needed
    expect(countOf(sim, 'virtualmachineinstances', 'list')).toBe(1);
    expect(countOf(sim, 'virtualmachineinstances', 'watch')).toBe(0);
    await cluster.close();
  });
});

describe('waitForReady and cloud-init Secrets', () => {
  const quickCheck = { afterMs: 100, intervalMs: 50 };

  test('a missing Secret fails the VM with the Secret and the fix, found with one events list', async ({ sim }) => {
    deleteWhenCreated(sim, 'secrets', 'virtwork', 'virtwork-cpu-1-cloudinit');
    const { cluster, names } = await createPlan(sim, 3);
    const result = await waitForReady(apiContext(cluster), { namespace: 'virtwork', names, mountCheck: quickCheck });
    expect(result.outcome.kind).toBe('failed');
    if (result.outcome.kind !== 'failed') return;
    expect(result.outcome.vm).toMatchObject({ name: 'virtwork-cpu-1', phase: 'Scheduling' });
    expect(result.outcome.vm.failureReason).toMatch(
      /^its cloud-init Secret "virtwork-cpu-1-cloudinit" does not exist, so its launcher pod virt-launcher-virtwork-cpu-1-[a-z0-9]{5} cannot start \(FailedMount\); create the Secret again/,
    );
    expect(countOf(sim, 'events', 'list')).toBe(1);
    await cluster.close();
  });

  test('a Secret without userdata fails the VM from the VMI watch alone, with no events list', async ({ sim }) => {
    emptySecretWhenCreated(sim, 'virtwork', 'virtwork-cpu-0-cloudinit');
    const { cluster, names } = await createPlan(sim, 2);
    const result = await waitForReady(apiContext(cluster), { namespace: 'virtwork', names, mountCheck: quickCheck });
    expect(result.outcome.kind).toBe('failed');
    if (result.outcome.kind !== 'failed') return;
    expect(result.outcome.vm).toMatchObject({ name: 'virtwork-cpu-0', phase: 'Scheduled' });
    expect(result.outcome.vm.failureReason).toMatch(
      /^its cloud-init Secret "virtwork-cpu-0-cloudinit" has no userdata key, so KubeVirt cannot build its cloud-init disk \(server error\. command SyncVMI failed: .*\); put the cloud-config under the key userdata and restart the VM \(virtctl restart virtwork-cpu-0\)/,
    );
    expect(countOf(sim, 'events', 'list')).toBe(0);
    await cluster.close();
  });

  test('when the events cannot be listed, the wait goes on without the check until its deadline', async ({ sim }) => {
    sim.faults.add({ kind: 'deny', match: { verb: 'list', resource: 'events' } });
    deleteWhenCreated(sim, 'secrets', 'virtwork', 'virtwork-cpu-0-cloudinit');
    const { cluster, names } = await createPlan(sim, 1);
    const events: WaitEvent[] = [];
    const result = await waitForReady(apiContext(cluster, AbortSignal.timeout(3000)), {
      namespace: 'virtwork',
      names,
      mountCheck: quickCheck,
      onEvent: (e) => events.push(e),
    });
    // the events list kept failing: the wait is not cut short by it and ends at the deadline
    expect(result.outcome.kind).toBe('aborted');
    expect(events.some((e) => e.type === 'mount-check-failed')).toBe(true);
    await cluster.close();
  });
});

const smallHistory = simulator({ historyLimit: 3 });

describe('waitForReady with a short watch history', () => {
  smallHistory('re-lists when the resumed watch reports its resourceVersion expired (410)', async ({ sim }) => {
    // The first stream drops after one event. The wait resumes at once, so the resumed watch is held
    // for half a second: the VMIs' next events push its resourceVersion out of three events of history.
    sim.faults.add({ kind: 'dropWatch', match: { resource: 'virtualmachineinstances' }, afterEvents: 1, times: 1 });
    const { cluster, names } = await createPlan(sim, 6);
    const events: WaitEvent[] = [];
    const onEvent = (event: WaitEvent): void => {
      events.push(event);
      if (event.type === 'watch-ended' && event.reason === 'error' && events.filter((e) => e.type === 'watch-ended').length === 1) {
        sim.faults.add({ kind: 'latency', match: { resource: 'virtualmachineinstances', verb: 'watch' }, ms: 500 });
      }
    };
    const result = await waitForReady(apiContext(cluster), { namespace: 'virtwork', names, onEvent });
    expect(result.outcome).toEqual({ kind: 'ready' });
    expect(events).toContainEqual({ type: 'watch-ended', reason: 'expired' });
    // with three events of history, a fresh list's resourceVersion can expire again before its watch opens
    expect(countOf(sim, 'virtualmachineinstances', 'list')).toBeGreaterThanOrEqual(2);
    await cluster.close();
  });
});
