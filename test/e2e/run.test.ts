/**
 * `virtwork run` end to end: the real binary as a child process, its kubeconfig pointing at a
 * simulator this test starts in-process (TLS, bearer token), so every assertion can look at the
 * cluster's objects and request counters.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import { beforeAll, test as base, describe, expect } from 'vitest';
import type { ExecutionDetails } from '../../src/audit/index.js';
import type { RunSummaryJson } from '../../src/cli/output/summary.js';
import type { StatusReport } from '../../src/orchestrator/status.js';
import { LABEL_RUN_ID } from '../../src/constants.js';
import { startSimCluster, type SimCluster, type SimClusterOptions } from '../../sim/index.js';
import { deleteWhenCreated, emptySecretWhenCreated } from '../support/when-created.js';
import { BUILD_TIMEOUT_MS, ensureBuilt, logLines, plainStderrLines, runCli, startCli, type CliResult } from './support/cli.js';

beforeAll(async () => {
  await ensureBuilt();
}, BUILD_TIMEOUT_MS);

const simulator = (options: SimClusterOptions = {}) =>
  base.extend<{ sim: SimCluster }>({
    // eslint-disable-next-line no-empty-pattern
    sim: async ({}, use) => {
      const sim = await startSimCluster({ tls: true, token: 'e2e-token', readyAfterMs: 50, ...options });
      await use(sim);
      await sim.stop();
    },
  });
const test = simulator();
/** Guests pass their probes only when a test says so. */
const probesByHand = simulator({ readyAfterMs: undefined });

/** `virtwork run` against the simulator, summary as JSON. */
const run = (sim: SimCluster, ...args: string[]): Promise<CliResult> =>
  runCli(['run', '--kubeconfig', sim.kubeconfigPath, '-o', 'json', ...args]);

const summaryOf = (result: CliResult): RunSummaryJson => JSON.parse(result.stdout) as RunSummaryJson;

/** The request log entries that got an error status. */
const failedRequests = (sim: SimCluster, status: number): number => sim.requests().filter((r) => r.status === status).length;

describe('virtwork run', () => {
  test('creates and readies every default workload with --vm-count 3', async ({ sim }) => {
    const result = await run(sim, '--vm-count', '3', '--timeout', '120');
    expect(result.stderr).not.toContain('"level":"error"');
    expect(result.code).toBe(0);
    const summary = summaryOf(result);
    // cpu, memory, disk, database: 3 each; network and tps: 3 server/client pairs each
    expect(summary.totals).toEqual({ planned: 24, created: 24, existing: 0, ready: 24, notReady: 0, failed: 0 });
    expect(new Set(summary.vms.map((vm) => vm.workload))).toEqual(new Set(['cpu', 'memory', 'disk', 'database', 'network', 'tps']));
    for (const vm of summary.vms) {
      expect(vm).toMatchObject({ ready: true, phase: 'Running', existing: false });
      expect(vm.timeToReadySeconds).toBeGreaterThan(0);
    }
    expect(summary.cleanupCommand).toBe(`virtwork cleanup --run-id ${summary.runId} --kubeconfig ${sim.kubeconfigPath} -n virtwork`);
    expect(sim.list('virtualmachines', 'virtwork', `${LABEL_RUN_ID}=${summary.runId}`)).toHaveLength(24);
    // one Service per pair, each selecting exactly its own server's VMI
    const services = sim.list('services', 'virtwork');
    expect(services.map((s) => s.metadata.name).sort()).toEqual(
      ['network', 'tps'].flatMap((w) => [0, 1, 2].map((i) => `virtwork-${w}-${i}-server`)),
    );
    const vmis = sim.list('virtualmachineinstances', 'virtwork');
    for (const service of services) {
      const selector = (service.spec as { selector: Record<string, string> }).selector;
      const selected = vmis.filter((vmi) => Object.entries(selector).every(([k, v]) => vmi.metadata.labels?.[k] === v));
      expect(selected.map((vmi) => vmi.metadata.name)).toEqual([service.metadata.name]);
    }
    // every write was strictly validated
    for (const write of sim.requests().filter((r) => r.method === 'POST')) expect(write.url).toContain('fieldValidation=Strict');
  });

  test('prints the summary table by default, with the run id and the cleanup command', async ({ sim }) => {
    const result = await runCli(['run', '--kubeconfig', sim.kubeconfigPath, '--workloads', 'cpu', '--vm-count', '2']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+WORKLOAD\s+ROLE\s+PHASE\s+READY\s+NODE\s+TIME TO READY$/);
    expect(lines[1]).toMatch(/^virtwork-cpu-0\s+cpu\s+-\s+Running\s+true\s+sim-worker-\d\s+\d+\.\ds$/);
    expect(lines).toContain('VMs: 2 created, 0 existing; 2 ready, 0 not ready, 0 failed');
    const runId = /^Run ID: (\S+)$/m.exec(result.stdout)?.[1];
    expect(lines.at(-1)).toBe(`Clean up: virtwork cleanup --run-id ${runId} --kubeconfig ${sim.kubeconfigPath} -n virtwork`);
  });

  test('a re-run with the same objects present duplicates nothing, reports them existing with their run, and hints at that run', async ({ sim }) => {
    const first = summaryOf(await run(sim, '--workloads', 'cpu,network', '--vm-count', '2'));
    const again = await run(sim, '--workloads', 'cpu,network', '--vm-count', '2');
    expect(again.code).toBe(0);
    const summary = summaryOf(again);
    expect(summary.runId).not.toBe(first.runId);
    expect(summary.totals).toMatchObject({ planned: 6, created: 0, existing: 6, ready: 6 });
    expect(summary.vms.every((vm) => vm.existing && vm.timeToReadySeconds === null)).toBe(true);
    expect(sim.list('virtualmachines', 'virtwork')).toHaveLength(6);
    expect(sim.list('secrets', 'virtwork', 'app.kubernetes.io/managed-by=virtwork')).toHaveLength(6);
    // the existing objects keep the first run's id, which the summary and the hint name
    expect(sim.list('virtualmachines', 'virtwork', `${LABEL_RUN_ID}=${first.runId}`)).toHaveLength(6);
    expect(new Set(summary.vms.map((vm) => vm.ownerRunId))).toEqual(new Set([first.runId]));
    expect(summary.cleanupCommand).toBe(`virtwork cleanup --run-id ${first.runId} --kubeconfig ${sim.kubeconfigPath} -n virtwork`);
  });

  test('a re-run that finds objects of two runs hints at both; the audit records each existing VM with its owner', async ({ sim }) => {
    const auditDb = path.join(await mkdtemp(path.join(tmpdir(), 'virtwork-owners-')), 'virtwork.db');
    const first = summaryOf(await run(sim, '--workloads', 'cpu', '--no-wait', '--no-audit'));
    const second = summaryOf(await run(sim, '--workloads', 'memory', '--no-wait', '--no-audit'));
    const again = await run(sim, '--workloads', 'cpu,memory', '--no-wait', '--audit-db', auditDb);
    const summary = summaryOf(again);

    expect(again.code, again.stderr).toBe(0);
    const owners = [first.runId, second.runId].sort();
    expect(summary.cleanupCommand).toBe(`virtwork cleanup -l 'virtwork/run-id in (${owners.join(',')})' --kubeconfig ${sim.kubeconfigPath} -n virtwork`);
    const audit = await runCli(['audit', 'show', summary.runId, '--audit-db', auditDb, '-o', 'json']);
    const vms = (JSON.parse(audit.stdout) as ExecutionDetails).vms;
    expect(vms.map((vm) => [vm.vmName, vm.status, vm.ownerRunId]).sort()).toEqual([
      ['virtwork-cpu-0', 'existing', first.runId],
      ['virtwork-memory-0', 'existing', second.runId],
    ]);
  });

  test("the cleanup hint names the run's namespace, so it works whatever namespace the kubeconfig context names", async ({ sim }) => {
    const kubeconfig = path.join(await mkdtemp(path.join(tmpdir(), 'virtwork-ctx-')), 'kubeconfig');
    await sim.writeKubeconfig(kubeconfig, 'team-a');
    const result = await runCli(['run', '--kubeconfig', kubeconfig, '-o', 'json', '--workloads', 'cpu', '--no-wait', '-n', 'virtwork', '--no-audit']);
    const hint = summaryOf(result).cleanupCommand;

    expect(hint).toBe(`virtwork cleanup --run-id ${summaryOf(result).runId} --kubeconfig ${kubeconfig} -n virtwork`);
    const cleanup = await runCli([...(hint ?? '').split(' ').slice(1), '--yes', '--no-audit']);
    expect(cleanup.code, cleanup.stderr).toBe(0);
    expect(sim.list('virtualmachines', 'virtwork')).toEqual([]);
  });

  test('--no-wait returns right after creation', async ({ sim }) => {
    const result = await run(sim, '--workloads', 'cpu', '--vm-count', '3', '--no-wait');
    expect(result.code).toBe(0);
    const summary = summaryOf(result);
    // readiness is unknown, not false
    expect(summary.totals).toEqual({ planned: 3, created: 3, existing: 0, ready: null, notReady: null, failed: null });
    expect(summary.vms.every((vm) => vm.phase === null && vm.ready === null)).toBe(true);
    expect(sim.stats().byResource.virtualmachineinstances).toBeUndefined();
  });

  test('a VMI that never gets Ready: exit 3, and the VM is listed', async ({ sim }) => {
    sim.faults.add({ kind: 'vm', name: 'virtwork-cpu-1', behaviour: 'neverReady' });
    // --timeout bounds the wait after creation (and, separately, creation: the simulator's first
    // writes compile its schemas, which takes seconds on a busy machine)
    const result = await run(sim, '--workloads', 'cpu', '--vm-count', '3', '--timeout', '10');
    expect(result.code).toBe(3);
    expect(plainStderrLines(result.stderr)).toContain(
      'error: 1 of 3 VMs not ready after 10s: virtwork-cpu-1; see why with virtctl console virtwork-cpu-1 -n virtwork (the guest\'s boot and cloud-init) ' +
        'or kubectl describe vmi virtwork-cpu-1 -n virtwork (its conditions and events)',
    );
    const summary = summaryOf(result);
    expect(summary.vms.filter((vm) => !vm.ready).map((vm) => vm.name)).toEqual(['virtwork-cpu-1']);
  });

  test('a VMI that fails: exit 1 with its reason', async ({ sim }) => {
    sim.faults.add({ kind: 'vm', name: 'virtwork-cpu-0', behaviour: 'fail', reason: 'Unschedulable' });
    const result = await run(sim, '--workloads', 'cpu', '--vm-count', '2');
    expect(result.code).toBe(1);
    expect(plainStderrLines(result.stderr).find((l) => l.startsWith('error:'))).toMatch(/^error: VM virtwork-cpu-0 failed: Unschedulable/);
    expect(summaryOf(result).totals.failed).toBe(1);
  });

  test('a cloud-init Secret deleted before its VMI starts: exit 1 naming the VM, the Secret and the fix, long before --timeout', async ({ sim }) => {
    deleteWhenCreated(sim, 'secrets', 'virtwork', 'virtwork-cpu-1-cloudinit');
    const result = await run(sim, '--workloads', 'cpu', '--vm-count', '2', '--timeout', '300');
    expect(result.code).toBe(1);
    expect(plainStderrLines(result.stderr).find((l) => l.startsWith('error:'))).toMatch(
      /^error: VM virtwork-cpu-1 cannot start: its cloud-init Secret "virtwork-cpu-1-cloudinit" does not exist, so its launcher pod virt-launcher-virtwork-cpu-1-[a-z0-9]{5} cannot start \(FailedMount\); create the Secret again/,
    );
    const summary = summaryOf(result);
    expect(summary.totals.failed).toBe(1);
    expect(summary.vms.find((vm) => vm.name === 'virtwork-cpu-1')).toMatchObject({ phase: 'Scheduling', ready: false });
    expect(sim.stats().byResource.events?.list ?? 0).toBeLessThanOrEqual(2);
  });

  test('a cloud-init Secret without userdata: exit 1 from the VMI watch, naming the Secret and the fix', async ({ sim }) => {
    emptySecretWhenCreated(sim, 'virtwork', 'virtwork-cpu-0-cloudinit');
    const result = await run(sim, '--workloads', 'cpu', '--vm-count', '2', '--timeout', '300');
    expect(result.code).toBe(1);
    expect(plainStderrLines(result.stderr).find((l) => l.startsWith('error:'))).toMatch(
      /^error: VM virtwork-cpu-0 cannot start: its cloud-init Secret "virtwork-cpu-0-cloudinit" has no userdata key, .*put the cloud-config under the key userdata and restart the VM \(virtctl restart virtwork-cpu-0\)/,
    );
    expect(summaryOf(result).vms.find((vm) => vm.name === 'virtwork-cpu-0')).toMatchObject({ phase: 'Scheduled', ready: false });
    expect(sim.stats().byResource.events).toBeUndefined();
  });

  test('429 storms with Retry-After and 500 bursts: the run succeeds with bounded retries', async ({ sim }) => {
    sim.faults.add({ kind: 'error', match: { verb: 'create', resource: 'secrets' }, status: 429, retryAfterSeconds: 1, fraction: 0.5, times: 8 });
    sim.faults.add({ kind: 'error', match: { verb: 'create', resource: 'virtualmachines' }, status: 500, times: 6 });
    sim.faults.add({ kind: 'error', match: { verb: 'list', resource: 'virtualmachineinstances' }, status: 503, times: 1 });
    const result = await run(sim, '--workloads', 'cpu', '--vm-count', '10', '--timeout', '120');
    expect(result.code).toBe(0);
    expect(summaryOf(result).totals.ready).toBe(10);
    const refused = failedRequests(sim, 429) + failedRequests(sim, 500) + failedRequests(sim, 503);
    expect(failedRequests(sim, 500)).toBe(6);
    // every refused request was retried once, and nothing else was sent: requests = successes + refusals
    const creates = sim.requests().filter((r) => r.verb === 'create' && r.status < 300).length;
    expect(creates).toBe(1 + 10 + 10);
    expect(sim.stats().total).toBeLessThanOrEqual(1 + creates + refused + 2 + 2);
  });

  test('403 on VM create: exits 2 before more objects are made, naming the RBAC rule', async ({ sim }) => {
    sim.faults.add({ kind: 'deny', match: { verb: 'create', resource: 'virtualmachines' } });
    const result = await run(sim, '--workloads', 'cpu', '--vm-count', '30', '--vm-concurrency', '5');
    expect(result.code).toBe(2);
    const error = plainStderrLines(result.stderr).find((l) => l.startsWith('error:'));
    expect(error).toContain('cannot create virtualmachines.kubevirt.io');
    expect(error).toContain('needs RBAC permission virtualmachines.kubevirt.io "create" in namespace "virtwork"');
    expect(sim.stats().byResource.virtualmachines?.create).toBeLessThanOrEqual(5);
    expect(sim.stats().byResource.virtualmachineinstances).toBeUndefined();
    // the hint is in the summary, once, not repeated on stderr
    const hint = summaryOf(result).cleanupCommand;
    expect(hint).toMatch(/^virtwork cleanup --run-id /);
    expect(result.stderr).not.toContain(hint ?? 'no hint');
  });

  test('a stop before any VM exists says what the run did create: its Secrets and Namespace', async ({ sim }) => {
    sim.faults.add({ kind: 'deny', match: { verb: 'create', resource: 'virtualmachines' } });
    const result = await runCli(['run', '--kubeconfig', sim.kubeconfigPath, '--workloads', 'cpu', '--vm-count', '3', '--namespace', 'fresh']);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('No VMs were created; this run created 1 Namespace, 3 Secrets.\n');
    expect(sim.list('secrets', 'fresh', 'app.kubernetes.io/managed-by=virtwork')).toHaveLength(3);
  });

  probesByHand('401 in the middle of the wait: exit 2, and the summary says readiness is unknown, not "not waited for"', async ({ sim }) => {
    // The first watch ends after a second; by then the server answers 401 (a token revoked), so its resumption fails.
    sim.faults.add({ kind: 'dropWatch', match: { resource: 'virtualmachineinstances' }, afterMs: 1_000, times: 1 });
    const cli = startCli(['run', '--kubeconfig', sim.kubeconfigPath, '--workloads', 'cpu', '--timeout', '60']);
    await expect.poll(() => sim.stats().byResource.virtualmachineinstances?.watch ?? 0, { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
    sim.faults.add({ kind: 'error', match: { resource: 'virtualmachineinstances' }, status: 401 });
    const result = await cli.done;
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('VMs: 1 created, 0 existing; readiness unknown: the wait stopped on an error\n');
  });

  test('SIGINT in the middle of creation: exit 130, prints what exists and the cleanup command', async ({ sim }) => {
    sim.faults.add({ kind: 'latency', match: { verb: 'create', resource: 'virtualmachines' }, ms: 100 });
    const cli = startCli(['run', '--kubeconfig', sim.kubeconfigPath, '--workloads', 'cpu', '--vm-count', '60', '--vm-concurrency', '2']);
    await expect.poll(() => sim.list('virtualmachines', 'virtwork').length, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    cli.child.kill('SIGINT');
    const result = await cli.done;
    expect(result.code).toBe(130);
    expect(plainStderrLines(result.stderr)).toContain('error: interrupted by SIGINT');
    const runId = /^Run ID: (\S+)$/m.exec(result.stdout)?.[1];
    expect(result.stdout).toContain(`Clean up: virtwork cleanup --run-id ${runId} --kubeconfig ${sim.kubeconfigPath} -n virtwork`);
    const existing = sim.list('virtualmachines', 'virtwork').length;
    expect(existing).toBeLessThan(60);
    // the table lists every VM that exists, those whose create was in flight at the interrupt included
    const rows = result.stdout.split('\n').filter((l) => l.startsWith('virtwork-cpu-')).length;
    expect(rows).toBe(existing);
  });

  probesByHand('a dropped watch: the run still completes', async ({ sim }) => {
    sim.faults.add({ kind: 'dropWatch', match: { resource: 'virtualmachineinstances' }, afterEvents: 3, times: 3 });
    const cli = startCli(['run', '--kubeconfig', sim.kubeconfigPath, '-o', 'json', '--workloads', 'cpu', '--vm-count', '5', '--verbose']);
    // The guests turn ready only once the wait watches, so the readiness travels through the dropped streams.
    await expect.poll(() => sim.stats().byResource.virtualmachineinstances?.watch ?? 0, { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 5; i++) sim.guest(`virtwork-cpu-${i}`).passProbe();
    const result = await cli.done;
    expect(result.code).toBe(0);
    expect(summaryOf(result).totals.ready).toBe(5);
    expect(sim.stats().byResource.virtualmachineinstances?.watch).toBeGreaterThanOrEqual(2);
    expect(logLines(result.stderr).some((l) => l.msg === 'VMI watch ended; resuming')).toBe(true);
  });

  test('a cluster without KubeVirt: exit 2 with one line, nothing created', async ({ sim }) => {
    sim.removeApiGroup('kubevirt.io');
    const result = await run(sim, '--workloads', 'cpu');
    expect(result.code).toBe(2);
    expect(plainStderrLines(result.stderr)).toEqual([
      `error: the cluster at ${sim.url} does not serve kubevirt.io/v1: install KubeVirt (OpenShift Virtualization) or choose another --context`,
    ]);
    expect(result.stdout).toBe('');
    expect(sim.requests().filter((r) => r.method === 'POST')).toEqual([]);
  });

  test('a timeout of 30 days (longer than one Node timer holds) waits as asked: the run succeeds', async ({ sim }) => {
    const result = await run(sim, '--workloads', 'cpu', '--timeout', '720h');
    expect(result.code, result.stderr).toBe(0);
    expect(summaryOf(result).totals.ready).toBe(1);
    const cleanup = await runCli(['cleanup', '--kubeconfig', sim.kubeconfigPath, '--yes', '--wait', '--timeout', '720h', '--no-audit']);
    expect(cleanup.code, cleanup.stderr).toBe(0);
    expect(sim.list('virtualmachines', 'virtwork')).toEqual([]);
  });

  test('a missing kubeconfig: exit 2 with one line', async () => {
    const result = await runCli(['run', '--kubeconfig', '/nonexistent/kubeconfig', '--workloads', 'cpu']);
    expect(result.code).toBe(2);
    expect(plainStderrLines(result.stderr)).toEqual(['error: kubeconfig "/nonexistent/kubeconfig" (from --kubeconfig) does not exist']);
  });

  /** Passes every probe once the wait has asked for a watch, so readiness has to travel through it. */
  const passProbesOnceWatched = async (sim: SimCluster, names: readonly string[]): Promise<void> => {
    await expect.poll(() => sim.stats().byResource.virtualmachineinstances?.watch ?? 0, { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
    for (const name of names) sim.guest(name).passProbe();
  };
  const cpuVms = (n: number): string[] => Array.from({ length: n }, (_, i) => `virtwork-cpu-${i}`);

  probesByHand('watches dropped after every 3 events: each resumes at once, and every VM is reported ready', async ({ sim }) => {
    sim.faults.add({ kind: 'dropWatch', match: { resource: 'virtualmachineinstances' }, afterEvents: 3 });
    const cli = startCli(['run', '--kubeconfig', sim.kubeconfigPath, '-o', 'json', '--workloads', 'cpu', '--vm-count', '40', '--timeout', '90']);
    await passProbesOnceWatched(sim, cpuVms(40));
    const result = await cli.done;
    expect(result.code, result.stderr).toBe(0);
    expect(summaryOf(result).totals).toMatchObject({ ready: 40, notReady: 0 });
  }, 120_000);

  probesByHand('every watch answering 500: the wait follows the cluster by listing, and every VM is reported ready', async ({ sim }) => {
    sim.faults.add({ kind: 'error', match: { verb: 'watch', resource: 'virtualmachineinstances' }, status: 500 });
    const cli = startCli(['run', '--kubeconfig', sim.kubeconfigPath, '-o', 'json', '--workloads', 'cpu', '--vm-count', '20', '--timeout', '60']);
    await passProbesOnceWatched(sim, cpuVms(20));
    const result = await cli.done;
    expect(result.code, result.stderr).toBe(0);
    expect(summaryOf(result).totals).toMatchObject({ ready: 20, notReady: 0 });
    expect(sim.stats().byResource.virtualmachineinstances?.list ?? 0).toBeGreaterThan(1);
  }, 120_000);

  probesByHand('objects of the run deleted while it waits (a cleanup at the same time): exit 1 naming them, not "ready"', async ({ sim }) => {
    const cli = startCli(['run', '--kubeconfig', sim.kubeconfigPath, '-o', 'json', '--workloads', 'cpu,network', '--timeout', '60']);
    await expect.poll(() => sim.stats().byResource.virtualmachineinstances?.watch ?? 0, { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
    // Only once every guest runs: a Secret deleted before its VMI mounted it would stop that VMI in
    // Scheduling (FailedMount), which the wait reports as its own failure.
    const running = (): number =>
      sim.list('virtualmachineinstances', 'virtwork').filter((vmi) => (vmi.status as { phase?: string } | undefined)?.phase === 'Running').length;
    await expect.poll(running, { timeout: 60_000 }).toBe(3);
    const core = sim.kubeConfig().makeApiClient(CoreV1Api);
    await core.deleteCollectionNamespacedSecret({ namespace: 'virtwork', labelSelector: 'app.kubernetes.io/managed-by=virtwork' });
    await core.deleteCollectionNamespacedService({ namespace: 'virtwork', labelSelector: 'app.kubernetes.io/managed-by=virtwork' });
    for (const name of ['virtwork-cpu-0', 'virtwork-network-0-server', 'virtwork-network-0-client']) sim.guest(name).passProbe();
    const result = await cli.done;
    expect(result.code).toBe(1);
    expect(plainStderrLines(result.stderr)).toContain(
      "error: 4 of this run's objects were deleted while it ran (a cleanup at the same time?): " +
        'Secret/virtwork-cpu-0-cloudinit, Secret/virtwork-network-0-server-cloudinit, Secret/virtwork-network-0-client-cloudinit, ' +
        'Service/virtwork-network-0-server; its VMs cannot boot again, nor its clients reach their servers: run the same command again to recreate them',
    );
  });

  probesByHand('waiting costs the same requests for 10 VMs as for 100, and 200 VMs cost at most 2.05 requests each', async ({ sim }) => {
    const waitRequests = (): number =>
      (sim.stats().byResource.virtualmachineinstances?.list ?? 0) + (sim.stats().byResource.virtualmachineinstances?.watch ?? 0);
    /** A run whose guests turn ready once its wait watches, so no run's list finds them all ready already. */
    const runToReady = async (namespace: string, count: number, ...args: string[]): Promise<CliResult> => {
      const cli = startCli(['run', '--kubeconfig', sim.kubeconfigPath, '-o', 'json', '--workloads', 'cpu', '--vm-count', String(count), '--namespace', namespace, ...args]);
      await expect.poll(() => sim.stats().byResource.virtualmachineinstances?.watch ?? 0, { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
      for (let i = 0; i < count; i++) sim.guest(`virtwork-cpu-${i}`, namespace).passProbe();
      return cli.done;
    };
    expect((await runToReady('ten', 10)).code).toBe(0);
    const forTen = waitRequests();
    sim.resetStats();
    expect((await runToReady('hundred', 100, '--vm-concurrency', '25')).code).toBe(0);
    expect(waitRequests()).toBe(forTen);
    sim.resetStats();
    const big = await runToReady('big', 200, '--vm-concurrency', '25');
    expect(summaryOf(big).totals.ready).toBe(200);
    expect(sim.stats().total / 200).toBeLessThanOrEqual(2.05);
  }, 120_000);
});

describe('virtwork run --readiness', () => {
  const probeOf = (sim: SimCluster, namespace: string): unknown =>
    (sim.get('virtualmachines', namespace, 'virtwork-cpu-0')?.spec as { template: { spec: { readinessProbe?: unknown } } }).template.spec
      .readinessProbe;

  test('each mode gives the VMs its probe, the summary says which, and status reads it back from the VMs', async ({ sim }) => {
    for (const mode of ['http', 'guest-agent', 'running']) {
      const result = await run(sim, '--workloads', 'cpu', '--namespace', `mode-${mode}`, '--readiness', mode);
      expect(result.code, result.stderr).toBe(0);
      expect(summaryOf(result)).toMatchObject({ readiness: mode, totals: { ready: 1 } });
    }
    expect(probeOf(sim, 'mode-http')).toMatchObject({ httpGet: { path: '/readyz', port: 8099 } });
    expect(probeOf(sim, 'mode-guest-agent')).toMatchObject({ exec: { command: ['systemctl', 'is-active', '--quiet', 'virtwork-cpu.service'] } });
    expect(probeOf(sim, 'mode-running')).toBeUndefined();
    for (const mode of ['http', 'guest-agent', 'running']) {
      const status = await runCli(['status', '--kubeconfig', sim.kubeconfigPath, '--namespace', `mode-${mode}`, '-o', 'json']);
      expect((JSON.parse(status.stdout) as StatusReport).runs[0]?.vms[0]).toMatchObject({ name: 'virtwork-cpu-0', readiness: mode });
    }
  });

  const neverProbed = simulator({ readyAfterMs: undefined });

  neverProbed('running counts a VM ready once its VMI runs, whatever its workload units do', async ({ sim }) => {
    const result = await run(sim, '--workloads', 'cpu', '--vm-count', '2', '--readiness', 'running', '--timeout', '60');
    expect(result.code, result.stderr).toBe(0);
    expect(summaryOf(result).totals).toMatchObject({ ready: 2, notReady: 0 });
  });

  neverProbed('http waits for the health endpoint: no unit active, no ready VM (exit 3)', async ({ sim }) => {
    const result = await run(sim, '--workloads', 'cpu', '--readiness', 'http', '--timeout', '3');
    expect(result.code).toBe(3);
    expect(summaryOf(result).totals).toMatchObject({ ready: 0, notReady: 1 });
  });

  test('a mode that does not exist is refused with the ones that do', async ({ sim }) => {
    const result = await run(sim, '--readiness', 'ping');
    expect(result.code).toBe(2);
    expect(plainStderrLines(result.stderr)).toEqual(['error: --readiness=ping: must be one of http, guest-agent, running']);
    expect(sim.list('virtualmachines')).toEqual([]);
  });
});
