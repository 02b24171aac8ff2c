/**
 * `--vm-concurrency auto` against fixed concurrencies, each on a fresh standalone simulator with a
 * given in-flight limit (its 429s beyond it are APF's): wall time of `virtwork run --no-wait` (the
 * creation that the concurrency drives; readiness takes as long either way), API requests and 429s answered, from the simulator's request log. Used by
 * bench/concurrency.ts; a scale bench can call it with its own VM counts.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cliPath, ensureBuilt, isolatedEnv } from '../../test/e2e/support/cli.js';
import { startStandaloneSimulator } from './simulator.js';

export interface ConcurrencyCase {
  /** The simulator's `--max-inflight`. */
  readonly maxInFlight: number;
  /** `--vm-concurrency`. */
  readonly concurrency: number | 'auto';
}

export interface ConcurrencyResult extends ConcurrencyCase {
  readonly vms: number;
  readonly seconds: number;
  readonly requests: number;
  readonly tooManyRequests: number;
  /** Why the run failed (too many 429s exhaust a request's retries), else absent. */
  readonly failure?: string;
  /** What auto reached, from the run's `created VirtualMachine objects` log line. */
  readonly reached?: { readonly max: number; readonly final: number };
}

export interface SimulatorShape {
  readonly latencyMs: number;
  readonly readyAfterMs: number;
}

export const DEFAULT_SHAPE: SimulatorShape = { latencyMs: 20, readyAfterMs: 100 };

/** Each case on its own simulator, one after the other: `run --workloads cpu --vm-count <vms> --no-audit --no-wait`. */
export const measureConcurrencyCases = async (
  vms: number,
  cases: readonly ConcurrencyCase[],
  shape: SimulatorShape = DEFAULT_SHAPE,
  onResult?: (result: ConcurrencyResult) => void,
): Promise<ConcurrencyResult[]> => {
  await ensureBuilt();
  const results: ConcurrencyResult[] = [];
  for (const c of cases) {
    const result = await measureCase(vms, c, shape);
    onResult?.(result);
    results.push(result);
  }
  return results;
};

const measureCase = async (vms: number, c: ConcurrencyCase, shape: SimulatorShape): Promise<ConcurrencyResult> => {
  const dir = await mkdtemp(path.join(tmpdir(), 'virtwork-bench-concurrency-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  const sim = await startStandaloneSimulator({ kubeconfig, maxInFlight: c.maxInFlight, latencyMs: shape.latencyMs, readyAfterMs: shape.readyAfterMs });
  try {
    const started = performance.now();
    const run = await runToEnd(
      [cliPath, 'run', '--kubeconfig', kubeconfig, '--workloads', 'cpu', '--vm-count', String(vms), '--no-audit', '--no-wait',
        '--vm-concurrency', String(c.concurrency), '--timeout', '1200', '-o', 'json', '--log-format', 'json'],
    );
    const seconds = (performance.now() - started) / 1000;
    const failure = run.code === 0 ? undefined : failureOf(run.stderr, run.code);
    const log = (await (await fetch(`${sim.url}/_sim/requests`)).json()) as { status: number }[];
    const reached = reachedOf(run.stderr);
    return {
      ...c,
      vms,
      seconds,
      requests: log.length,
      tooManyRequests: log.filter((entry) => entry.status === 429).length,
      ...(failure !== undefined && { failure }),
      ...(reached && { reached }),
    };
  } finally {
    await sim.stop();
    await rm(dir, { recursive: true, force: true });
  }
};

export const describeCase = (c: ConcurrencyCase): string => `--max-inflight ${c.maxInFlight}, --vm-concurrency ${c.concurrency}`;

/** A table row: case, wall time, requests, 429s and what auto reached. */
export const formatResult = (r: ConcurrencyResult): string =>
  `${describeCase(r).padEnd(42)} ${r.vms} VMs  ${r.seconds.toFixed(2).padStart(7)} s  ${String(r.requests).padStart(6)} requests  ` +
  `${String(r.tooManyRequests).padStart(5)} x 429` +
  (r.failure !== undefined ? `  FAILED: ${r.failure}` : '') +
  (r.reached ? `  (auto reached ${r.reached.max}, ended at ${r.reached.final})` : '');

/** The CLI's own `error: ...` line, else the exit code. */
const failureOf = (stderr: string, code: number | null): string =>
  stderr
    .split('\n')
    .find((line) => line.startsWith('error: '))
    ?.slice('error: '.length) ?? `exited ${code}`;

const reachedOf = (stderr: string): { max: number; final: number } | undefined => {
  for (const line of stderr.split('\n').reverse()) {
    try {
      const entry = JSON.parse(line) as { kind?: string; concurrency?: { max: number; final: number } };
      if (entry.kind === 'VirtualMachine' && entry.concurrency) return entry.concurrency;
    } catch {
      // not a log line
    }
  }
  return undefined;
};

const runToEnd = (args: readonly string[]): Promise<{ code: number | null; stderr: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: isolatedEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });

