/**
 * `virtwork __complete SOURCE`: hidden; the completion scripts call it for the values only known
 * while typing (cobra's `__complete` plays this part for kubectl): the kubeconfig's contexts, the
 * namespaces that hold virtwork VMs, the audit database's run ids, every `--params` key. It reads the
 * same kubeconfig, config file and audit database as any other command, never waits more than a few
 * seconds, and prints nothing but candidates: a failure is silent, as a completion must be.
 */
import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { DYNAMIC_SOURCES, type DynamicSource } from '../output/completion-script.js';
import type { CommandContext } from '../deps.js';
import { userFlags } from '../options.js';

/** The cluster gets this long to answer (a loaded laptop, a distant API) before completion gives up on it. */
const CLUSTER_TIMEOUT_MS = 8_000;
/** The run ids offered, newest first. */
const RUN_IDS = 50;

export const completeCommand = (ctx: CommandContext): Command =>
  new Command('__complete')
    .argument('<source>', DYNAMIC_SOURCES.join(', '))
    .action(async (source: string, _flags: unknown, command: Command) => {
      if (!(DYNAMIC_SOURCES as readonly string[]).includes(source)) return;
      const values = await valuesOf(source as DynamicSource, command, ctx).catch(() => []);
      ctx.stdout.write(values.map((value) => `${value}\n`).join(''));
    });

const valuesOf = async (source: DynamicSource, command: Command, ctx: CommandContext): Promise<string[]> => {
  const { loadSettingInputs } = await import('../../config/resolve-settings.js');
  const inputs = await loadSettingInputs({ flags: userFlags(command, 'global'), env: ctx.env, cwd: ctx.cwd });
  switch (source) {
    case 'params': {
      const [{ loadCatalog }, { workloadSet }, { paramKeys }] = await Promise.all([
        import('../catalog.js'),
        import('../../workloads/workload-set.js'),
        import('../../orchestrator/completion-values.js'),
      ]);
      const catalog = await loadCatalog(inputs);
      return paramKeys(workloadSet(catalog.checked.flatMap((checked) => (checked.entry ? [checked.entry] : []))).describeWorkloads());
    }
    case 'run-ids': {
      const { resolveCommonConfig } = await import('../../config/resolve-common-config.js');
      const { auditDb } = await resolveCommonConfig(inputs);
      if (!existsSync(auditDb)) return [];
      const [{ listExecutions }, { openAuditDatabaseForReading }] = await Promise.all([import('../../audit/audit-reader.js'), import('../../audit/open-database.js')]);
      const db = await openAuditDatabaseForReading(auditDb);
      try {
        return listExecutions(db, RUN_IDS).flatMap((e) => (e.command === 'run' ? [e.runId] : []));
      } finally {
        db.close();
      }
    }
    case 'contexts': {
      const { resolveCommonConfig } = await import('../../config/resolve-common-config.js');
      const config = await resolveCommonConfig(inputs);
      const { loadKubeconfig } = await import('../../cluster/kubeconfig.js');
      const loaded = loadKubeconfig({ ...(config.kubeconfig !== undefined && { kubeconfig: config.kubeconfig }), env: ctx.env });
      return loaded.kubeConfig.getContexts().map((c) => c.name);
    }
    case 'namespaces': {
      const { resolveCommonConfig } = await import('../../config/resolve-common-config.js');
      const config = await resolveCommonConfig(inputs);
      const [{ connectCluster }, { namespacesWithVms }] = await Promise.all([import('../../cluster/client.js'), import('../../orchestrator/completion-values.js')]);
      const cluster = connectCluster({
        ...(config.kubeconfig !== undefined && { kubeconfig: config.kubeconfig }),
        ...(config.context !== undefined && { context: config.context }),
        env: ctx.env,
      });
      try {
        return await namespacesWithVms({ cluster, signal: AbortSignal.timeout(CLUSTER_TIMEOUT_MS) });
      } finally {
        await cluster.close();
      }
    }
  }
};
