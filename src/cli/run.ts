/**
 * `virtwork run`: complete (flags, env, file, defaults -> RunConfig), validate, plan, then either
 * print every planned object (`--dry-run`, no cluster touched) or run the plan on the cluster.
 * Heavy modules load inside the action, so other commands do not pay for them.
 */
import { randomUUID } from 'node:crypto';
import { Command } from 'commander';
import type { KubernetesObject } from '@kubernetes/client-node';
import type { ResolvedRunConfig } from '../config/resolve-run-config.js';
import type { SettingSource } from '../config/resolve-settings.js';
import { SETTINGS } from '../config/settings.js';
import type { RunConfig } from '../config/types.js';
import { InvalidInputError } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import type { RunPlan } from '../orchestrator/plan-types.js';
import type * as registryModule from '../workloads/registry.js';
import type { CommandContext, TextSink } from './deps.js';
import { addSettingOptions, userFlags } from './options.js';
import { DRY_RUN_FORMATS, TABLE_OR_JSON } from './output-formats.js';

type Registry = typeof registryModule;

export interface RunOptions extends ResolvedRunConfig {
  readonly logger: Logger;
  readonly registry: Registry;
}

export const runCommand = (ctx: CommandContext): Command =>
  addSettingOptions(new Command('run'), 'run')
    .description('Create VMs that run the chosen workloads, wait until they are ready, and print a summary')
    .action(async (_flags: unknown, command: Command) => {
      const opts = await completeRun(command, ctx);
      validateRun(opts);
      const plan = await planRun(opts, ctx);
      const [{ openCommandAuditor }, { recordRunStart, recordRunEnd }] = await Promise.all([
        import('./cluster-command.js'),
        import('../orchestrator/run-audit.js'),
      ]);
      // A real run winds down on an interrupt from here on; a dry run only computes and prints.
      if (!opts.config.dryRun) ctx.armInterrupts?.();
      // A dry run is an execution too (command `dry-run`); the plan is recorded before anything else.
      const auditor = await openCommandAuditor(command, ctx, opts.logger);
      try {
        recordRunStart(auditor, opts.config, plan);
        if (opts.config.dryRun) {
          await printPlan(plan.objects, opts.config.output, ctx.stdout);
        } else {
          const { runOnCluster } = await import('./cluster-run.js');
          await runOnCluster({ plan, config: opts.config, logger: opts.logger, auditor }, ctx);
        }
        recordRunEnd(auditor, plan.runId);
      } catch (error) {
        // after a recorded report this changes nothing: an execution ends once
        recordRunEnd(auditor, plan.runId, error);
        throw error;
      } finally {
        auditor.close();
      }
    });

/** Resolve the configuration and set up logging; secrets are registered before anything logs. */
export const completeRun = async (command: Command, ctx: CommandContext): Promise<RunOptions> => {
  const [{ resolveRunConfig }, registry, { createLogger }] = await Promise.all([
    import('../config/resolve-run-config.js'),
    import('../workloads/registry.js'),
    import('../logging/logger.js'),
  ]);
  const resolved = await resolveRunConfig({
    flags: userFlags(command),
    env: ctx.env,
    cwd: ctx.cwd,
    // Names only: describeWorkloads() would also render every params schema.
    knownWorkloads: registry.builtins.map((workload) => workload.name),
  });
  const { ssh, verbose } = resolved.config;
  ctx.scrubber.add(ssh.password);
  for (const key of ssh.authorizedKeys) ctx.scrubber.add(key);

  const logger = createLogger({ verbose, scrubber: ctx.scrubber, ...(ctx.logSink && { sink: ctx.logSink }) });
  logger.debug({ config: resolved.config, sources: resolved.sources }, 'configuration resolved');
  for (const warning of resolved.warnings) logger.warn(warning);
  return { ...resolved, logger, registry };
};

/** Checks only: output format for the mode, every param against its workload, the mode itself. */
export const validateRun = (opts: RunOptions): void => {
  const { config } = opts;
  const formats = config.dryRun ? DRY_RUN_FORMATS : TABLE_OR_JSON;
  if (!formats.includes(config.output)) {
    const mode = config.dryRun ? 'with --dry-run' : 'for a run summary';
    throw new InvalidInputError('--output', config.output, `use ${formats.join(' or ')} ${mode}`);
  }
  validateRunParams(opts);
};

/** Every param against its workload, each error naming where that param was set. */
export const validateRunParams = ({ config, paramSources, registry }: RunOptions): void => {
  // One key at a time, so the error names where that key was set: --params, VIRTWORK_PARAMS or file:line.
  for (const [workload, params] of Object.entries(config.params)) {
    for (const [key, value] of Object.entries(params)) {
      try {
        registry.validateParams(workload, { [key]: value });
      } catch (error) {
        if (!(error instanceof InvalidInputError)) throw error;
        const field = paramSources[workload]?.[key] ?? error.field;
        throw new InvalidInputError(field, error.value, error.fix, { cause: error });
      }
    }
  }
};

/** The plan of one run: a fresh run id, and the password hashed once for every VM. */
export const planRun = async ({ config, logger, registry, sources }: RunOptions, ctx: CommandContext): Promise<RunPlan> => {
  const [{ buildRunPlan }, { hashPassword }] = await Promise.all([
    import('../orchestrator/plan.js'),
    import('../cloudinit/password.js'),
  ]);
  const runId = randomUUID();
  const passwordHash = config.ssh.password === undefined ? undefined : hashPassword(config.ssh.password);
  ctx.scrubber.add(passwordHash);
  const plan = withDiskSizeSource(sources.diskSize, () =>
    buildRunPlan(config, { runId, ...(passwordHash !== undefined && { passwordHash }) }, registry),
  );
  logger.info(
    { runId, namespace: plan.namespace, workloads: config.workloads, vms: plan.vms.length, objects: plan.objects.length },
    config.dryRun ? 'planned the run; dry run, nothing was created' : 'planned the run',
  );
  return plan;
};

/** Planning names the disk size `--disk-size`; the error names it as the user set it. */
const withDiskSizeSource = <T>(source: SettingSource | undefined, plan: () => T): T => {
  try {
    return plan();
  } catch (error) {
    if (!(error instanceof InvalidInputError) || error.field !== '--disk-size' || source === undefined) throw error;
    const setting = SETTINGS.diskSize;
    const field = source === 'env' ? setting.env : source === 'file' ? setting.fileKey : error.field;
    throw new InvalidInputError(field, error.value, error.fix, { cause: error });
  }
};

/** Multi-document YAML (`---` between objects), or one `v1` List as JSON, in creation order. */
export const printPlan = async (
  objects: readonly KubernetesObject[],
  output: RunConfig['output'],
  stdout: TextSink,
): Promise<void> => {
  if (output === 'json') {
    const { toList } = await import('../orchestrator/plan.js');
    stdout.write(`${JSON.stringify(toList(objects), null, 2)}\n`);
    return;
  }
  const { toYaml } = await import('./print-yaml.js');
  stdout.write(objects.map((object) => toYaml(object)).join('---\n'));
};
