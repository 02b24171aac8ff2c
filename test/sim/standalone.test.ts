/**
 * The simulator as a process (`npm run sim`): one stdout line `sim ready <url>`, a kubeconfig
 * that works over HTTPS with a token, the /_sim stats and faults endpoints, readiness probes
 * passing after --ready-after-ms, and a clean exit on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { KubeConfig } from '@kubernetes/client-node';
import { expect, test } from 'vitest';
import { clients, rejection, VM_API, vmManifest } from './helpers.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Starts `tsx sim/main.ts`; resolves with the process, its stdout lines and the URL. */
const startProcess = async (args: string[]): Promise<{ child: ChildProcess; lines: string[]; url: string; exited: Promise<number | null> }> => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sim/main.ts', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      const m = /^sim ready (\S+)$/.exec(line);
      if (m) resolve(m[1]!);
    });
    void exited.then((code) => reject(new Error(`sim exited early with ${code}`)));
  });
  return { child, lines, url, exited };
};

/** A request to /_sim/* trusting the CA from the kubeconfig. */
const simRequest = (kc: KubeConfig, method: string, urlPath: string, body?: unknown): Promise<{ status: number; json: unknown }> => {
  const cluster = kc.getCurrentCluster()!;
  const ca = Buffer.from(cluster.caData!, 'base64');
  return new Promise((resolve, reject) => {
    const req = https.request(`${cluster.server}${urlPath}`, { method, ca, headers: { 'Content-Type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as unknown }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
};

test('npm run sim serves a TLS cluster from a kubeconfig until SIGTERM', { timeout: 120_000 }, async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'sim-standalone-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  const sim = await startProcess(['--kubeconfig', kubeconfig, '--tls', '--ready-after-ms', '50', '--namespace', 'virtwork']);
  try {
    expect(sim.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfig);
    expect(kc.getCurrentUser()?.token).toMatch(/.{20,}/);
    const { core, custom } = clients(kc);
    expect((await core.listNamespace()).items.map((n) => n.metadata?.name)).toContain('virtwork');

    // Readiness probes pass --ready-after-ms after the VMI runs.
    await custom.createNamespacedCustomObject({ ...VM_API, namespace: 'virtwork', body: vmManifest('vm1', { readinessProbe: true }) });
    await expect
      .poll(async () => {
        const vmi = (await custom.getNamespacedCustomObject({ ...VM_API, plural: 'virtualmachineinstances', namespace: 'virtwork', name: 'vm1' }).catch(() => undefined)) as
          | { status?: { conditions?: { type: string; status: string }[] } }
          | undefined;
        return vmi?.status?.conditions?.find((c) => c.type === 'Ready')?.status;
      }, { timeout: 20_000 })
      .toBe('True');

    const stats = await simRequest(kc, 'GET', '/_sim/stats');
    expect(stats.status).toBe(200);
    expect(stats.json).toMatchObject({ byResource: { namespaces: { list: 1 }, virtualmachines: { create: 1 } } });

    const added = await simRequest(kc, 'POST', '/_sim/faults', { kind: 'error', match: { verb: 'list', resource: 'namespaces' }, status: 503 });
    expect(added).toEqual({ status: 201, json: { ids: [1] } });
    expect((await rejection(core.listNamespace())).code).toBe(503);
    expect((await simRequest(kc, 'DELETE', '/_sim/faults')).status).toBe(200);
    expect((await core.listNamespace()).items.map((n) => n.metadata?.name)).toContain('virtwork');

    const invalid = await simRequest(kc, 'POST', '/_sim/faults', { kind: 'explode' });
    expect(invalid.status).toBe(400);
  } finally {
    sim.child.kill('SIGTERM');
    expect(await sim.exited).toBe(0);
    await rm(dir, { recursive: true, force: true });
  }
  expect(sim.lines).toEqual([`sim ready ${sim.url}`]);
});

test('npm run sim without --kubeconfig exits 2 with the usage', { timeout: 60_000 }, async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sim/main.ts'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code).toBe(2);
  expect(stdout).toBe('');
  expect(stderr).toContain('--kubeconfig is required');
});
