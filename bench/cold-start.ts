/**
 * Cold start of the built CLI, side by side with `kubectl version --client` (the budget reference)
 * and a bare `node -e 0` (the floor any Node CLI starts from). Budgets (DESIGN.md, "Performance
 * budgets"): `virtwork --version` within 2x kubectl, `run --dry-run --workloads cpu` within 4x;
 * the dry run is measured with its audit record (the default) and with `--no-audit`. A cluster
 * command, `virtwork status` (start, kubeconfig, its lists against an in-process simulator over
 * HTTPS), runs beside `kubectl get virtualmachines` against the same simulator: within 2x it.
 *
 *   npm run bench:startup
 *   npm run bench:startup -- --runs 40 --warmup 5 --judge cpu --kubectl /usr/local/bin/kubectl
 */
import { parseBenchArgs } from './lib/args.js';
import { chooseMetric, coreCount, describeMachine, loadAverage } from './lib/machine.js';
import { runBench } from './lib/main.js';
import { measureCases } from './lib/measure.js';
import type { Case } from './lib/measure.js';
import { showRound } from './lib/progress.js';
import { buildReport } from './lib/report.js';
import type { Reference, ReportCase } from './lib/report.js';
import { summarize } from './lib/stats.js';
import { findKubectl, prepareScratch } from './lib/virtwork.js';
import { startSimCluster } from '../sim/index.js';

const KUBECTL: Reference = { name: 'kubectl version --client', label: 'kubectl' };
const KUBECTL_GET: Reference = { name: 'kubectl get virtualmachines -n virtwork', label: 'kubectl get' };
const DRY_RUN = ['run', '--dry-run', '--workloads', 'cpu'];

runBench(async () => {
  const args = parseBenchArgs(process.argv.slice(2), { runs: 20, warmups: 3 });
  const kubectl = findKubectl(args.kubectl);
  if (kubectl === undefined) {
    throw new Error(`no kubectl${args.kubectl === undefined ? ' in /usr/bin or on PATH' : ` at ${args.kubectl}`}: the budgets are relative to kubectl version --client; pass --kubectl PATH`);
  }
  const scratch = await prepareScratch();
  const sim = await startSimCluster({ tls: true, token: 'bench-token' });
  const onSim = ['--kubeconfig', sim.kubeconfigPath];
  try {
    const cases: (Case & ReportCase)[] = [
      { name: KUBECTL.name, command: { file: kubectl, args: ['version', '--client'], env: scratch.env }, budgets: [] },
      { name: 'node -e 0', command: { file: process.execPath, args: ['-e', '0'], env: scratch.env }, budgets: [] },
      {
        name: 'virtwork --version',
        command: scratch.virtwork(['--version']),
        budgets: [{ kind: 'ratio', reference: KUBECTL, max: 2 }],
      },
      {
        name: `virtwork ${DRY_RUN.join(' ')}`,
        command: scratch.virtwork(DRY_RUN),
        budgets: [{ kind: 'ratio', reference: KUBECTL, max: 4 }],
      },
      {
        name: `virtwork ${DRY_RUN.join(' ')} --no-audit`,
        command: scratch.virtwork([...DRY_RUN, '--no-audit']),
        budgets: [{ kind: 'ratio', reference: KUBECTL, max: 4 }],
      },
      {
        name: KUBECTL_GET.name,
        command: { file: kubectl, args: ['get', 'virtualmachines', '-n', 'virtwork', ...onSim], env: scratch.env },
        budgets: [],
      },
      {
        name: 'virtwork status',
        command: scratch.virtwork(['status', ...onSim]),
        budgets: [{ kind: 'ratio', reference: KUBECTL_GET, max: 2 }],
      },
    ];
    const loadBefore = loadAverage();
    const samples = await measureCases(cases, { warmups: args.warmups, runs: args.runs, onRound: showRound });
    const machine = { cores: coreCount(), loadBefore, loadAfter: loadAverage() };
    const metric = chooseMetric(args.judge, machine);
    const summaries = new Map([...samples].map(([name, series]) => [name, summarize(series)]));
    const report = buildReport(cases, summaries, metric, KUBECTL);
    process.stdout.write(
      `Cold start, ${args.runs} runs after ${args.warmups} warm-ups, cases taking turns; ${process.version}; kubectl: ${kubectl}\n` +
        `${describeMachine(args.judge, machine)}\n\n${report.text}${report.failed ? '\nBUDGET MISSED\n' : ''}`,
    );
    return report.failed;
  } finally {
    await sim.stop();
    await scratch.dispose();
  }
});
