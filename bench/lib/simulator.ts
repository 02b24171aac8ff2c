/**
 * The standalone simulator (`npm run sim`) as a process of its own, for the benchmarks that measure
 * the CLI against it over the network. tsx is loaded into that node process, so its pid is the
 * server's own (the scale bench reads its memory from /proc).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../../test/cli/support/run-cli.js';

export interface SimulatorOptions {
  /** Where the simulator writes the kubeconfig that reaches it. */
  readonly kubeconfig: string;
  /** Added to every request. */
  readonly latencyMs: number;
  /** Requests served at once; 429 beyond. */
  readonly maxInFlight: number;
  /** Readiness probes pass this long after a VMI runs. */
  readonly readyAfterMs: number;
  /** HTTPS with its own CA (in the kubeconfig) instead of plain HTTP. */
  readonly tls?: boolean;
}

export interface StandaloneSimulator {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Starts the simulator; resolves once it prints `sim ready <url>`. */
export const startStandaloneSimulator = async (options: SimulatorOptions): Promise<StandaloneSimulator> => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(REPO_ROOT, 'sim', 'main.ts'), '--kubeconfig', options.kubeconfig, ...(options.tls ? ['--tls'] : []),
      '--latency-ms', String(options.latencyMs), '--max-inflight', String(options.maxInFlight), '--ready-after-ms', String(options.readyAfterMs)],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const ready = /^sim ready (\S+)$/m.exec(out);
      if (ready?.[1]) resolve(ready[1]);
    });
    child.on('exit', (code) => reject(new Error(`the simulator exited (${code}) before it was ready`)));
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('the simulator has no pid');
  return {
    url,
    pid,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
};
