/**
 * `virtwork run` at scale: 1,000, 5,000 and 10,000 VMs (cpu workload, audit on) against the
 * standalone simulator (20 ms added to every request, 50 requests in flight, readiness probes passing
 * 100 ms after a VMI runs), a fresh simulator per size. Per size it prints the wall time, the API
 * requests per VM, the 429s, the peak RSS of the CLI and of the simulator, and the floor: requests ÷
 * concurrency × 20 ms, the time the requests take at best when `concurrency` of them are always in
 * flight. Against the largest run it then times the read paths: `status`, `cleanup --dry-run` and
 * `audit show <run>`; and `audit list` over a database holding 1,000 executions.
 *
 *   npm run bench:scale                              # 1,000, 5,000 and 10,000 VMs, --vm-concurrency auto (floor at 50)
 *   npm run bench:scale -- --vms 1000,2000           # other sizes
 *   npm run bench:scale -- --vm-concurrency 50       # passed to `virtwork run`; the floor uses it
 *   npm run bench:scale -- --vm-concurrency 10       # the fixed concurrency of earlier releases
 *
 * Budgets (exit code 1 when one is missed): run within 1.5x of the floor, at most 2.05 requests per
 * VM and 300 MB peak RSS; status and cleanup --dry-run under 3 s and 300 MB; audit show under 1 s;
 * audit list under 0.5 s.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SqliteAuditor } from '../src/audit/index.js';
import { formatTable } from '../src/cli/output/table.js';
import { chooseMetric, coreCount, describeMachine, loadAverage } from './lib/machine.js';
import { runBench } from './lib/main.js';
import { measureOnce, type Sample } from './lib/measure.js';
import { startStandaloneSimulator, type StandaloneSimulator } from './lib/simulator.js';
import { prepareScratch, type Scratch } from './lib/virtwork.js';

const LATENCY_MS = 20;
const IN_FLIGHT = 50;
const READY_AFTER_MS = 100;
const MAX_FLOOR_RATIO = 1.5;
const MAX_REQUESTS_PER_VM = 2.05;
const MAX_RSS_MB = 300;
const MAX_LIST_MS = 3000;
const MAX_AUDIT_SHOW_MS = 1000;
const MAX_AUDIT_LIST_MS = 500;
const AUDIT_LIST_EXECUTIONS = 1000;

interface Options {
  readonly sizes: readonly number[];
  /** What `--vm-concurrency` is given to `virtwork run`: a number, or `auto`. */
  readonly concurrency: string;
  /** The concurrency the floor is computed at. */
  readonly floorConcurrency: number;
}

const parseOptions = (argv: readonly string[]): Options => {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      vms: { type: 'string', default: '1000,5000,10000' },
      'vm-concurrency': { type: 'string', default: 'auto' },
      'floor-concurrency': { type: 'string' },
    },
  });
  const sizes = values.vms.split(',').map((text) => {
    const n = Number(text.trim());
    if (!Number.isInteger(n) || n < 1) throw new Error(`--vms=${values.vms}: expected positive integers separated by commas`);
    return n;
  });
  const concurrency = values['vm-concurrency'];
  const floorText = values['floor-concurrency'] ?? (concurrency === 'auto' ? String(IN_FLIGHT) : concurrency);
  const floorConcurrency = Number(floorText);
  if (!Number.isInteger(floorConcurrency) || floorConcurrency < 1) {
    throw new Error(`--floor-concurrency=${floorText}: expected a positive integer (the concurrency the floor is computed at)`);
  }
  return { sizes, concurrency, floorConcurrency };
};

interface Simulator extends StandaloneSimulator {
  readonly kubeconfig: string;
}

/** A fresh simulator for one size, with the kubeconfig that reaches it. */
const startSimulator = async (scratch: Scratch, name: string): Promise<Simulator> => {
  const kubeconfig = path.join(scratch.dir, `${name}.kubeconfig`);
  const sim = await startStandaloneSimulator({ kubeconfig, latencyMs: LATENCY_MS, maxInFlight: IN_FLIGHT, readyAfterMs: READY_AFTER_MS });
  return { ...sim, kubeconfig };
};

interface SimStats {
  readonly total: number;
  readonly byStatus: Record<string, number>;
}

const simStats = async (sim: Simulator, method: 'GET' | 'DELETE' = 'GET'): Promise<SimStats> => {
  const response = await fetch(`${sim.url}/_sim/stats`, { method });
  const text = await response.text();
  return method === 'GET' ? (JSON.parse(text) as SimStats) : { total: 0, byStatus: {} };
};

/** A process's peak and current resident memory, in KiB, from /proc while it runs. */
const processMemory = async (pid: number): Promise<{ peakKiB: number; currentKiB: number }> => {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1] ?? NaN);
  return { peakKiB: field('VmHWM'), currentKiB: field('VmRSS') };
};

const mb = (kib: number): number => (kib * 1024) / 1e6;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

interface RunRow {
  readonly vms: number;
  readonly sample: Sample;
  readonly requests: number;
  readonly throttled: number;
  readonly floorMs: number;
  readonly simPeakKiB: number;
  readonly simAfterKiB: number;
  readonly runId: string;
}

interface Check {
  readonly what: string;
  readonly budget: string;
  readonly measured: string;
  readonly pass: boolean;
}

const benchRun = async (scratch: Scratch, sim: Simulator, vms: number, options: Options, auditDb: string): Promise<RunRow> => {
  const kube = ['--kubeconfig', sim.kubeconfig, '--audit-db', auditDb];
  // Untimed: the simulator compiles its schemas on the first write of each kind.
  await measureOnce(scratch.virtwork(['run', '--workloads', 'cpu', '--namespace', 'bench-warmup', ...kube]));
  await simStats(sim, 'DELETE');
  const stdoutPath = path.join(scratch.dir, `run-${vms}.json`);
  const sample = await measureOnce(
    scratch.virtwork(
      ['run', '--workloads', 'cpu', '--vm-count', String(vms), '--namespace', `bench-${vms}`, ...kube,
        '--vm-concurrency', options.concurrency, '--timeout', '1200', '-o', 'json'],
      { stdoutPath, rssPath: path.join(scratch.dir, `run-${vms}.rss`) },
    ),
  );
  const stats = await simStats(sim);
  const memory = await processMemory(sim.pid);
  const summary = JSON.parse(await readFile(stdoutPath, 'utf8')) as { runId: string; totals: { ready: number } };
  if (summary.totals.ready !== vms) throw new Error(`virtwork reported ${summary.totals.ready} of ${vms} VMs ready`);
  return {
    vms,
    sample,
    requests: stats.total,
    throttled: stats.byStatus['429'] ?? 0,
    floorMs: (stats.total / options.floorConcurrency) * LATENCY_MS,
    simPeakKiB: memory.peakKiB,
    simAfterKiB: memory.currentKiB,
    runId: summary.runId,
  };
};

/** `status`, `cleanup --dry-run` and `audit show` of the run just made, each once, with its peak RSS. */
const benchReads = async (scratch: Scratch, sim: Simulator, row: RunRow, auditDb: string): Promise<Map<string, Sample>> => {
  const namespace = ['--namespace', `bench-${row.vms}`, '--kubeconfig', sim.kubeconfig];
  const cases: [string, string[]][] = [
    [`status (${row.vms} VMs)`, ['status', ...namespace]],
    [`cleanup --dry-run (${row.vms} VMs)`, ['cleanup', '--dry-run', ...namespace, '--audit-db', auditDb]],
    [`audit show (${row.vms} VMs)`, ['audit', 'show', row.runId, '--audit-db', auditDb]],
  ];
  const samples = new Map<string, Sample>();
  for (const [name, args] of cases) {
    samples.set(name, await measureOnce(scratch.virtwork(args, { rssPath: path.join(scratch.dir, 'read.rss') })));
  }
  return samples;
};

/** A database of 1,000 finished runs of 10 VMs each, written through the audit API (a CLI run each would take minutes). */
const fillAuditDatabase = async (file: string): Promise<void> => {
  const auditor = await SqliteAuditor.open(file);
  try {
    const started = Date.parse('2026-01-01T00:00:00Z');
    for (let i = 0; i < AUDIT_LIST_EXECUTIONS; i++) {
      const runId = `bench-${String(i).padStart(4, '0')}-0000-0000-0000-000000000000`;
      const startedAt = new Date(started + i * 60_000);
      auditor.startExecution({ runId, command: 'run', namespace: 'bench', workloads: ['cpu'], totalVmCount: 10, startedAt });
      auditor.recordVms(
        runId,
        Array.from({ length: 10 }, (_, vm) => ({
          vmName: `virtwork-cpu-${vm}`, namespace: 'bench', workload: 'cpu', cpuCores: 1, memory: '1Gi',
          image: 'quay.io/containerdisks/fedora:41', hasDataDisk: false, status: 'ready' as const,
        })),
      );
      auditor.completeExecution(runId, { status: 'success', completedAt: new Date(startedAt.getTime() + 30_000) });
    }
  } finally {
    auditor.close();
  }
};

const bench = async (): Promise<boolean> => {
  const options = parseOptions(process.argv.slice(2));
  const scratch = await prepareScratch();
  const checks: Check[] = [];
  const check = (what: string, budget: string, measured: string, pass: boolean): void => {
    checks.push({ what, budget, measured, pass });
  };
  try {
    const rows: RunRow[] = [];
    let reads = new Map<string, Sample>();
    const largest = Math.max(...options.sizes);
    for (const vms of options.sizes) {
      process.stderr.write(`run of ${vms} VMs...\n`);
      const sim = await startSimulator(scratch, `sim-${vms}`);
      try {
        const auditDb = path.join(scratch.dir, `audit-${vms}.db`);
        const row = await benchRun(scratch, sim, vms, options, auditDb);
        rows.push(row);
        if (vms === largest) reads = await benchReads(scratch, sim, row, auditDb);
      } finally {
        await sim.stop();
      }
    }

    const loadBefore = loadAverage();
    const listDb = path.join(scratch.dir, 'audit-list.db');
    await fillAuditDatabase(listDb);
    const list = await measureOnce(
      scratch.virtwork(['audit', 'list', '--limit', String(AUDIT_LIST_EXECUTIONS), '--audit-db', listDb], {
        rssPath: path.join(scratch.dir, 'list.rss'),
      }),
    );

    const runTable = formatTable(
      ['VMs', 'wall', 'CLI cpu', 'floor', 'wall/floor', 'requests/VM', '429s', 'CLI peak RSS', 'sim peak RSS', 'sim RSS after'],
      rows.map((r) => [
        String(r.vms), seconds(r.sample.wallMs), seconds(r.sample.cpuMs), seconds(r.floorMs), `${(r.sample.wallMs / r.floorMs).toFixed(2)}x`,
        (r.requests / r.vms).toFixed(3), String(r.throttled), `${mb(r.sample.peakRssKiB ?? NaN).toFixed(0)} MB`,
        `${mb(r.simPeakKiB).toFixed(0)} MB`, `${mb(r.simAfterKiB).toFixed(0)} MB`,
      ]),
    );
    for (const r of rows) {
      const ratio = r.sample.wallMs / r.floorMs;
      const rss = mb(r.sample.peakRssKiB ?? NaN);
      check(`run ${r.vms}`, `<= ${MAX_FLOOR_RATIO}x floor`, `${ratio.toFixed(2)}x`, ratio <= MAX_FLOOR_RATIO);
      check(`run ${r.vms}`, `<= ${MAX_REQUESTS_PER_VM} requests/VM`, (r.requests / r.vms).toFixed(3), r.requests / r.vms <= MAX_REQUESTS_PER_VM);
      check(`run ${r.vms}`, `<= ${MAX_RSS_MB} MB peak RSS`, `${rss.toFixed(0)} MB`, rss <= MAX_RSS_MB);
    }
    // The read commands are short: on a machine loaded past its cores their wall time measures the
    // neighbours, so their budgets are judged on CPU time there (bench/lib/machine.ts).
    const machine = { cores: coreCount(), loadBefore, loadAfter: loadAverage() };
    const metric = chooseMetric('auto', machine);
    const readRows = [...reads, [`audit list (${AUDIT_LIST_EXECUTIONS} executions)`, list] as const];
    for (const [name, sample] of readRows) {
      const limit = name.startsWith('audit show') ? MAX_AUDIT_SHOW_MS : name.startsWith('audit list') ? MAX_AUDIT_LIST_MS : MAX_LIST_MS;
      const taken = metric === 'cpu' ? sample.cpuMs : sample.wallMs;
      check(name, `< ${seconds(limit)} (${metric})`, seconds(taken), taken < limit);
      if (limit === MAX_LIST_MS) {
        const rss = mb(sample.peakRssKiB ?? NaN);
        check(name, `< ${MAX_RSS_MB} MB peak RSS`, `${rss.toFixed(0)} MB`, rss < MAX_RSS_MB);
      }
    }
    const readTable = formatTable(
      ['command', 'wall', 'cpu', 'peak RSS'],
      readRows.map(([name, s]) => [name, seconds(s.wallMs), seconds(s.cpuMs), `${mb(s.peakRssKiB ?? NaN).toFixed(0)} MB`]),
    );
    const checkTable = formatTable(
      ['case', 'budget', 'measured', 'result'],
      checks.map((c) => [c.what, c.budget, c.measured, c.pass ? 'PASS' : 'FAIL']),
    );
    process.stdout.write(
      [
        `virtwork run --workloads cpu --vm-concurrency ${options.concurrency}, audit on; simulator: ${LATENCY_MS} ms per request, ` +
          `${IN_FLIGHT} in flight, probes pass ${READY_AFTER_MS} ms after Running; floor = requests / ${options.floorConcurrency} x ${LATENCY_MS} ms`,
        runTable,
        readTable,
        describeMachine('auto', machine),
        checkTable,
      ].join('\n\n') + '\n',
    );
    return checks.some((c) => !c.pass);
  } finally {
    await scratch.dispose();
  }
};

runBench(bench);
