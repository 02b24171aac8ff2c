import { test as base, describe, expect } from 'vitest';
import { InterruptedError, NotReadyError, exitCodeFor } from '../../src/errors.js';
import { createLogger } from '../../src/logging/logger.js';
import { RunOrchestrator, type RunOptions } from '../../src/orchestrator/run.js';
import { countReadiness, type ReadinessCounts } from '../../src/kube/readiness.js';
import { startSimCluster, type SimCluster } from '../../sim/index.js';
import { clusterOf, countOf, cpuVms, planOf } from './run-fixtures.js';

const test = base.extend<{ sim: SimCluster }>({
  // eslint-disable-next-line no-empty-pattern
  sim: async ({}, use) => {
    const sim = await startSimCluster({ readyAfterMs: 30 });
    await use(sim);
    await sim.stop();
  },
});

interface Harness {
  readonly orchestrator: RunOrchestrator;
  readonly logs: Record<string, unknown>[];
  readonly progress: ReadinessCounts[];
}

const harness = (sim: SimCluster): Harness => {
  const logs: Record<string, unknown>[] = [];
  const progress: ReadinessCounts[] = [];
  const logger = createLogger({ level: 'debug', sink: { write: (line) => logs.push(JSON.parse(line) as Record<string, unknown>) } });
  const orchestrator = new RunOrchestrator({ connect: () => clusterOf(sim), logger, onProgress: (states) => progress.push(countReadiness(states.values())) });
  return { orchestrator, logs, progress };
};

const options = (overrides: Partial<RunOptions> = {}): RunOptions => ({
  wait: true,
  timeoutSeconds: 60,
  vmConcurrency: 10,
  signal: new AbortController().signal,
  ...overrides,
});

/** Everything the wait phase asked of the VMI API. */
const waitRequests = (sim: SimCluster): number =>
  countOf(sim, 'virtualmachineinstances', 'list') + countOf(sim, 'virtualmachineinstances', 'watch');

describe('RunOrchestrator.run', () => {
  test('creates everything, waits for readiness, and reports every VM with its time to ready', async ({ sim }) => {
    const { orchestrator, logs, progress } = harness(sim);
    const plan = planOf([...cpuVms(2), { workload: 'network', index: 0, role: 'server' }, { workload: 'network', index: 0, role: 'client' }]);
    const report = await orchestrator.run(plan, options());
    expect(report.failure).toBeUndefined();
    expect(report.vms.map((vm) => [vm.name, vm.role, vm.ready, vm.existing])).toEqual([
      ['virtwork-cpu-0', undefined, true, false],
      ['virtwork-cpu-1', undefined, true, false],
      ['virtwork-network-0-server', 'server', true, false],
      ['virtwork-network-0-client', 'client', true, false],
    ]);
    for (const vm of report.vms) {
      expect(vm.phase).toBe('Running');
      expect(vm.node).toMatch(/^sim-worker-/);
      expect(vm.timeToReadySeconds).toBeGreaterThan(0);
    }
    expect(report.totals).toEqual({ planned: 4, created: 4, existing: 0, ready: 4, notReady: 0, failed: 0 });
    expect(report.cleanupCommand).toBe('virtwork cleanup --run-id run-1 -n virtwork');
    expect(sim.list('services', 'virtwork')).toHaveLength(1);
    expect(progress.at(-1)).toMatchObject({ total: 4, ready: 4, failed: 0 });
    // one log event per VM that became ready
    expect(logs.filter((l) => l.msg === 'VM ready').map((l) => l.vm)).toHaveLength(4);
  });

  test('a re-run duplicates nothing and reports the VMs as existing, ready', async ({ sim }) => {
    const { orchestrator } = harness(sim);
    await orchestrator.run(planOf(cpuVms(3), { runId: 'first' }), options());
    const again = await orchestrator.run(planOf(cpuVms(3), { runId: 'second' }), options());
    expect(again.failure).toBeUndefined();
    expect(again.vms.every((vm) => vm.existing && vm.ready && vm.timeToReadySeconds === undefined)).toBe(true);
    expect(again.totals).toMatchObject({ created: 0, existing: 3, ready: 3 });
    expect(sim.list('virtualmachines', 'virtwork')).toHaveLength(3);
    expect(sim.list('secrets', 'virtwork', 'virtwork/run-id=second')).toHaveLength(0);
  });

  test('--no-wait returns after creation without touching VMIs', async ({ sim }) => {
    const { orchestrator } = harness(sim);
    const report = await orchestrator.run(planOf(cpuVms(2)), options({ wait: false }));
    expect(report.failure).toBeUndefined();
    expect(report.waited).toBe(false);
    expect(report.vms.map((vm) => vm.phase)).toEqual([undefined, undefined]);
    expect(waitRequests(sim)).toBe(0);
  });

  test('waiting costs the same requests for 10 VMs as for 100', async ({ sim }) => {
    const { orchestrator } = harness(sim);
    await orchestrator.run(planOf(cpuVms(10), { namespace: 'ten' }), options());
    const forTen = waitRequests(sim);
    sim.resetStats();
    await orchestrator.run(planOf(cpuVms(100), { namespace: 'hundred' }), options({ vmConcurrency: 20 }));
    expect(waitRequests(sim)).toBe(forTen);
    expect(forTen).toBeLessThanOrEqual(2);
  });

  test('with --vm-concurrency auto, says what concurrency it reached; a fixed one says nothing of it', async ({ sim }) => {
    const { orchestrator, logs } = harness(sim);
    const report = await orchestrator.run(planOf(cpuVms(60), { namespace: 'auto' }), options({ vmConcurrency: 'auto', wait: false }));
    expect(report.failure).toBeUndefined();
    const created = logs.find((l) => l.msg === 'created VirtualMachine objects');
    const reached = created?.concurrency as { max: number; final: number };
    expect(reached.max).toBeGreaterThanOrEqual(10);
    expect(reached.final).toBeGreaterThanOrEqual(1);
    expect(reached.final).toBeLessThanOrEqual(reached.max);
    // each change is logged at debug level, and the last one is where it ended
    const changes = logs.filter((l) => typeof l.msg === 'string' && l.msg.startsWith('create concurrency '));
    expect(changes.every((l) => l.level === 'debug')).toBe(true);
    if (changes.length > 0) expect(changes.at(-1)?.to).toBe(reached.final);
    expect(Math.max(10, ...changes.map((l) => Number(l.to)))).toBe(reached.max);

    logs.length = 0;
    await orchestrator.run(planOf(cpuVms(5), { namespace: 'fixed' }), options({ vmConcurrency: 3, wait: false }));
    expect(logs.find((l) => l.msg === 'created VirtualMachine objects')).not.toHaveProperty('concurrency');
    expect(logs.some((l) => typeof l.msg === 'string' && l.msg.startsWith('create concurrency '))).toBe(false);
  });

  test('a run of 200 VMs makes at most 2.05 API requests per VM', async ({ sim }) => {
    const { orchestrator } = harness(sim);
    const report = await orchestrator.run(planOf(cpuVms(200)), options({ vmConcurrency: 25 }));
    expect(report.totals.ready).toBe(200);
    expect(sim.stats().total / 200).toBeLessThanOrEqual(2.05);
  });

  test('VMs not ready by the deadline give a NotReadyError (exit 3) that lists them', async ({ sim }) => {
    sim.faults.add({ kind: 'vm', name: 'virtwork-cpu-1', behaviour: 'neverReady' });
    const { orchestrator } = harness(sim);
    const report = await orchestrator.run(planOf(cpuVms(3)), options({ timeoutSeconds: 2 }));
    expect(report.failure).toBeInstanceOf(NotReadyError);
    expect(exitCodeFor(report.failure)).toBe(3);
    expect((report.failure as NotReadyError).notReady).toEqual(['virtwork-cpu-1']);
    expect(report.failure?.message).toBe(
      '1 of 3 VMs not ready after 2s: virtwork-cpu-1; see why with virtctl console virtwork-cpu-1 -n virtwork (the guest\'s boot and cloud-init) ' +
        'or kubectl describe vmi virtwork-cpu-1 -n virtwork (its conditions and events)',
    );
    expect(report.totals).toMatchObject({ ready: 2, notReady: 1 });
  });

  test('a failed VMI fails the run with its reason (exit 1)', async ({ sim }) => {
    sim.faults.add({ kind: 'vm', name: 'virtwork-cpu-0', behaviour: 'fail', reason: 'Unschedulable' });
    const { orchestrator } = harness(sim);
    const report = await orchestrator.run(planOf(cpuVms(2)), options());
    expect(exitCodeFor(report.failure)).toBe(1);
    expect(report.failure?.message).toMatch(/^VM virtwork-cpu-0 failed: Unschedulable/);
    expect(report.vms.find((vm) => vm.name === 'virtwork-cpu-0')?.phase).toBe('Failed');
    expect(report.totals.failed).toBe(1);
  });

  test('the totals add up: a failed VM counts as failed, not also as not ready', async ({ sim }) => {
    sim.faults.add({ kind: 'vm', name: 'virtwork-cpu-0', behaviour: 'fail', reason: 'Unschedulable' });
    sim.faults.add({ kind: 'vm', name: 'virtwork-cpu-1', behaviour: 'neverReady' });
    const { orchestrator } = harness(sim);
    const report = await orchestrator.run(planOf(cpuVms(2)), options());
    expect(report.totals).toMatchObject({ ready: 0, notReady: 1, failed: 1 });
    expect(report.totals.ready + report.totals.notReady + report.totals.failed).toBe(report.vms.length);
  });

  test('a failed VMI and the failed run are logged at error, not info', async ({ sim }) => {
    sim.faults.add({ kind: 'vm', name: 'virtwork-cpu-0', behaviour: 'fail', reason: 'Unschedulable' });
    const { orchestrator, logs } = harness(sim);
    await orchestrator.run(planOf(cpuVms(1)), options());
    expect(logs.find((l) => l.vm === 'virtwork-cpu-0' && l.phase === 'Failed')).toMatchObject({ level: 'error', msg: 'VM Failed' });
    expect(logs.find((l) => l.msg === 'run failed')).toMatchObject({ level: 'error' });
  });

  test('a 403 on VM create stops creating and reports what exists (exit 2)', async ({ sim }) => {
    sim.faults.add({ kind: 'deny', match: { verb: 'create', resource: 'virtualmachines' } });
    const { orchestrator } = harness(sim);
    const report = await orchestrator.run(planOf(cpuVms(20)), options({ vmConcurrency: 4 }));
    expect(report.failure).toMatchObject({ name: 'ApiError', status: 403, exitCode: 2 });
    expect(report.vms).toEqual([]);
    expect(report.totals.planned).toBe(20);
    expect(countOf(sim, 'virtualmachines', 'create')).toBeLessThanOrEqual(4);
    expect(waitRequests(sim)).toBe(0);
  });

  test('an interrupt during creation ends the run as interrupted, with what was created so far', async ({ sim }) => {
    sim.faults.add({ kind: 'latency', match: { verb: 'create', resource: 'virtualmachines' }, ms: 40 });
    const { orchestrator } = harness(sim);
    const controller = new AbortController();
    // SIGINT arrives once the fifth VM exists
    const unsubscribe = sim.store.subscribe(() => {
      if (!controller.signal.aborted && sim.list('virtualmachines', 'virtwork').length >= 5) {
        controller.abort(new InterruptedError('SIGINT'));
      }
    });
    const report = await orchestrator.run(planOf(cpuVms(40)), options({ vmConcurrency: 2, signal: controller.signal }));
    unsubscribe();
    expect(report.failure).toBeInstanceOf(InterruptedError);
    expect(exitCodeFor(report.failure)).toBe(130);
    expect(report.vms.length).toBeGreaterThanOrEqual(4);
    expect(report.vms.length).toBeLessThan(40);
    expect(countOf(sim, 'virtualmachines', 'create')).toBeLessThan(40);
    expect(report.cleanupCommand).toBe('virtwork cleanup --run-id run-1 -n virtwork');
  });
});

describe('RunOrchestrator.run, many VMs', () => {
  test('builds each object as it is sent: at the first answer, only the requests in flight and the next are built', async ({ sim }) => {
    const vms = 1_200;
    const source = planOf(cpuVms(vms));
    const pulled = new Map<string, number>();
    const plan = {
      ...source,
      kinds: source.kinds.map((planned) => ({
        kind: planned.kind,
        names: planned.names,
        *[Symbol.iterator]() {
          for (const object of planned) {
            pulled.set(planned.kind, (pulled.get(planned.kind) ?? 0) + 1);
            yield object;
          }
        },
      })),
    };
    const pulledAtFirstCreate = new Map<string, number>();
    const logger = createLogger({ level: 'error', sink: { write: () => undefined } });
    const orchestrator = new RunOrchestrator({
      connect: () => clusterOf(sim),
      logger,
      onCreateProgress: ({ kind, done }) => {
        if (done === 1) pulledAtFirstCreate.set(kind, pulled.get(kind) ?? 0);
      },
    });
    const report = await orchestrator.run(plan, options({ wait: false }));
    expect(report.failure).toBeUndefined();
    expect(report.totals).toMatchObject({ planned: vms, created: vms });
    expect(pulled.get('VirtualMachine')).toBe(vms);
    // --vm-concurrency 10: ten sent, and the eleventh waiting for a permit
    expect(pulledAtFirstCreate.get('Secret')).toBeLessThanOrEqual(11);
    expect(pulledAtFirstCreate.get('VirtualMachine')).toBeLessThanOrEqual(11);
  }, 60_000);
});
