/**
 * `virtwork cleanup` against `kubectl delete -l`, side by side, on the simulator (TLS and a bearer
 * token, 20 ms added to every request, 50 requests in flight). Each deletes the same seeded run
 * from its own namespace: VMs with a DataVolume each, their cloud-init Secrets and a Service.
 * Prints both wall times and API request counts, and virtwork's requests per VM (budget: 0.1).
 *
 *   npx tsx bench/cleanup-1000.ts              # 1,000 VMs
 *   npx tsx bench/cleanup-1000.ts --vms 200
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { MANAGED_BY, LABEL_MANAGED_BY } from '../src/constants.js';
import { startSimCluster } from '../sim/index.js';
import { seedRun } from '../test/orchestrator/cleanup-seed.js';
import { cliPath, ensureBuilt, isolatedEnv } from '../test/e2e/support/cli.js';

const LATENCY_MS = 20;
const IN_FLIGHT = 50;
const BUDGET_REQUESTS_PER_VM = 0.1;

interface Finished {
  readonly code: number | null;
  readonly stderr: string;
  readonly seconds: number;
}

const timed = (command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Finished> =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr, seconds: (performance.now() - started) / 1000 }));
  });

const mustSucceed = (what: string, result: Finished): Finished => {
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}:\n${result.stderr.slice(-3000)}`);
  return result;
};

const main = async (): Promise<void> => {
  const { values } = parseArgs({ options: { vms: { type: 'string', default: '1000' } } });
  const vms = Number(values.vms);
  await ensureBuilt();
  const sim = await startSimCluster({
    tls: true,
    token: 'bench-token',
    latencyMs: LATENCY_MS,
    maxInFlight: IN_FLIGHT,
    namespaces: ['bench-virtwork', 'bench-kubectl'],
  });
  try {
    for (const namespace of ['bench-virtwork', 'bench-kubectl']) {
      seedRun(sim, `run-${namespace}`, { vms, namespace, dataDisks: true, service: true, runStrategy: 'Halted' });
    }
    // the VM controller creates the DataVolumes from the templates
    while (sim.list('datavolumes').length < 2 * vms) await new Promise((r) => setTimeout(r, 100));
    const env = isolatedEnv();
    const selector = `${LABEL_MANAGED_BY}=${MANAGED_BY}`;

    sim.resetStats();
    const virtwork = mustSucceed(
      'virtwork cleanup',
      await timed(process.execPath, [cliPath, 'cleanup', '--kubeconfig', sim.kubeconfigPath, '--namespace', 'bench-virtwork', '--yes', '--no-audit'], env),
    );
    const virtworkRequests = sim.stats().total;

    sim.resetStats();
    const kubectl = mustSucceed(
      'kubectl delete',
      await timed('kubectl', ['--kubeconfig', sim.kubeconfigPath, 'delete', 'vm,dv,pvc,secret,svc', '-n', 'bench-kubectl', '-l', selector, '--wait=false'], env),
    );
    const kubectlRequests = sim.stats().total;

    const perVm = virtworkRequests / vms;
    console.log(`cleanup of ${vms} VMs (+${vms} DataVolumes, ${vms} Secrets, 1 Service), ${LATENCY_MS} ms latency, ${IN_FLIGHT} in flight`);
    console.log(`  virtwork cleanup:    ${virtwork.seconds.toFixed(2)} s, ${virtworkRequests} requests (${perVm.toFixed(3)} per VM; budget ${BUDGET_REQUESTS_PER_VM})`);
    console.log(`  kubectl delete -l:   ${kubectl.seconds.toFixed(2)} s, ${kubectlRequests} requests`);
    console.log(`  ratio: virtwork ${(kubectl.seconds / virtwork.seconds).toFixed(1)}x faster`);
    if (perVm > BUDGET_REQUESTS_PER_VM) process.exitCode = 1;
  } finally {
    await sim.stop();
  }
};

await main();
