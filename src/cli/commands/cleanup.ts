/**
 * `virtwork cleanup`: complete (every setting, from the one table), validate, run the cleanup
 * orchestrator, print.
 * Without --yes it asks for confirmation on a terminal, showing what would go; elsewhere it
 * refuses (exit 2). Any failed delete prints with the result and then exits 1.
 */
import { randomUUID } from 'node:crypto';
import { Command } from 'commander';
import { InvalidInputError } from '../../errors.js';
import type { NamespaceFound } from '../../orchestrator/cleanup-all-namespaces.js';
import type { CleanupOptions, CleanupPlan, CleanupResult } from '../../orchestrator/cleanup.js';
import { completeCommon, openAuditor, withCluster, type CommonOptions } from './cluster-command.js';
import type { CommandContext, InputStream } from '../deps.js';
import { withExamples } from '../examples.js';
import { addSettingOptions } from '../options.js';
import { addOutputOption, COMMAND_FORMATS } from '../output/formats.js';
import { findRunNamespace } from '../run-namespace.js';

interface CleanupCommandOptions extends CommonOptions {
  readonly cleanup: CleanupOptions;
  /** -A: every namespace holding virtwork objects; `cleanup.namespace` is then ignored. */
  readonly allNamespaces: boolean;
  /** --yes: delete without asking. */
  readonly yes: boolean;
}

export const cleanupCommand = (ctx: CommandContext): Command =>
  withExamples(addOutputOption(addSettingOptions(new Command('cleanup'), 'cleanup'), COMMAND_FORMATS.cleanup), [
    'virtwork cleanup --dry-run                           # list what would be deleted',
    'virtwork cleanup --run-id 3f2a --yes --wait          # one run, by a unique prefix of its id',
    'virtwork cleanup -A -l virtwork/workload=cpu --yes   # the cpu VMs of every namespace',
  ])
    .description('Delete everything virtwork created in the namespace (or every namespace, with -A), found by its labels')
    .action(async (_flags: unknown, command: Command) => {
      const opts = await completeCleanup(command, ctx);
      validateCleanup(opts);
      if (opts.allNamespaces) {
        const results = await runCleanupAcrossCommand(opts, ctx);
        await printCleanups(results, opts, ctx);
        return;
      }
      const result = await runCleanupCommand(opts, ctx);
      await printCleanup(result, opts, ctx);
    });

/** Every cleanup setting through the one chain: flag > VIRTWORK_* > config file > default. */
const completeCleanup = async (command: Command, ctx: CommandContext): Promise<CleanupCommandOptions> => {
  const common = await completeCommon(command, ctx, 'cleanup');
  const { resolveDefaulted, resolveSetting } = await import('../../config/resolve-settings.js');
  const value = <K extends 'deleteNamespace' | 'dryRun' | 'wait' | 'timeout' | 'yes' | 'allNamespaces'>(key: K) => resolveDefaulted(key, common.inputs).value;
  const runId = resolveSetting('runId', common.inputs)?.value;
  const selector = resolveSetting('selector', common.inputs)?.value;
  const allNamespaces = value('allNamespaces');
  // Without -n, a run recorded in the audit database is looked for where it ran.
  const recorded = runId === undefined || allNamespaces ? undefined : await findRunNamespace(common.config, runId);
  if (recorded !== undefined) common.logger.debug({ runId: recorded.runId, namespace: recorded.namespace }, 'namespace of the run, from the audit database');
  return {
    ...common,
    allNamespaces,
    cleanup: {
      namespace: recorded?.namespace ?? common.config.namespace,
      ...(runId !== undefined && { runId }),
      ...(selector !== undefined && { selector }),
      deleteNamespace: value('deleteNamespace'),
      dryRun: value('dryRun'),
      wait: value('wait'),
      timeoutSeconds: value('timeout'),
    },
    yes: value('yes'),
  };
};

/**
 * Checks only. A namespace goes only when a cleanup empties it: not one namespace after another
 * (`-A`, kubectl never deletes namespaces for -A either), and not when `-l` leaves other virtwork
 * objects behind in it.
 */
const validateCleanup = ({ allNamespaces, cleanup }: CleanupCommandOptions): void => {
  if (!cleanup.deleteNamespace) return;
  if (allNamespaces) {
    throw new InvalidInputError('--delete-namespace', 'with --all-namespaces', 'deletes one namespace at a time: name it with -n instead of -A');
  }
  if (cleanup.selector !== undefined) {
    throw new InvalidInputError(
      '--delete-namespace',
      `with --selector ${cleanup.selector}`,
      'the namespace goes only once the cleanup empties it, and -l leaves the other virtwork objects; leave out -l, or --delete-namespace',
    );
  }
};

/** Every namespace holding virtwork objects (-A), each cleaned up and audited as with -n, asking once unless --yes. */
const runCleanupAcrossCommand = async ({ cleanup, yes, config, logger }: CleanupCommandOptions, ctx: CommandContext): Promise<CleanupResult[]> => {
  const [{ runCleanupAcross }, { resolveRunIdOnCluster }] = await Promise.all([
    import('../../orchestrator/cleanup-all-namespaces.js'),
    import('../../orchestrator/run-id-on-cluster.js'),
  ]);
  const { namespace: _ignoredWithA, ...options } = cleanup;
  const auditor = await openAuditor(config, logger);
  try {
    const results = await withCluster(config, ctx, logger, async (api) =>
      runCleanupAcross(await withWholeRunId(options, (runId) => resolveRunIdOnCluster(api, runId, { ...cleanup, allNamespaces: true })), {
        api,
        auditor,
        newExecutionId: randomUUID,
        ...(config.kubeconfig !== undefined && { kubeconfigPath: config.kubeconfig }),
        ...(!yes && { confirm: (found) => confirmCleanupAcross(found, ctx) }),
        onNote: (message, fields) => logger.warn(fields, message),
      }),
    );
    logger.info(
      { executionIds: results.map((r) => r.executionId), namespaces: results.map((r) => r.plan.namespace), failures: results.reduce((n, r) => n + r.failures.length, 0) },
      cleanup.dryRun ? 'cleanup dry run finished' : 'cleanup finished',
    );
    return results;
  } finally {
    auditor.close();
  }
};

/** Deletes (or, with --dry-run, lists) through the cleanup orchestrator, asking first unless --yes. */
const runCleanupCommand = async ({ cleanup, yes, config, logger }: CleanupCommandOptions, ctx: CommandContext): Promise<CleanupResult> => {
  const [{ runCleanup }, { resolveRunIdOnCluster }] = await Promise.all([
    import('../../orchestrator/cleanup.js'),
    import('../../orchestrator/run-id-on-cluster.js'),
  ]);
  const auditor = await openAuditor(config, logger);
  try {
    const result = await withCluster(config, ctx, logger, async (api) =>
      runCleanup(await withWholeRunId(cleanup, (runId) => resolveRunIdOnCluster(api, runId, cleanup)), {
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
  const [{ CleanupFailedError }, { formatCleanup, formatCleanupNames }, { formatAs }] = await Promise.all([
    import('../../orchestrator/cleanup.js'),
    import('../output/cleanup.js'),
    import('../output/print.js'),
  ]);
  ctx.stdout.write(formatAs(config.output, result, { table: () => formatCleanup(result), name: () => formatCleanupNames(result) }));
  if (result.failures.length > 0) throw new CleanupFailedError(result.failures);
};

/** The options with `--run-id` as the whole id its prefix stands for, found on the cluster. */
const withWholeRunId = async <T extends { readonly runId?: string }>(options: T, resolve: (runId: string) => Promise<string>): Promise<T> =>
  options.runId === undefined ? options : { ...options, runId: await resolve(options.runId) };

/** With -A: a JSON list of the namespaces' results, or each one's table under its namespace. */
const printCleanups = async (results: readonly CleanupResult[], { config, cleanup }: CleanupCommandOptions, ctx: CommandContext): Promise<void> => {
  const [{ CleanupFailedError }, { formatCleanup, formatCleanupNames }, { managedSelector }, { formatAs }] = await Promise.all([
    import('../../orchestrator/cleanup.js'),
    import('../output/cleanup.js'),
    import('../../kube/labels.js'),
    import('../output/print.js'),
  ]);
  if (config.output !== 'table') ctx.stdout.write(formatAs(config.output, results, { table: () => '', name: () => results.map(formatCleanupNames).join('') }));
  else if (results.length === 0) {
    ctx.stdout.write(`No virtwork objects found in any namespace (selector ${managedSelector(cleanup.runId, cleanup.selector)}).\n`);
  } else ctx.stdout.write(results.map((result) => `Namespace ${result.plan.namespace}:\n${formatCleanup(result)}`).join('\n'));
  const failures = results.flatMap((result) => result.failures);
  if (failures.length > 0) throw new CleanupFailedError(failures);
};

/** -A: one question for every namespace found. */
const confirmCleanupAcross = async (found: readonly NamespaceFound[], ctx: CommandContext): Promise<boolean> => {
  const { countsOfNames } = await import('../output/cleanup.js');
  const names = found.map((f) => f.namespace);
  const where = `${names.length} namespace${names.length === 1 ? '' : 's'} (${names.join(', ')})`;
  return confirmDeleting(countsOfNames(found.map((f) => f.objects)), where, ctx);
};

/**
 * Asks on a terminal, showing what would go. Without a terminal there is no one to ask: refuse
 * (exit 2) and say how to go on. Nothing to delete needs no confirmation.
 */
const confirmCleanup = async (plan: CleanupPlan, ctx: CommandContext): Promise<boolean> => {
  const { countsLine } = await import('../output/cleanup.js');
  return confirmDeleting(countsLine(plan), `namespace ${plan.namespace}`, ctx);
};

/** `counts`: what would go, undefined when nothing would; `where`: `namespace x` or `2 namespaces (x, y)`. */
const confirmDeleting = async (counts: string | undefined, where: string, ctx: CommandContext): Promise<boolean> => {
  if (counts === undefined) return true;
  const stdin = ctx.stdin;
  if (stdin?.isTTY !== true) {
    throw new InvalidInputError(
      '--yes',
      'not given',
      `cleanup would delete ${counts} in ${where}; stdin is not a terminal, so confirm with --yes ` +
        '(or preview with --dry-run)',
    );
  }
  ctx.stderr.write(`Delete ${counts} in ${where}? [y/N] `);
  const answer = await readLine(stdin, ctx.signal);
  return /^y(es)?$/i.test(answer.trim());
};

/**
 * One line from the terminal; empty at end of input. Ctrl-C (the interrupt `signal`) ends the wait
 * at once with the interrupt as the error: the cleanup is recorded `interrupted` and exits 130.
 */
const readLine = async (stdin: InputStream, signal: AbortSignal | undefined): Promise<string> => {
  const { createInterface } = await import('node:readline');
  const lines = createInterface({ input: stdin, terminal: false });
  let onAbort = (): void => undefined;
  try {
    return await new Promise<string>((resolve, reject) => {
      onAbort = () => reject(signal?.reason as Error);
      if (signal?.aborted === true) onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      lines.once('line', resolve);
      lines.once('close', () => resolve(''));
    });
  } finally {
    signal?.removeEventListener('abort', onAbort);
    lines.close();
  }
};
