/**
 * Every starter catalog entry end to end: `run --from-catalog` with the real binary against the
 * simulator until ready, then `status`, `audit show` (the entries' params in workload_details) and
 * `cleanup`, all treating catalog workloads as they treat the built-ins; and `doctor --from-catalog`,
 * which checks the cluster for the entries' plan.
 */
import path from 'node:path';
import { beforeAll, describe, expect } from 'vitest';
import type { ExecutionDetails } from '../../src/audit/index.js';
import type { RunSummaryJson } from '../../src/cli/output/summary.js';
import type { CleanupResult } from '../../src/orchestrator/cleanup.js';
import type { DoctorReport } from '../../src/orchestrator/doctor/doctor.js';
import type { StatusReport } from '../../src/orchestrator/status.js';
import { startSimCluster, type SimCluster } from '../../sim/index.js';
import { BUILD_TIMEOUT_MS, ensureBuilt, repoRoot, runCli, type CliResult } from './support/cli.js';
import { e2eTest } from './support/fixtures.js';

beforeAll(async () => {
  await ensureBuilt();
}, BUILD_TIMEOUT_MS);

const CATALOG = path.join(repoRoot, 'catalog');

const test = e2eTest({ readyAfterMs: 50 });

const virtwork = (sim: SimCluster, auditDb: string, ...args: string[]): Promise<CliResult> =>
  runCli([...args, '--kubeconfig', sim.kubeconfigPath, '--audit-db', auditDb, '--catalog-dir', CATALOG]);

describe('the starter catalog against the simulator', () => {
  test('run --from-catalog every entry, then status, audit show and cleanup treat them as built-ins', async ({ sim, auditDb }) => {
    const run = await virtwork(sim, auditDb, 'run', '--from-catalog', 'redis,nginx,postgres-sysbench,sysbench', '--params', 'redis.clients=12,sysbench.tests=cpu', '-o', 'json');
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as RunSummaryJson;
    const { runId } = summary;

    expect(sim.list('services', 'virtwork').map((s) => (s.metadata as { name: string }).name).sort()).toEqual(['virtwork-nginx-0-server', 'virtwork-redis-0-server']);
    expect(sim.list('datavolumes', 'virtwork').map((dv) => (dv.metadata as { name: string }).name)).toEqual(['virtwork-postgres-sysbench-0-pgdata']);

    const status = await runCli(['status', '--kubeconfig', sim.kubeconfigPath, '--no-audit', '--run-id', runId, '-o', 'json']);
    expect(status.code, status.stderr).toBe(0);
    const report = JSON.parse(status.stdout) as StatusReport;
    expect(report.runs.flatMap((r) => r.vms.map((vm) => [vm.name, vm.workload, vm.role, vm.ready])).sort()).toEqual([
      ['virtwork-nginx-0-client', 'nginx', 'client', true],
      ['virtwork-nginx-0-server', 'nginx', 'server', true],
      ['virtwork-postgres-sysbench-0', 'postgres-sysbench', null, true],
      ['virtwork-redis-0-client', 'redis', 'client', true],
      ['virtwork-redis-0-server', 'redis', 'server', true],
      ['virtwork-sysbench-0', 'sysbench', null, true],
    ]);

    const shown = await runCli(['audit', 'show', runId, '--audit-db', auditDb, '-o', 'json']);
    expect(shown.code, shown.stderr).toBe(0);
    const ran = JSON.parse(shown.stdout) as ExecutionDetails;
    expect(ran.execution).toMatchObject({ command: 'run', status: 'success', workloads: ['redis', 'nginx', 'postgres-sysbench', 'sysbench'], totalVmCount: 6 });
    expect(ran.workloads.map((w) => [w.workloadType, w.vmCount, w.hasDataDisk, w.requiresService, w.status])).toEqual([
      ['redis', 2, false, true, 'ready'],
      ['nginx', 2, false, true, 'ready'],
      ['postgres-sysbench', 1, true, false, 'ready'],
      ['sysbench', 1, false, false, 'ready'],
    ]);
    expect(ran.workloads.find((w) => w.workloadType === 'redis')?.params).toEqual({ maxmemory: '256mb', clients: 12, requests: 100000, 'data-size': 64, tests: 'set,get,incr,lpush,lpop' });
    expect(ran.workloads.find((w) => w.workloadType === 'sysbench')?.params).toEqual({ tests: ['cpu'], threads: 2, time: 60, options: { 'report-interval': '10', percentile: '95' } });

    const cleanup = await virtwork(sim, auditDb, 'cleanup', '--yes', '--wait', '-o', 'json');
    expect(cleanup.code, cleanup.stderr).toBe(0);
    const result = JSON.parse(cleanup.stdout) as CleanupResult;
    expect(result.deleted).toEqual({ VirtualMachine: 6, DataVolume: 1, PersistentVolumeClaim: 0, Secret: 6, Service: 2 });
    for (const plural of ['virtualmachines', 'virtualmachineinstances', 'datavolumes', 'services']) expect(sim.list(plural, 'virtwork'), plural).toEqual([]);

    const after = JSON.parse((await runCli(['audit', 'show', runId, '--audit-db', auditDb, '-o', 'json'])).stdout) as ExecutionDetails;
    expect(after.vms.every((vm) => vm.status === 'deleted')).toBe(true);
  });
});

describe('doctor --from-catalog', () => {
  test('checks the cluster for the entries’ plan: a storage entry needs a StorageClass, a service entry none', async () => {
    const sim = await startSimCluster({ tls: true, token: 'e2e-token', defaultStorageClass: false });
    try {
      const doctor = (...args: string[]): Promise<CliResult> =>
        runCli(['doctor', '--kubeconfig', sim.kubeconfigPath, '--catalog-dir', CATALOG, '-o', 'json', ...args]);
      const storageOf = (result: CliResult) => (JSON.parse(result.stdout) as DoctorReport).checks.find((check) => check.name === 'storage');

      const redis = await doctor('--from-catalog', 'redis');
      expect(redis.code, redis.stdout).toBe(0);
      expect(storageOf(redis)?.message).toBe('no planned workload has a data disk, so no StorageClass is needed');

      const database = await doctor('--from-catalog', 'postgres-sysbench');
      expect(database.code, database.stdout).toBe(1);
      expect(storageOf(database)).toMatchObject({ status: 'fail', fix: expect.stringContaining('pass --storage-class NAME') as unknown });

      const unknown = await doctor('--from-catalog', 'rediss');
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('did you mean redis?');
    } finally {
      await sim.stop();
    }
  });
});
