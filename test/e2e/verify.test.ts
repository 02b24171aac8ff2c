/**
 * `virtwork verify` end to end: a real run against the simulator, Debian's Prometheus scraping the
 * simulator's /metrics every second, then verify against that Prometheus: a healthy run passes,
 * and a VM whose load stops (the stalledLoad fault) fails, named with its series.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { VerifyReport } from '../../src/orchestrator/verify.js';
import { startSimCluster, type SimCluster } from '../../sim/index.js';
import { BUILD_TIMEOUT_MS, ensureBuilt, isolatedEnv, runCli } from './support/cli.js';
import { prometheusMissing, startPrometheus, type TestPrometheus } from './support/prometheus.js';
import { labelValuesQuery, loadDashboard, substitute } from '../dashboards/dashboard-model.js';
import { NAMESPACE, seedRun } from '../orchestrator/cleanup-seed.js';

const skip = prometheusMissing();
/** Rates over a short window, so a stalled VM shows flat a few seconds after it stalls. */
const WINDOW = '5s';
const WINDOW_MS = 5000;

describe.skipIf(skip)('verify against a real Prometheus', () => {
  let sim: SimCluster;
  let prometheus: TestPrometheus;
  let dir: string;
  let auditDb: string;
  let runId: string;

  beforeAll(async () => {
    await ensureBuilt();
    dir = await mkdtemp(path.join(tmpdir(), 'virtwork-verify-'));
    auditDb = path.join(dir, 'audit.db');
    sim = await startSimCluster({ token: 'verify-token', readyAfterMs: 50 });
    prometheus = await startPrometheus(new URL(sim.url).host);
    const run = await runCli(
      ['run', '--kubeconfig', sim.kubeconfigPath, '--audit-db', auditDb, '--workloads', 'cpu,memory,disk,network', '--params', 'cpu.cpu-load-percent=30', '-o', 'json'],
      isolatedEnv(),
    );
    if (run.code !== 0) throw new Error(`virtwork run exited ${run.code}: ${run.stderr}`);
    runId = (JSON.parse(run.stdout) as { runId: string }).runId;
    // Every VM's series older than the window: a rate over a window where the series starts
    // extrapolates only part of the way back, and would read low.
    await vi.waitFor(
      async () => {
        const scraped = await prometheus.query(`count(count_over_time(kubevirt_vmi_cpu_usage_seconds_total[${2 * WINDOW_MS}ms]) >= ${(2 * WINDOW_MS) / 1000 - 2})`);
        if (scraped.result[0]?.value[1] !== '5') throw new Error(`not every VM scraped for twice the window yet: ${JSON.stringify(scraped.result)}`);
      },
      { timeout: 20_000, interval: 500 },
    );
  }, BUILD_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    await sim?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const verify = (...args: string[]) =>
    runCli(['verify', '--kubeconfig', sim.kubeconfigPath, '--audit-db', auditDb, '--prometheus-url', prometheus.url, '--window', WINDOW, ...args], isolatedEnv());

  test('a healthy run passes: every VM moves its series, cpu at 30 % of its 2 vCPUs', async () => {
    const json = await verify('-o', 'json');
    const table = await verify();

    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as VerifyReport;
    expect(report.passed).toBe(true);
    expect(report.vms).toBe(5);
    expect(new Set(report.rows.map((r) => r.vm))).toEqual(new Set(['virtwork-cpu-0', 'virtwork-memory-0', 'virtwork-disk-0', 'virtwork-network-0-server', 'virtwork-network-0-client']));
    const cpu = report.rows.find((r) => r.vm === 'virtwork-cpu-0')!;
    expect(cpu.observed).toBeCloseTo(0.6, 1);
    expect(cpu.expected).toMatch(/^0\.60 ± 0\.30 cores/);
    // Both directions on both ends, and the client's two mirror rows (what one end sends, the other receives).
    const network = report.rows.filter((r) => r.workload === 'network');
    expect(network.map((r) => r.verdict)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    expect(network.filter((r) => r.unit === 'ratio').map((r) => r.series)).toEqual([
      'client transmit / server receive (virtwork-network-0-client → virtwork-network-0-server)',
      'server transmit / client receive (virtwork-network-0-server → virtwork-network-0-client)',
    ]);
    expect(report.rows.find((r) => r.vm === 'virtwork-disk-0' && r.unit === 'ops/s')?.promql).toContain('drive="data"');
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^VM\s+WORKLOAD\s+SERIES\s+OBSERVED\s+EXPECTED\s+VERDICT$/);
    expect(table.stdout).toContain("Every VM's load is visible");
    expect(report.source).toBe('cluster');
    expect(table.stdout).toContain("VMs from the cluster's labels.");
  });

  test('every query of the Grafana dashboard runs and returns series for each running workload', async () => {
    const dashboard = loadDashboard();
    const [, namespaceVar, runIdVar, workloadVar] = dashboard.templating.list;
    const base = { namespace: 'virtwork', run_id: runId, __rate_interval: WINDOW };
    const valuesOf = async (variable: typeof namespaceVar, values: Record<string, string>): Promise<string[]> => {
      const { promql, label } = labelValuesQuery(variable!);
      return (await prometheus.query(substitute(promql, values))).result.map((r) => r.metric[label]!).sort();
    };
    expect(await valuesOf(namespaceVar, {})).toEqual(['virtwork']);
    expect(await valuesOf(runIdVar, { namespace: 'virtwork' })).toEqual([runId]);
    const workloads = await valuesOf(workloadVar, { namespace: 'virtwork', run_id: runId });
    expect(workloads).toEqual(['cpu', 'disk', 'memory', 'network']);

    const empty: string[] = [];
    let queries = 0;
    for (const workload of workloads) {
      for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) {
        for (const target of panel.targets ?? []) {
          const promql = substitute(target.expr, { ...base, workload });
          queries += 1;
          const data = await prometheus.query(promql); // throws on a query Prometheus refuses
          if (data.result.length === 0) empty.push(`${workload}: ${panel.title} ${target.refId}: ${promql}`);
        }
      }
    }
    expect(empty).toEqual([]);
    expect(queries).toBe(workloads.length * dashboard.panels.reduce((n, p) => n + (p.targets?.length ?? 0), 0));
  });

  test('a VM whose load stops fails verify, named with the series that stayed flat', async () => {
    sim.faults.add({ kind: 'vm', name: 'virtwork-disk-0', behaviour: 'stalledLoad' });
    // The window must hold only samples from after the stall.
    await new Promise((r) => setTimeout(r, WINDOW_MS + 2500));

    const json = await verify('-o', 'json');

    expect(json.code).toBe(1);
    expect(json.stderr).toContain('error: no visible load as expected for VM virtwork-disk-0');
    const report = JSON.parse(json.stdout) as VerifyReport;
    expect(report.passed).toBe(false);
    const failing = report.rows.filter((r) => r.verdict !== 'ok');
    expect(failing.map((r) => [r.vm, r.series, r.verdict])).toEqual([
      ['virtwork-disk-0', 'kubevirt_vmi_storage_iops_{read,write}_total{drive="data"}', 'flat'],
      ['virtwork-disk-0', 'kubevirt_vmi_storage_{read,write}_traffic_bytes_total{drive="data"}', 'flat'],
    ]);
  });

  test('a run cleaned up since is verified from the audit store over a window that covers it; a run unknown to both is exit 2', async () => {
    const cleanup = await runCli(['cleanup', '--kubeconfig', sim.kubeconfigPath, '--audit-db', auditDb, '--yes', '--wait'], isolatedEnv());
    expect(cleanup.code, cleanup.stderr).toBe(0);
    const onCluster = await runCli(['status', '--kubeconfig', sim.kubeconfigPath, '--no-audit', '-o', 'json'], isolatedEnv());
    expect(onCluster.stdout).not.toContain('virtwork-cpu-0');

    // The VMs are gone: their series end, but a minute's window still holds them.
    const covered = await runCli(
      ['verify', '--kubeconfig', sim.kubeconfigPath, '--audit-db', auditDb, '--prometheus-url', prometheus.url, '--run-id', runId.slice(0, 8), '--window', '1m', '-o', 'json'],
      isolatedEnv(),
    );
    const table = await runCli(
      ['verify', '--kubeconfig', sim.kubeconfigPath, '--audit-db', auditDb, '--prometheus-url', prometheus.url, '--run-id', runId.slice(0, 8), '--window', '1m'],
      isolatedEnv(),
    );
    const unknown = await runCli(['verify', '--kubeconfig', sim.kubeconfigPath, '--audit-db', auditDb, '--prometheus-url', prometheus.url, '--run-id', 'ffffffff'], isolatedEnv());

    const report = JSON.parse(covered.stdout) as VerifyReport;
    expect(report.source).toBe('audit');
    expect(report.runId).toBe(runId);
    expect(report.vms).toBe(5);
    expect(new Set(report.rows.map((r) => r.vm))).toEqual(new Set(['virtwork-cpu-0', 'virtwork-memory-0', 'virtwork-disk-0', 'virtwork-network-0-server', 'virtwork-network-0-client']));
    // Prometheus still has every VM's series over the window: none reads as missing.
    expect(report.rows.filter((r) => r.verdict === 'missing')).toEqual([]);
    expect(report.rows.find((r) => r.vm === 'virtwork-disk-0' && r.unit === 'ops/s')?.promql).toContain('drive="data"');
    expect(table.stdout).toContain('VMs from the audit store (the run is no longer on the cluster).');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(`error: no VMs of run ffffffff in namespace virtwork, on the cluster or in the audit store ${auditDb}: nothing to verify (check --run-id, -n and --context)\n`);
  });
});

test('verify rejects a bad window, both token flags and a URL that is not http(s), with exit 2', async () => {
  await ensureBuilt();
  const window = await runCli(['verify', '--window', 'five', '--prometheus-url', 'http://127.0.0.1:1']);
  const tokens = await runCli(['verify', '--token', 'a', '--token-file', '/dev/null']);
  const url = await runCli(['verify', '--prometheus-url', 'ftp://x']);
  expect(window).toMatchObject({ code: 2 });
  expect(window.stderr).toContain('--window=five: expected a Prometheus duration such as 30s, 5m or 1h');
  expect(tokens.code).toBe(2);
  expect(tokens.stderr).toContain('give --token or --token-file, not both');
  expect(url.code).toBe(2);
  expect(url.stderr).toContain('--prometheus-url=ftp://x: expected an http:// or https:// URL');
}, BUILD_TIMEOUT_MS);

test('without --prometheus-url, a cluster with no thanos-querier Route (not OpenShift) is exit 2 that says what to pass', async () => {
  await ensureBuilt();
  const sim = await startSimCluster({ tls: true, token: 'verify-token' });
  try {
    const empty = await runCli(['verify', '--kubeconfig', sim.kubeconfigPath, '--no-audit']);
    seedRun(sim, 'run-a', { vms: 1 });
    const noRoute = await runCli(['verify', '--kubeconfig', sim.kubeconfigPath, '--no-audit']);

    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe(`error: no virtwork VMs in namespace ${NAMESPACE}: nothing to verify (check -n and --context)\n`);
    expect(noRoute.code).toBe(2);
    expect(noRoute.stderr).toBe(
      `error: the cluster at ${sim.url} has no Route thanos-querier in openshift-monitoring (not OpenShift, or its monitoring is off): pass --prometheus-url\n`,
    );
  } finally {
    await sim.stop();
  }
}, BUILD_TIMEOUT_MS);
