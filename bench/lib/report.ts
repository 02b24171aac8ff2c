/**
 * Budgets and the table that shows them: one row per case and budget, PASS or FAIL each, and
 * whether any failed (the benchmark's exit code, so it can gate a change).
 */
import { formatTable } from '../../src/cli/output/table.js';
import type { Metric } from './machine.js';
import type { Summary } from './stats.js';

export interface Reference {
  /** The case every other is compared with. */
  readonly name: string;
  /** Its short name in the table header. */
  readonly label: string;
}

export type Budget =
  /** The case's median at most `max` times the reference case's median. */
  | { readonly kind: 'ratio'; readonly reference: Reference; readonly max: number }
  /** The case's median below `maxMs`. */
  | { readonly kind: 'time'; readonly maxMs: number }
  /** The case's largest peak RSS below `maxMB` megabytes (10^6 bytes, as budgets are written). */
  | { readonly kind: 'memory'; readonly maxMB: number };

export interface Verdict {
  readonly budget: string;
  readonly measured: string;
  readonly pass: boolean;
}

export interface ReportCase {
  readonly name: string;
  readonly budgets: readonly Budget[];
}

const megabytes = (kib: number): number => (kib * 1024) / 1e6;
const ms = (value: number): string => `${Math.round(value)} ms`;
const mb = (kib: number): string => `${megabytes(kib).toFixed(0)} MB`;
const times = (ratio: number): string => `${ratio.toFixed(2)}x`;

const medianOf = (summary: Summary, metric: Metric): number =>
  metric === 'cpu' ? summary.cpuMs.median : summary.wallMs.median;

const summaryOf = (summaries: ReadonlyMap<string, Summary>, name: string): Summary => {
  const summary = summaries.get(name);
  if (!summary) throw new Error(`no measurements for ${name}`);
  return summary;
};

/** One budget, judged on `metric` (memory budgets on the peak RSS whatever the metric). */
export const judge = (budget: Budget, summary: Summary, summaries: ReadonlyMap<string, Summary>, metric: Metric): Verdict => {
  const label = metric === 'cpu' ? 'CPU' : 'wall';
  switch (budget.kind) {
    case 'ratio': {
      const ratio = medianOf(summary, metric) / medianOf(summaryOf(summaries, budget.reference.name), metric);
      return { budget: `<= ${budget.max}x ${budget.reference.label} (${label})`, measured: times(ratio), pass: ratio <= budget.max };
    }
    case 'time': {
      const median = medianOf(summary, metric);
      return { budget: `< ${ms(budget.maxMs)} (${label})`, measured: ms(median), pass: median < budget.maxMs };
    }
    case 'memory': {
      if (summary.peakRssKiB === undefined) throw new Error('a memory budget needs the peak RSS measured');
      const peakMB = megabytes(summary.peakRssKiB);
      return { budget: `< ${budget.maxMB} MB peak RSS`, measured: mb(summary.peakRssKiB), pass: peakMB < budget.maxMB };
    }
  }
};

export interface Report {
  readonly text: string;
  readonly failed: boolean;
}

/**
 * The table: median and p90 of wall and CPU time per case, the peak RSS when measured, the ratio to
 * the reference when there is one, then each budget with what was measured and PASS or FAIL.
 */
export const buildReport = (
  cases: readonly ReportCase[],
  summaries: ReadonlyMap<string, Summary>,
  metric: Metric,
  reference?: Reference,
): Report => {
  const withRss = cases.some((c) => summaryOf(summaries, c.name).peakRssKiB !== undefined);
  const head = [
    'case', 'wall median', 'wall p90', 'cpu median', 'cpu p90',
    ...(withRss ? ['peak rss'] : []),
    ...(reference === undefined ? [] : [`vs ${reference.label}`]),
    'budget', 'measured', 'result',
  ];
  const rows: string[][] = [];
  let failed = false;
  for (const c of cases) {
    const summary = summaryOf(summaries, c.name);
    const figures = [
      c.name, ms(summary.wallMs.median), ms(summary.wallMs.p90), ms(summary.cpuMs.median), ms(summary.cpuMs.p90),
      ...(withRss ? [summary.peakRssKiB === undefined ? '' : mb(summary.peakRssKiB)] : []),
      ...(reference === undefined
        ? []
        : [times(medianOf(summary, metric) / medianOf(summaryOf(summaries, reference.name), metric))]),
    ];
    const verdicts = c.budgets.map((budget) => judge(budget, summary, summaries, metric));
    if (verdicts.length === 0) rows.push([...figures, '', '', '']);
    verdicts.forEach((verdict, index) => {
      failed ||= !verdict.pass;
      const lead = index === 0 ? figures : figures.map(() => '');
      rows.push([...lead, verdict.budget, verdict.measured, verdict.pass ? 'PASS' : 'FAIL']);
    });
  }
  return { text: formatTable(head, rows), failed };
};
