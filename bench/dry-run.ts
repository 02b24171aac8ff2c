/**
 * `virtwork run --dry-run` for 1,000 VMs: the six default workloads with `--vm-count 125` (8 VMs
 * each round: cpu, memory, disk, database, and two network and two tps pairs), so every kind of
 * object is printed: Namespace, Services, Secrets, VirtualMachines with DataVolume templates.
 * Budgets (DESIGN.md, "Performance budgets"): under 1 s as JSON, under 1.5 s as YAML, under 200 MB
 * peak RSS; each measured with its audit record (the default) and with `--no-audit`. The output of
 * each case is checked to hold the 1,000 VMs, so a broken printer cannot pass by being fast.
 *
 *   npm run bench:dry-run
 *   npm run bench:dry-run -- --runs 20 --warmup 3 --judge wall
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseBenchArgs } from './lib/args.js';
import { chooseMetric, coreCount, describeMachine, loadAverage } from './lib/machine.js';
import { runBench } from './lib/main.js';
import { GNU_TIME, measureCases } from './lib/measure.js';
import type { Case } from './lib/measure.js';
import { showRound } from './lib/progress.js';
import { buildReport } from './lib/report.js';
import type { ReportCase } from './lib/report.js';
import { summarize } from './lib/stats.js';
import { prepareScratch } from './lib/virtwork.js';

const VMS = 1000;
/** Default workloads: cpu, memory, disk, database (1 VM each), network and tps (2 VMs each). */
const VMS_PER_COUNT = 8;
const MAX_RSS_MB = 200;
const MAX_MS = { json: 1000, yaml: 1500 } as const;

type Format = keyof typeof MAX_MS;

/** The number of VirtualMachines in a dry run's output: a v1 List as JSON, documents as YAML. */
const countVms = (text: string, format: Format): number =>
  format === 'json'
    ? (JSON.parse(text) as { items: { kind: string }[] }).items.filter((item) => item.kind === 'VirtualMachine').length
    : (text.match(/^kind: VirtualMachine$/gm) ?? []).length;

runBench(async () => {
  const args = parseBenchArgs(process.argv.slice(2), { runs: 10, warmups: 2 });
  if (!existsSync(GNU_TIME)) throw new Error(`the peak RSS is read with GNU time, not found at ${GNU_TIME} (apt-get install time)`);
  const scratch = await prepareScratch();
  try {
    const cases: (Case & ReportCase & { format: Format; output: string })[] = [];
    for (const format of ['json', 'yaml'] as const) {
      for (const audit of [[], ['--no-audit']]) {
        const argv = ['run', '--dry-run', '--vm-count', String(VMS / VMS_PER_COUNT), '-o', format, ...audit];
        const id = `${format}${audit.length > 0 ? '-no-audit' : ''}`;
        const output = path.join(scratch.dir, `${id}.out`);
        cases.push({
          name: `virtwork ${argv.join(' ')}`,
          format,
          output,
          command: scratch.virtwork(argv, { stdoutPath: output, rssPath: path.join(scratch.dir, `${id}.rss`) }),
          budgets: [
            { kind: 'time', maxMs: MAX_MS[format] },
            { kind: 'memory', maxMB: MAX_RSS_MB },
          ],
        });
      }
    }
    const loadBefore = loadAverage();
    const samples = await measureCases(cases, { warmups: args.warmups, runs: args.runs, onRound: showRound });
    const machine = { cores: coreCount(), loadBefore, loadAfter: loadAverage() };
    for (const c of cases) {
      const vms = countVms(await readFile(c.output, 'utf8'), c.format);
      if (vms !== VMS) throw new Error(`${c.name} printed ${vms} VirtualMachines, not ${VMS}`);
    }
    const metric = chooseMetric(args.judge, machine);
    const summaries = new Map([...samples].map(([name, series]) => [name, summarize(series)]));
    const report = buildReport(cases, summaries, metric);
    process.stdout.write(
      `Dry run of ${VMS} VMs, ${args.runs} runs after ${args.warmups} warm-ups, cases taking turns; ${process.version}; output to a file\n` +
        `${describeMachine(args.judge, machine)}\n\n${report.text}${report.failed ? '\nBUDGET MISSED\n' : ''}`,
    );
    return report.failed;
  } finally {
    await scratch.dispose();
  }
});
