/**
 * The run summary on stdout: a kubectl-style table (no borders, upper-case headers), `-o wide` with
 * the namespace and what ready meant per VM, `-o json`/`yaml` as
 * `{runId, namespace, vms, totals, cleanupCommand}` (DESIGN.md), or `-o name` lines for the VMs.
 */
import { HEALTH_PATH, HEALTH_PORT } from '../../constants.js';
import type { ReadinessMode } from '../../constants.js';
import type { RunReport, RunTotals, VmReport } from '../../orchestrator/run-report.js';
import type { OutputFormat } from '../../config/types.js';
import type { TextSink } from '../deps.js';
import { formatAs, nameLines, resourceName } from './print.js';
import { formatTable } from './table.js';

/** One VM in `run -o json`: absent values are `null`, so every key is always there. */
export interface VmSummaryJson {
  readonly name: string;
  readonly workload: string;
  readonly role: string | null;
  readonly phase: string | null;
  /** null when readiness was not waited for (--no-wait, or a stop before the wait): unknown, not false. */
  readonly ready: boolean | null;
  readonly node: string | null;
  readonly existing: boolean;
  /** For an existing VM: the run that owns it. */
  readonly ownerRunId: string | null;
  readonly timeToReadySeconds: number | null;
}

export interface RunSummaryJson {
  readonly runId: string;
  readonly namespace: string;
  readonly guestOs: string | null;
  readonly readiness: ReadinessMode;
  readonly vms: readonly VmSummaryJson[];
  readonly totals: RunTotalsJson;
  /** null when the run neither created nor found anything to clean up. */
  readonly cleanupCommand: string | null;
}

/** The totals; the readiness counts are null when readiness was not waited for. */
export type RunTotalsJson = Pick<RunTotals, 'planned' | 'created' | 'existing'> & {
  readonly [K in 'ready' | 'notReady' | 'failed']: number | null;
};

export const toSummaryJson = (report: RunReport): RunSummaryJson => ({
  runId: report.runId,
  namespace: report.namespace,
  guestOs: report.guestOs ?? null,
  readiness: report.readiness,
  vms: report.vms.map((vm) => ({
    name: vm.name,
    workload: vm.workload,
    role: vm.role ?? null,
    phase: vm.phase ?? null,
    ready: report.waited ? vm.ready : null,
    node: vm.node ?? null,
    existing: vm.existing,
    ownerRunId: vm.ownerRunId ?? null,
    timeToReadySeconds: vm.timeToReadySeconds === undefined ? null : Math.round(vm.timeToReadySeconds * 1000) / 1000,
  })),
  totals: report.waited ? report.totals : { ...report.totals, ready: null, notReady: null, failed: null },
  cleanupCommand: report.cleanupCommand ?? null,
});

const HEAD = ['name', 'workload', 'role', 'phase', 'ready', 'node', 'time to ready'];
/** `-o wide` adds these after HEAD. */
const WIDE_HEAD = ['namespace', 'readiness'];

export const formatSummaryTable = (report: RunReport, { wide = false }: { readonly wide?: boolean } = {}): string => {
  const rows = report.vms.map((vm) => [...row(vm, report.waited), ...(wide ? [report.namespace, report.readiness] : [])]);
  const lines = rows.length > 0 ? [formatTable(wide ? [...HEAD, ...WIDE_HEAD] : HEAD, rows).trimEnd()] : [noVms(report.createdObjects)];
  lines.push('', formatTotals(report.totals, report.waited, report.waitStopped));
  if (report.guestOs !== undefined) lines.push(`Guest OS: ${report.guestOs}`);
  lines.push(`Readiness: ${describeReadiness(report.readiness)}`);
  lines.push(`Run ID: ${report.runId}`);
  if (report.cleanupCommand !== undefined) lines.push(`Clean up: ${report.cleanupCommand}`);
  return `${lines.join('\n')}\n`;
};

/** What `--readiness` made a VM's readiness mean, in a few words. */
export const describeReadiness = (mode: ReadinessMode): string =>
  ({
    http: `http (every workload unit active, asked at GET ${HEALTH_PATH} on port ${HEALTH_PORT} in the guest)`,
    'guest-agent': 'guest-agent (every workload unit active, asked through the QEMU guest agent)',
    running: 'running (the VMI runs; the workload may still be starting)',
  })[mode];

/** Absent values stay empty: the table prints its EMPTY_CELL for them. */
const row = (vm: VmReport, waited: boolean): string[] => [
  vm.name,
  vm.workload,
  vm.role ?? '',
  vm.phase ?? '',
  waited ? String(vm.ready) : '',
  vm.node ?? '',
  vm.existing ? (vm.ownerRunId === undefined ? 'existing' : `existing (run ${vm.ownerRunId.slice(0, 8)})`) : vm.timeToReadySeconds === undefined ? '' : `${vm.timeToReadySeconds.toFixed(1)}s`,
];

/** A stop before the VMs may still have left other objects: say which, so the cleanup hint makes sense. */
const noVms = (createdObjects: Readonly<Record<string, number>>): string => {
  const others = Object.entries(createdObjects).map(([kind, n]) => `${n} ${kind}${n === 1 ? '' : 's'}`);
  return others.length === 0 ? 'No VMs were created.' : `No VMs were created; this run created ${others.join(', ')}.`;
};

const formatTotals = (totals: RunTotals, waited: boolean, waitStopped: boolean): string => {
  const made = `${totals.created} created, ${totals.existing} existing`;
  const planned = totals.created + totals.existing < totals.planned ? ` of ${totals.planned} planned` : '';
  const readiness = waited
    ? `; ${totals.ready} ready, ${totals.notReady} not ready, ${totals.failed} failed`
    : waitStopped
      ? '; readiness unknown: the wait stopped on an error'
      : '; not waited for';
  return `VMs: ${made}${planned}${readiness}`;
};

/** Prints the report in the chosen format. */
export const printSummary = (report: RunReport, output: OutputFormat, stdout: TextSink): void => {
  stdout.write(
    formatAs(output, toSummaryJson(report), {
      table: () => formatSummaryTable(report),
      wide: () => formatSummaryTable(report, { wide: true }),
      name: () => nameLines(report.vms.map((vm) => resourceName('VirtualMachine', vm.name))),
    }),
  );
};
