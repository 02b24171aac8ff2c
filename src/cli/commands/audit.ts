/**
 * `virtwork audit list` (recent executions) and `virtwork audit show <run-id>` (one execution with
 * its workloads, VMs, resources and events), as tables or `-o json`. Reading never creates the
 * database: with no file yet there is simply nothing recorded.
 */
import { existsSync } from 'node:fs';
import { Command } from 'commander';
import type { DatabaseSync } from 'node:sqlite';
import type * as AuditReader from '../../audit/audit-reader.js';
import type { CommonConfig } from '../../config/resolve-common-config.js';
import { InvalidInputError } from '../../errors.js';
import { completeCommon, warnAboutGoDatabase, type CommonOptions } from './cluster-command.js';
import { addSettingOptions } from '../options.js';
import { addOutputOption, COMMAND_FORMATS } from '../output/formats.js';
import type { CommandContext } from '../deps.js';
import { withExamples } from '../examples.js';

export const auditCommand = (ctx: CommandContext): Command =>
  withExamples(new Command('audit'), [
    'virtwork audit list --limit 5',
    'virtwork audit list --context prod -n team-a     # what ran through one context, in one namespace',
    'virtwork audit show 3f2a -o json',
  ])
    .description('List and show past runs and cleanups from the audit database')
    .addCommand(
      addOutputOption(addSettingOptions(new Command('list'), 'audit list'), COMMAND_FORMATS['audit list'])
        .description('List recent executions, newest first')
        .action(async (_flags: unknown, command: Command) => {
          const { config, inputs } = await completeAudit(command, ctx, 'audit list');
          const { resolveDefaulted, resolveSetting } = await import('../../config/resolve-settings.js');
          const limit = resolveDefaulted('limit', inputs).value;
          // Only what is typed here filters: a namespace or context from the environment, the config
          // file or the kubeconfig would hide past executions without saying so.
          const typed = <K extends 'namespace' | 'context'>(key: K) => {
            const resolved = resolveSetting(key, inputs);
            return resolved?.source === 'flag' ? resolved.value : undefined;
          };
          const namespace = typed('namespace');
          const context = typed('context');
          const filter = { ...(namespace !== undefined && { namespace }), ...(context !== undefined && { context }) };
          const executions = await readAudit(config, (reader, db) => reader.listExecutions(db, limit, filter), []);
          const [{ formatAuditList }, { formatAs }] = await Promise.all([import('../output/audit.js'), import('../output/print.js')]);
          ctx.stdout.write(
            formatAs(config.output, executions, {
              table: () => formatAuditList(executions, config.auditDb),
              wide: () => formatAuditList(executions, config.auditDb, { wide: true }),
            }),
          );
        }),
    )
    .addCommand(
      addOutputOption(new Command('show'), COMMAND_FORMATS['audit show'])
        .description('Show one execution: settings, workloads, VMs, resources and events')
        .argument('<run-id>', 'the run id of a run or cleanup, or a unique prefix of it (see audit list)')
        .action(async (runId: string, _flags: unknown, command: Command) => {
          const { config } = await completeAudit(command, ctx, 'global');
          const { matchRunId } = await import('../../config/run-id-match.js');
          // A unique prefix will do; the whole id is matched even when it prefixes another.
          const details = await readAudit(
            config,
            (reader, db) => {
              const candidates = reader.runIdsStartingWith(db, runId);
              return candidates.length === 0 ? undefined : reader.showExecution(db, matchRunId(runId, candidates, 'run id', `in ${config.auditDb}`));
            },
            undefined,
          );
          if (details === undefined) {
            throw new InvalidInputError('run id', runId, `no execution with this run id in ${config.auditDb} (see virtwork audit list)`);
          }
          const [{ formatAuditDetails }, { formatAs }] = await Promise.all([import('../output/audit.js'), import('../output/print.js')]);
          ctx.stdout.write(formatAs(config.output, details, { table: () => formatAuditDetails(details) }));
        }),
    );

const completeAudit = async (command: Command, ctx: CommandContext, scope: 'global' | 'audit list'): Promise<CommonOptions> => {
  const options = await completeCommon(command, ctx, scope);
  await warnAboutGoDatabase(options.config, options.logger);
  return options;
};

type Reader = typeof AuditReader;

/** Opens the database only when the file exists; `none` otherwise. */
const readAudit = async <T>(config: CommonConfig, read: (reader: Reader, db: DatabaseSync) => T, none: T): Promise<T> => {
  if (!existsSync(config.auditDb)) return none;
  const [reader, { openAuditDatabaseForReading }] = await Promise.all([
    import('../../audit/audit-reader.js'),
    import('../../audit/open-database.js'),
  ]);
  const db = await openAuditDatabaseForReading(config.auditDb);
  try {
    return read(reader, db);
  } finally {
    db.close();
  }
};
