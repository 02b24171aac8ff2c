/**
 * Through `kubectl proxy`: the real kubectl authenticates to the simulator (HTTPS, its CA, a bearer
 * token) and serves it as plain HTTP on 127.0.0.1; virtwork is given only that `http://` address, as
 * a user with a proxy would give it. Run, status and cleanup, watch included, all pass through it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummaryJson } from '../../src/cli/output/summary.js';
import { startSimCluster, type SimCluster } from '../../sim/index.js';
import { KUBECTL, kubectlAvailable, kubectlSkipReason } from '../sim/kubectl-harness.js';
import { writeBareKubeconfig } from '../support/bare-kubeconfig.js';
import { BUILD_TIMEOUT_MS, ensureBuilt, runCli } from './support/cli.js';

interface Proxy {
  readonly url: string;
  readonly child: ChildProcess;
}

/** Starts `kubectl proxy --port 0` and resolves with the address it prints once it serves. */
const startKubectlProxy = (kubeconfig: string, dir: string): Promise<Proxy> =>
  new Promise((resolve, reject) => {
    const child = spawn(KUBECTL, ['proxy', '--kubeconfig', kubeconfig, '--cache-dir', path.join(dir, 'cache'), '--port', '0'], {
      env: { PATH: process.env.PATH ?? '', HOME: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer): void => {
      output += chunk.toString();
      const serving = /Starting to serve on (127\.0\.0\.1:\d+)/.exec(output);
      if (serving?.[1]) resolve({ url: `http://${serving[1]}`, child });
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`kubectl proxy exited (${String(code)}) before serving: ${output}`)));
  });

describe.skipIf(!kubectlAvailable)(`virtwork through kubectl proxy ${kubectlSkipReason}`.trim(), () => {
  let sim: SimCluster;
  let proxy: Proxy;
  let dir: string;
  let kubeconfig: string;

  beforeAll(async () => {
    await ensureBuilt();
    sim = await startSimCluster({ tls: true, token: 'proxy-token', readyAfterMs: 50 });
    dir = await mkdtemp(path.join(tmpdir(), 'virtwork-proxy-'));
    proxy = await startKubectlProxy(sim.kubeconfigPath, dir);
    kubeconfig = await writeBareKubeconfig(proxy.url, { dir });
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    proxy.child.kill();
    await sim.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs, reports status and cleans up with only the proxy’s http:// address and no credentials', async () => {
    expect(proxy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const auditDb = path.join(dir, 'audit.db');

    const run = await runCli(['run', '--kubeconfig', kubeconfig, '--audit-db', auditDb, '--workloads', 'cpu', '--vm-count', '2', '-o', 'json', '--timeout', '60']);
    expect(run.stderr).not.toContain('"level":"error"');
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as RunSummaryJson;
    expect(summary.totals).toMatchObject({ planned: 2, created: 2, ready: 2, failed: 0 });
    expect(sim.list('virtualmachines', 'virtwork')).toHaveLength(2);
    // The simulator saw kubectl's requests, carrying the token only kubectl holds.
    expect(sim.requests().some((r) => r.method === 'POST' && r.url.includes('/virtualmachines'))).toBe(true);

    const status = await runCli(['status', '--kubeconfig', kubeconfig, '-o', 'json']);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(summary.runId);

    const cleanup = await runCli(['cleanup', '--kubeconfig', kubeconfig, '--audit-db', auditDb, '--run-id', summary.runId, '--yes', '--wait']);
    expect(cleanup.code).toBe(0);
    expect(sim.list('virtualmachines', 'virtwork')).toHaveLength(0);
  });
});
