/**
 * `virtwork cleanup`: complete (settings, auditor), validate, run the cleanup orchestrator, print.
 * Without --yes it asks for confirmation on a terminal, showing what would go; elsewhere it
 * refuses (exit 2). Any failed delete prints with the result and then exits 1.
 */
import { randomUUID } from 'node:crypto';
import { Command } from 'commander';
import { LABEL_VALUE_MAX_LENGTH, LABEL_VALUE_PATTERN } from '../constants.js';
import { InvalidInputError } from '../errors.js';
import type { CleanupOptions, CleanupPlan } from '../orchestrator/cleanup.js';
import { completeCommon, openAuditor, validateTableOrJson, withCluster, type CommonOptions } from './cluster-command.js';
import type { CommandContext, InputStream } from './deps.js';
import { userFlags } from './options.js';

interface CleanupFlags {
  readonly runId?: string;
  readonly deleteNamespace: boolean;
  readonly dryRun: boolean;
  readonly yes: boolean;
  readonly wait: boolean;
}

export const cleanupCommand = (ctx: CommandContext): Command =>
  new Command('cleanup')
    .description('Delete everything virtwork created in the namespace, found by its labels')
    .option('--run-id <uuid>', 'only the objects of this run (its virtwork/run-id label)')
    .option('--delete-namespace', 'also delete the namespace, when virtwork created it and it holds nothing else', false)
    .option('--dry-run', 'list what would be deleted and delete nothing', false)
    .option('-y, --yes', 'delete without asking (required when stdin is not a terminal)', false)
    .option('--wait', 'wait until the deleted objects are gone, up to --timeout', false)
    .option('--timeout <duration>', 'how long --wait waits: seconds, or a duration such as 10m (default 600)')
    .action(async (flags: CleanupFlags, command: Command) => {
      const common = await completeCommon(command, ctx);
      const options = await completeCleanupOptions(flags, command, common, ctx);
      validateTableOrJson(common.config, 'cleanup');
      await executeCleanup(options, flags, common, ctx);
    });

const completeCleanupOptions = async (
  flags: CleanupFlags,
  command: Command,
  { config }: CommonOptions,
  ctx: CommandContext,
): Promise<CleanupOptions> => {
  if (flags.runId !== undefined) validateRunId(flags.runId);
  const { resolveSetting } = await import('../config/resolve-settings.js');
  // --timeout shares its setting with run: VIRTWORK_TIMEOUT and the file's `timeout` apply too.
  const timeout = resolveSetting('timeout', { flags: userFlags(command), env: ctx.env, cwd: ctx.cwd });
  return {
    namespace: config.namespace,
    ...(flags.runId !== undefined && { runId: flags.runId }),
    deleteNamespace: flags.deleteNamespace,
    dryRun: flags.dryRun,
    wait: flags.wait,
    timeoutSeconds: timeout?.value ?? 600,
  };
};

/** A run id is a label value: checked here so the error names the flag. */
const validateRunId = (runId: string): void => {
  if (runId.length > LABEL_VALUE_MAX_LENGTH || !LABEL_VALUE_PATTERN.test(runId)) {
    throw new InvalidInputError('--run-id', runId, 'a run id is a label value, such as the UUID `virtwork run` printed');
  }
};

const executeCleanup = async (
  options: CleanupOptions,
  flags: CleanupFlags,
  { config, logger }: CommonOptions,
  ctx: CommandContext,
): Promise<void> => {
  const [{ runCleanup, CleanupFailedError }, { formatCleanup }] = await Promise.all([
    import('../orchestrator/cleanup.js'),
    import('./cleanup-output.js'),
  ]);
  const auditor = await openAuditor(config, logger);
  try {
    const result = await withCluster(config, ctx, logger, (api) =>
      runCleanup(options, {
        api,
        auditor,
        executionId: randomUUID(),
        ...(config.kubeconfig !== undefined && { kubeconfigPath: config.kubeconfig }),
        ...(!flags.yes && { confirm: (plan) => confirmCleanup(plan, ctx) }),
        onNote: (message, fields) => logger.warn(fields, message),
      }),
    );
    logger.info(
      { executionId: result.executionId, deleted: result.deleted, runIds: result.plan.runIds, failures: result.failures.length },
      result.dryRun ? 'cleanup dry run finished' : 'cleanup finished',
    );
    ctx.stdout.write(config.output === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatCleanup(result));
    if (result.failures.length > 0) throw new CleanupFailedError(result.failures);
  } finally {
    auditor.close();
  }
};

/**
 * Asks on a terminal, showing what would go. Without a terminal there is no one to ask: refuse
 * (exit 2) and say how to go on. Nothing to delete needs no confirmation.
 */
const confirmCleanup = async (plan: CleanupPlan, ctx: CommandContext): Promise<boolean> => {
  const { countsLine } = await import('./cleanup-output.js');
  const counts = countsLine(plan);
  if (counts === undefined) return true;
  const stdin = ctx.stdin;
  if (stdin?.isTTY !== true) {
    throw new InvalidInputError(
      '--yes',
      'not given',
      `cleanup would delete ${counts} in namespace ${plan.namespace}; stdin is not a terminal, so confirm with --yes ` +
        '(or preview with --dry-run)',
    );
  }
  ctx.stderr.write(`Delete ${counts} in namespace ${plan.namespace}? [y/N] `);
  const answer = await readLine(stdin);
  return /^y(es)?$/i.test(answer.trim());
};

/** One line from the terminal; empty at end of input. */
const readLine = async (stdin: InputStream): Promise<string> => {
  const { createInterface } = await import('node:readline');
  const lines = createInterface({ input: stdin, terminal: false });
  try {
    return await new Promise<string>((resolve) => {
      lines.once('line', resolve);
      lines.once('close', () => resolve(''));
    });
  } finally {
    lines.close();
  }
};
