/** `virtwork verify` as a table (`-o json` prints the report as it is). */
import type { VerifyReport } from '../../orchestrator/verify.js';
import { formatObserved } from '../../orchestrator/verify-checks.js';
import type { SeriesCheck } from '../../orchestrator/verify-checks.js';
import { formatTable } from './table.js';

export const formatVerify = (report: VerifyReport): string => {
  const table = formatTable(
    ['vm', 'workload', 'series', 'observed', 'expected', 'verdict'],
    report.rows.map((r) => [
      r.vm,
      r.role === null ? (r.workload ?? '') : `${r.workload ?? ''}/${r.role}`,
      r.series,
      r.observed === null ? 'no series' : r.unit === 'ratio' ? r.observed.toFixed(2) : formatObserved(r.observed, r.unit as SeriesCheck['unit']),
      r.expected,
      r.verdict,
    ]),
  );
  const failing = new Set(report.rows.filter((r) => r.verdict !== 'ok' && r.verdict !== 'info').map((r) => r.vm));
  const from = `VMs from the ${report.source === 'audit' ? 'audit store (the run is no longer on the cluster)' : "cluster's labels"}.`;
  const summary = report.passed
    ? `Every VM's load is visible in ${report.prometheusUrl} (rates over ${report.window}).`
    : `${failing.size} of ${report.vms} VMs show no load as expected in ${report.prometheusUrl} (rates over ${report.window}).`;
  return `${table}\n${summary}\n${from}\n`;
};
