/** `virtwork audit list` and `audit show` as tables (`-o json`/`yaml` print the records as they are). */
import type { ExecutionDetails, ExecutionSummary } from '../../audit/audit-reader.js';
import { formatTable } from './table.js';

/** `audit list`: one row per execution, newest first; `wide` adds the workloads and the error. */
export const formatAuditList = (executions: readonly ExecutionSummary[], auditDb: string, { wide = false }: { readonly wide?: boolean } = {}): string => {
  if (executions.length === 0) return `No executions recorded in ${auditDb}.\n`;
  return formatTable(
    ['run id', 'command', 'dry run', 'status', 'context', 'namespace', 'vms', 'started', 'duration', 'linked runs', ...(wide ? ['workloads', 'error'] : [])],
    executions.map((e) => [
      e.runId,
      e.command,
      String(e.dryRun),
      e.status,
      e.clusterContext ?? '',
      e.namespace,
      e.totalVmCount === null ? '' : String(e.totalVmCount),
      e.startedAt,
      duration(e.startedAt, e.completedAt),
      e.linkedRunIds.join(','),
      ...(wide ? [e.workloads.join(','), e.errorSummary ?? ''] : []),
    ]),
  );
};

/** `audit show`: the execution's fields, then a table each of its workloads, VMs, resources and events. */
export const formatAuditDetails = ({ execution: e, workloads, vms, resources, events }: ExecutionDetails): string => {
  const fields: [string, string | number | boolean | null][] = [
    ['Run ID', e.runId],
    ['Command', e.command],
    ['Status', e.status],
    ['Namespace', e.namespace],
    ['Started', e.startedAt],
    ['Completed', e.completedAt],
    ['Duration', duration(e.startedAt, e.completedAt)],
    ['Error', e.errorSummary],
    ['Server', e.clusterServer],
    ['Context', e.clusterContext],
    ['Kubeconfig', e.kubeconfigPath],
    ['Kubeconfig from', e.kubeconfigSource],
    ['Workloads', e.workloads.join(', ') || null],
    ['VMs', e.totalVmCount],
    ['Image', e.containerDiskImage],
    ['SSH auth configured', e.sshAuthConfigured],
    ['Cleanup mode', e.cleanupMode],
    ['Linked runs', e.linkedRunIds.join(', ') || null],
  ];
  const deleted = Object.entries(e.deleted).filter(([, n]) => n !== null);
  if (deleted.length > 0) fields.push(['Deleted', deleted.map(([kind, n]) => `${kind}=${String(n)}`).join(' ')]);
  const sections = [
    fields.filter(([, value]) => value !== null && value !== '').map(([name, value]) => `${name}: ${String(value)}\n`).join(''),
  ];
  if (workloads.length > 0) {
    sections.push(formatTable(
      ['workload', 'vms', 'cpu', 'memory', 'data disk', 'status', 'params'],
      workloads.map((w) => [w.workloadType, String(w.vmCount), String(w.cpuCores), w.memory, w.dataDiskSize ?? '', w.status, JSON.stringify(w.params)]),
    ));
  }
  if (vms.length > 0) {
    sections.push(formatTable(
      ['vm', 'workload', 'role', 'status', 'phase', 'created', 'ready', 'deleted'],
      vms.map((v) => [v.vmName, v.workload, v.role ?? '', v.status, v.phase ?? '', v.createdAt ?? '', v.readyAt ?? '', v.deletedAt ?? '']),
    ));
  }
  if (resources.length > 0) {
    sections.push(formatTable(
      ['kind', 'name', 'status', 'created', 'deleted'],
      resources.map((r) => [r.kind, r.name, r.status, r.createdAt ?? '', r.deletedAt ?? '']),
    ));
  }
  if (events.length > 0) {
    sections.push(formatTable(
      ['time', 'event', 'subject', 'message'],
      events.map((ev) => [ev.occurredAt, ev.type, ev.subject ?? '', [ev.message, ev.errorDetail].filter(Boolean).join(': ')]),
    ));
  }
  return sections.join('\n');
};

/** `12.3s`, `4m05s`; empty while in progress. */
const duration = (startedAt: string, completedAt: string | null): string => {
  if (completedAt === null) return '';
  const seconds = (Date.parse(completedAt) - Date.parse(startedAt)) / 1000;
  if (!Number.isFinite(seconds) || seconds < 0) return '';
  return seconds < 60 ? `${seconds.toFixed(1)}s` : `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
};
