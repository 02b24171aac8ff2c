/**
 * `virtwork audit list` (recent executions) and `virtwork audit show <run-id>` (one execution with
 * its workloads, VMs, resources and events), as tables or `-o json`. Reading never creates the
 * database: with no file yet there is simply nothing recorded.
 */
import { existsSync } from 'node:fs';
import { Command } from 'commander';
import type { DatabaseSync } from 'node:sqlite';
import type * as AuditReader from '../audit/audit-reader.js';
import type { ExecutionDetails, ExecutionSummary } from '../audit/audit-reader.js';
import type { CommonConfig } from '../config/resolve-common-config.js';
import { InvalidInputError } from '../errors.js';
import { completeCommon, validateTableOrJson, type CommonOptions } from './cluster-command.js';
import { addSettingOptions } from './options.js';
import type { CommandContext } from './deps.js';

export const auditCommand = (ctx: CommandContext): Command =>
  new Command('audit')
    .description('List and show past runs and cleanups from the audit database')
    .addCommand(
      addSettingOptions(new Command('list'), 'audit list')
        .description('List recent executions, newest first')
        .action(async (_flags: unknown, command: Command) => {
          const { config, inputs } = await completeAudit(command, ctx, 'audit list');
          const { resolveDefaulted } = await import('../config/resolve-settings.js');
          const limit = resolveDefaulted('limit', inputs).value;
          const executions = await readAudit(config, (reader, db) => reader.listExecutions(db, limit), []);
          ctx.stdout.write(config.output === 'json' ? `${JSON.stringify(executions, null, 2)}\n` : await formatList(executions, config));
        }),
    )
    .addCommand(
      new Command('show')
        .description('Show one execution: settings, workloads, VMs, resources and events')
        .argument('<run-id>', 'the run id of a run or cleanup (see audit list)')
        .action(async (runId: string, _flags: unknown, command: Command) => {
          const { config } = await completeAudit(command, ctx, 'global');
          const details = await readAudit(config, (reader, db) => reader.showExecution(db, runId), undefined);
          if (details === undefined) {
            throw new InvalidInputError('run id', runId, `no execution with this run id in ${config.auditDb} (see virtwork audit list)`);
          }
          ctx.stdout.write(config.output === 'json' ? `${JSON.stringify(details, null, 2)}\n` : await formatDetails(details));
        }),
    );

const completeAudit = async (command: Command, ctx: CommandContext, scope: 'global' | 'audit list'): Promise<CommonOptions> => {
  const options = await completeCommon(command, ctx, scope);
  validateTableOrJson(options.config, 'audit');
  return options;
};

type Reader = typeof AuditReader;

/** Opens the database only when the file exists; `none` otherwise. */
const readAudit = async <T>(config: CommonConfig, read: (reader: Reader, db: DatabaseSync) => T, none: T): Promise<T> => {
  if (!existsSync(config.auditDb)) return none;
  const [reader, { openAuditDatabaseForReading }] = await Promise.all([
    import('../audit/audit-reader.js'),
    import('../audit/open-database.js'),
  ]);
  const db = await openAuditDatabaseForReading(config.auditDb);
  try {
    return read(reader, db);
  } finally {
    db.close();
  }
};

const formatList = async (executions: readonly ExecutionSummary[], config: CommonConfig): Promise<string> => {
  if (executions.length === 0) return `No executions recorded in ${config.auditDb}.\n`;
  const { formatTable } = await import('./print-table.js');
  return formatTable(
    ['run id', 'command', 'dry run', 'status', 'namespace', 'vms', 'started', 'duration', 'linked runs'],
    executions.map((e) => [
      e.runId,
      e.command,
      String(e.dryRun),
      e.status,
      e.namespace,
      e.totalVmCount === null ? '' : String(e.totalVmCount),
      e.startedAt,
      duration(e.startedAt, e.completedAt),
      e.linkedRunIds.join(','),
    ]),
  );
};

const formatDetails = async ({ execution: e, workloads, vms, resources, events }: ExecutionDetails): Promise<string> => {
  const { formatTable } = await import('./print-table.js');
  const fields: [string, string | number | boolean | null][] = [
    ['Run ID', e.runId],
    ['Command', e.command],
    ['Status', e.status],
    ['Namespace', e.namespace],
    ['Started', e.startedAt],
    ['Completed', e.completedAt],
    ['Duration', duration(e.startedAt, e.completedAt)],
    ['Error', e.errorSummary],
    ['Kubeconfig', e.kubeconfigPath],
    ['Context', e.clusterContext],
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
