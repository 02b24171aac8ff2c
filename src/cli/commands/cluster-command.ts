/**
 * What `cleanup`, `status` and `audit` share: the common settings (namespace, kubeconfig, context,
 * output, audit database) through the usual priority chain, the logger, the cluster connection and
 * the auditor that `--audit` / `--no-audit` selects.
 */
import type { Command } from 'commander';
import type { Auditor } from '../../audit/auditor.js';
import type { ClusterClient } from '../../cluster/client.js';
import type { CommonConfig } from '../../config/resolve-common-config.js';
import type { SettingInputs } from '../../config/resolve-settings.js';
import type { SettingCommand } from '../../config/settings.js';
import type { ApiContext } from '../../kube/api.js';
import type { Logger } from '../../logging/logger.js';
import { contextNamespaceReader } from '../context-namespace.js';
import type { CommandContext } from '../deps.js';
import { userFlags } from '../options.js';

export interface CommonOptions {
  readonly config: CommonConfig;
  readonly logger: Logger;
  /** --quiet: log errors only, draw no progress. */
  readonly quiet: boolean;
  /** The command's flags, the environment and the config file, read once: its own settings come from these. */
  readonly inputs: SettingInputs;
}

/**
 * The shared settings and the logger of a command whose own settings are those of `scope`.
 * `usesNamespace`: the command works in a namespace, so it looks for it in the kubeconfig's context
 * (by default the commands of `scope` that do: cleanup, status, wait).
 */
export const completeCommon = async (
  command: Command,
  ctx: CommandContext,
  scope: 'global' | SettingCommand,
  { usesNamespace = scope === 'cleanup' || scope === 'status' || scope === 'wait' }: { usesNamespace?: boolean } = {},
): Promise<CommonOptions> => {
  const [{ loadSettingInputs }, { resolveCommonConfig }, { createCommandLogger }, { inputWarnings }] = await Promise.all([
    import('../../config/resolve-settings.js'),
    import('../../config/resolve-common-config.js'),
    import('../command-logger.js'),
    import('../../config/input-warnings.js'),
  ]);
  const inputs = await loadSettingInputs({
    flags: userFlags(command, scope),
    env: ctx.env,
    cwd: ctx.cwd,
    ...(usesNamespace && { readContextNamespace: contextNamespaceReader(ctx.env) }),
  });
  const config = await resolveCommonConfig(inputs);
  const { logger, quiet } = await createCommandLogger(inputs, config.verbose, ctx);
  logger.debug({ config }, 'configuration resolved');
  for (const warning of inputWarnings(inputs)) logger.warn(warning);
  return { config, logger, quiet, inputs };
};

/** Runs `work` with an API context on the selected cluster, closing the connection after. */
export const withCluster = async <T>(
  config: Pick<CommonConfig, 'kubeconfig' | 'kubeconfigFrom' | 'context'>,
  ctx: CommandContext,
  logger: Logger,
  work: (api: ApiContext) => Promise<T>,
): Promise<T> => {
  ctx.armInterrupts?.();
  const { connectCluster } = await import('../../cluster/client.js');
  const cluster: ClusterClient = connectCluster({
    ...(config.kubeconfig !== undefined && { kubeconfig: config.kubeconfig }),
    ...(config.kubeconfigFrom !== undefined && { kubeconfigFrom: config.kubeconfigFrom }),
    ...(config.context !== undefined && { context: config.context }),
    env: ctx.env,
  });
  logger.debug({ server: cluster.server, context: cluster.contextName }, 'connecting to the cluster');
  try {
    return await work({
      cluster,
      signal: ctx.signal ?? new AbortController().signal,
      onRetry: (target, event) =>
        logger.debug({ verb: target.verb, resource: target.resource, attempt: event.attempt, delayMs: event.delayMs }, 'retrying a request'),
    });
  } finally {
    await cluster.close();
  }
};

/**
 * The SQLite auditor at `--audit-db`, or the no-op one with `--no-audit`. A write that fails later
 * (disk full) is logged as a warning: the audit trail must not stop a cleanup half-way.
 */
export const openAuditor = async (config: Pick<CommonConfig, 'audit' | 'auditDb' | 'goAuditDb'>, logger: Logger): Promise<Auditor> => {
  if (!config.audit) return new (await import('../../audit/noop-auditor.js')).NoOpAuditor();
  // Before our file exists: opening creates it, and the hint is for the first time only.
  await warnAboutGoDatabase(config, logger);
  const { SqliteAuditor } = await import('../../audit/sqlite-auditor.js');
  const auditor = await SqliteAuditor.open(config.auditDb, { onError: (error) => logger.warn({ err: error.message }, 'audit write failed') });
  logger.debug({ file: config.auditDb }, 'audit database open');
  return auditor;
};

/** Points out a Go-written `./virtwork.db` while the default database does not exist yet. */
export const warnAboutGoDatabase = async (config: Pick<CommonConfig, 'auditDb' | 'goAuditDb'>, logger: Logger): Promise<void> => {
  if (config.goAuditDb === undefined) return;
  const { goDatabaseHint } = await import('../../audit/go-database-hint.js');
  const hint = await goDatabaseHint(config.goAuditDb, './virtwork.db', config.auditDb);
  if (hint !== undefined) logger.warn(hint);
};
