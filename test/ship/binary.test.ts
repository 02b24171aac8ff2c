/**
 * The single executable (`npm run build:binary`, dist/virtwork-linux-x64) on a machine without Node:
 * PATH holds no `node`, and the binary still answers like the npm-installed CLI, keeps its audit
 * database with node:sqlite, and runs and cleans up against the simulator over HTTPS.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ExecutionSummary } from '../../src/audit/audit-reader.js';
import type { CleanupResult } from '../../src/orchestrator/cleanup.js';
import type { RunReport } from '../../src/orchestrator/run-report.js';
import { startSimCluster, type SimCluster } from '../../sim/index.js';
import { BUILD_TIMEOUT_MS, ensureBuilt, isolatedEnv, runCli } from '../e2e/support/cli.js';
import { onPath, runFile, withoutRunIds, type Result } from './support.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
const BINARY = path.join(REPO_ROOT, 'dist', 'virtwork-linux-x64');

let home: string;
let emptyBin: string;
let sim: SimCluster;

beforeAll(async () => {
  // The npm script itself, as a person types it.
  await promisify(execFile)('npm', ['run', 'build:binary'], { cwd: REPO_ROOT });
  await ensureBuilt();
  home = mkdtempSync(path.join(tmpdir(), 'virtwork-binary-home-'));
  emptyBin = mkdtempSync(path.join(tmpdir(), 'virtwork-binary-path-'));
  sim = await startSimCluster({ tls: true, token: 'binary-token', readyAfterMs: 50 });
}, BUILD_TIMEOUT_MS + 120_000);

afterAll(async () => {
  await sim.stop();
  rmSync(home, { recursive: true, force: true });
  rmSync(emptyBin, { recursive: true, force: true });
});

/** The binary with an environment that has no Node anywhere: PATH is one empty directory. */
const binary = (...args: string[]): Promise<Result> => {
  const env = { PATH: emptyBin, HOME: home, XDG_STATE_HOME: path.join(home, 'state') };
  expect(onPath('node', env.PATH)).toBe(false);
  return runFile(BINARY, args, env, home);
};

describe('dist/virtwork-linux-x64', () => {
  test('--version prints the package version, and version names the Node it carries', async () => {
    const result = await binary('--version');
    expect(result).toMatchObject({ code: 0, stdout: '0.1.0\n' });
    const version = await binary('version', '-o', 'json');
    expect(JSON.parse(version.stdout)).toEqual({ version: '0.1.0', node: process.version, platform: 'linux/x64' });
  });

  test('workloads and run --dry-run print exactly what the npm-installed CLI prints', async () => {
    for (const args of [['workloads'], ['run', '--dry-run', '--workloads', 'cpu,database,network,chaos-process', '--vm-count', '2']]) {
      const [fromBinary, fromNpm] = await Promise.all([binary(...args), runCli(args, isolatedEnv())]);
      expect(fromBinary.code).toBe(0);
      expect(fromNpm.code).toBe(0);
      expect(withoutRunIds(fromBinary.stdout)).toBe(withoutRunIds(fromNpm.stdout));
      expect(fromBinary.stdout.length).toBeGreaterThan(200);
    }
  });

  test('run and cleanup against the simulator, recorded in the audit database (node:sqlite)', async () => {
    const auditDb = path.join(home, 'audit.db');
    const run = await binary('run', '--kubeconfig', sim.kubeconfigPath, '--audit-db', auditDb, '-o', 'json', '--workloads', 'cpu,memory');
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as RunReport;
    expect(report.totals).toMatchObject({ planned: 2, created: 2, ready: 2, failed: 0 });
    expect(sim.list('virtualmachines', 'virtwork')).toHaveLength(2);

    const cleanup = await binary('cleanup', '--kubeconfig', sim.kubeconfigPath, '--audit-db', auditDb, '-o', 'json', '--yes', '--wait', '--run-id', report.runId);
    expect(cleanup.code, cleanup.stderr).toBe(0);
    expect((JSON.parse(cleanup.stdout) as CleanupResult).failures).toEqual([]);
    expect(sim.list('virtualmachines', 'virtwork')).toHaveLength(0);

    const audit = await binary('audit', 'list', '--audit-db', auditDb, '-o', 'json');
    const commands = (JSON.parse(audit.stdout) as ExecutionSummary[]).map((e) => [e.command, e.status]);
    expect(commands.sort()).toEqual([['cleanup', 'success'], ['run', 'success']]);
  });
});
