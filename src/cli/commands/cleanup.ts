/**
 * `virtwork cleanup`: complete (every setting, from the one table), validate, run the cleanup
 * orchestrator, print.
 * Without --yes it asks for confirmation on a terminal, showing what would go; elsewhere it
 * refuses (exit 2). Any failed delete prints with the result and then exits 1.
 */
import { randomUUID } from 'node:crypto';
import { Command } from 'commander';
import { InvalidInputError } from '../../errors.js';
import type { CleanupOptions, CleanupPlan, CleanupResult } from '../../orchestrator/cleanup.js';
import { completeCommon, openAuditor, validateTableOrJson, withCluster, type CommonOptions } from './cluster-command.js';
import type { CommandContext, InputStream } from '../deps.js';
import { addSettingOptions } from '../options.js';

interface CleanupCommandOptions extends CommonOptions {
  readonly cleanup: CleanupOptions;
  /** --yes: delete without asking. */
  readonly yes: boolean;
}

export const cleanupCommand = (ctx: CommandContext): Command =>
  addSettingOptions(new Command('cleanup'), 'cleanup')
    .description('Delete everything virtwork created in the namespace, found by its labels')
    .action(async (_flags: unknown, command: Command) => {
      const opts = await completeCleanup(command, ctx);
      validateTableOrJson(opts.config, 'cleanup');
      const result = await runCleanupCommand(opts, ctx);
      await printCleanup(result, opts, ctx);
    });

/** Every cleanup setting through the one chain: flag > VIRTWORK_* > config file > default. */
const completeCleanup = async (command: Command, ctx: CommandContext): Promise<CleanupCommandOptions> => {
  const common = await completeCommon(command, ctx, 'cleanup');
  const { resolveDefaulted, resolveSetting } = await import('../../config/resolve-settings.js');
  const value = <K extends 'deleteNamespace' | 'dryRun' | 'wait' | 'timeout' | 'yes'>(key: K) => resolveDefaulted(key, common.inputs).value;
  const runId = resolveSetting('runId', common.inputs)?.value;
  return {
    ...common,
    cleanup: {
      namespace: common.config.namespace,
      ...(runId !== undefined && { runId }),
      deleteNamespace: value('deleteNamespace'),
      dryRun: value('dryRun'),
      wait: value('wait'),
      timeoutSeconds: value('timeout'),
    },
    yes: value('yes'),
  };
};

/** Deletes (or, with --dry-run, lists) through the cleanup orchestrator, asking first unless --yes. */
const runCleanupCommand = async ({ cleanup, yes, config, logger }: CleanupCommandOptions, ctx: CommandContext): Promise<CleanupResult> => {
  const { runCleanup } = await import('../../orchestrator/cleanup.js');
  const auditor = await openAuditor(config, logger);
  try {
    const result = await withCluster(config, ctx, logger, (api) =>
      runCleanup(cleanup, {
        api,
        auditor,
        executionId: randomUUID(),
        ...(config.kubeconfig !== undefined && { kubeconfigPath: config.kubeconfig }),
        ...(!yes && { confirm: (plan) => confirmCleanup(plan, ctx) }),
        onNote: (message, fields) => logger.warn(fields, message),
      }),
    );
    logger.info(
      { executionId: result.executionId, deleted: result.deleted, runIds: result.plan.runIds, failures: result.failures.length },
      result.dryRun ? 'cleanup dry run finished' : 'cleanup finished',
    );
    return result;
  } finally {
    auditor.close();
  }
};

/** The result as a table or JSON; then any failed delete becomes the command's error (exit 1). */
const printCleanup = async (result: CleanupResult, { config }: CommonOptions, ctx: CommandContext): Promise<void> => {
  const [{ CleanupFailedError }, { formatCleanup }] = await Promise.all([
    import('../../orchestrator/cleanup.js'),
    import('../output/cleanup.js'),
  ]);
  ctx.stdout.write(config.output === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatCleanup(result));
  if (result.failures.length > 0) throw new CleanupFailedError(result.failures);
};

/**
 * Asks on a terminal, showing what would go. Without a terminal there is no one to ask: refuse
 * (exit 2) and say how to go on. Nothing to delete needs no confirmation.
 */
const confirmCleanup = async (plan: CleanupPlan, ctx: CommandContext): Promise<boolean> => {
  const { countsLine } = await import('../output/cleanup.js');
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
