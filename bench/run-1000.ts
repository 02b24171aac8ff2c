/**
 * `virtwork run` against `kubectl apply -f` + `kubectl wait`, side by side, on the standalone
 * simulator (TLS and a bearer token, 20 ms added to every request, 50 requests in flight, readiness
 * probes passing 100 ms after a VMI runs). Both create the same manifests: virtwork's own
 * `--dry-run` output. Prints both wall times, the ratio (budget: virtwork at least 10x faster) and
 * the API requests per VM (budget: at most 2.05 for virtwork).
 *
 *   npm run bench              # 1,000 VMs
 *   npm run bench -- --vms 200
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';
import { cliPath, ensureBuilt, isolatedEnv } from '../test/e2e/support/cli.js';
import { startStandaloneSimulator } from './lib/simulator.js';

const LATENCY_MS = 20;
const IN_FLIGHT = 50;
const READY_AFTER_MS = 100;
const BUDGET_RATIO = 10;
const BUDGET_REQUESTS_PER_VM = 2.05;

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

/** Runs a command to completion and times it from spawn to exit. */
const timed = (command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<Finished> =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, seconds: (performance.now() - started) / 1000 }));
  });

const mustSucceed = (what: string, result: Finished): Finished => {
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}:\n${result.stderr.slice(-3000)}`);
  return result;
};

/** The simulator's control endpoints (`/_sim/stats`), over the same TLS port; its CA is in the kubeconfig. */
const simControl = async (kubeconfig: string, method: 'GET' | 'DELETE', url: string): Promise<{ total: number }> => {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const options: https.RequestOptions = { method };
  await kc.applyToHTTPSOptions(options);
  const body = await new Promise<string>((resolve, reject) => {
    https
      .request(url, options, (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve(text));
      })
      .on('error', reject)
      .end();
  });
  return method === 'GET' ? (JSON.parse(body) as { total: number }) : { total: 0 };
};

const main = async (): Promise<void> => {
  const { values } = parseArgs({ options: { vms: { type: 'string', default: '1000' } } });
  const vms = Number(values.vms);
  await ensureBuilt();
  const dir = await mkdtemp(path.join(tmpdir(), 'virtwork-bench-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  const sim = await startStandaloneSimulator({ kubeconfig, tls: true, latencyMs: LATENCY_MS, maxInFlight: IN_FLIGHT, readyAfterMs: READY_AFTER_MS });
  const env = isolatedEnv();
  const stats = `${sim.url}/_sim/stats`;
  try {
    const common = ['--workloads', 'cpu', '--vm-count', String(vms)];
    const manifests = path.join(dir, 'manifests.yaml');
    const dryRun = mustSucceed(
      'virtwork run --dry-run',
      await timed(process.execPath, [cliPath, 'run', ...common, '--namespace', 'bench-kubectl', '--dry-run', '-o', 'yaml'], env),
    );
    await writeFile(manifests, dryRun.stdout);

    // Warm-up, untimed: the simulator compiles its schemas on the first write of each kind, and
    // kubectl fills its discovery cache on its first call; neither belongs in the comparison.
    mustSucceed(
      'warm-up run',
      await timed(process.execPath, [cliPath, 'run', '--workloads', 'cpu', '--namespace', 'bench-warmup', '--kubeconfig', kubeconfig], env),
    );
    mustSucceed('warm-up kubectl', await timed('kubectl', ['--kubeconfig', kubeconfig, 'get', 'vm', '-A'], env));

    await simControl(kubeconfig, 'DELETE', stats);
    const virtwork = mustSucceed(
      'virtwork run',
      await timed(
        process.execPath,
        [cliPath, 'run', ...common, '--namespace', 'bench-virtwork', '--kubeconfig', kubeconfig,
          '--vm-concurrency', String(IN_FLIGHT), '--timeout', '600', '-o', 'json'],
        env,
      ),
    );
    const virtworkRequests = (await simControl(kubeconfig, 'GET', stats)).total;
    const ready = (JSON.parse(virtwork.stdout) as { totals: { ready: number } }).totals.ready;
    if (ready !== vms) throw new Error(`virtwork reported ${ready} of ${vms} VMs ready`);

    await simControl(kubeconfig, 'DELETE', stats);
    const kubectl = ['--kubeconfig', kubeconfig];
    const apply = mustSucceed('kubectl apply', await timed('kubectl', [...kubectl, 'apply', '-f', manifests], env));
    const wait = mustSucceed(
      'kubectl wait',
      await timed('kubectl', [...kubectl, 'wait', '--for=condition=Ready', 'vm', '--all', '-n', 'bench-kubectl', '--timeout=600s'], env),
    );
    const kubectlRequests = (await simControl(kubeconfig, 'GET', stats)).total;
    const kubectlSeconds = apply.seconds + wait.seconds;
    const ratio = kubectlSeconds / virtwork.seconds;
    const perVm = virtworkRequests / vms;

    const lines = [
      `${vms} VMs; simulator: TLS + token, ${LATENCY_MS} ms per request, ${IN_FLIGHT} in flight, probes pass ${READY_AFTER_MS} ms after Running`,
      `virtwork run (create + wait)   ${virtwork.seconds.toFixed(2).padStart(8)} s   ${perVm.toFixed(3)} requests/VM`,
      `kubectl apply + kubectl wait   ${kubectlSeconds.toFixed(2).padStart(8)} s   ${(kubectlRequests / vms).toFixed(3)} requests/VM` +
        `   (apply ${apply.seconds.toFixed(2)} s, wait ${wait.seconds.toFixed(2)} s)`,
      `virtwork is ${ratio.toFixed(1)}x faster (budget: at least ${BUDGET_RATIO}x); requests/VM budget: at most ${BUDGET_REQUESTS_PER_VM}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (ratio < BUDGET_RATIO || perVm > BUDGET_REQUESTS_PER_VM) {
      process.stdout.write('OVER BUDGET\n');
      process.exitCode = 1;
    }
  } finally {
    await sim.stop();
    await rm(dir, { recursive: true, force: true });
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
