/**
 * `virtwork run`: complete (flags, env, file, defaults -> RunConfig), validate, plan, then either
 * print every planned object (`--dry-run`, no cluster touched) or run the plan on the cluster and
 * print its summary.
 * Heavy modules load inside the action, so other commands do not pay for them.
 */
import { randomUUID } from 'node:crypto';
import { Command } from 'commander';
import type { CommonConfig } from '../../config/resolve-common-config.js';
import type { ResolvedRunConfig } from '../../config/resolve-run-config.js';
import { SETTINGS } from '../../config/settings.js';
import type { RunConfig } from '../../config/types.js';
import { InvalidInputError } from '../../errors.js';
import type { Logger } from '../../logging/logger.js';
import type { PlanOptions } from '../../orchestrator/plan.js';
import type { RunPlan } from '../../orchestrator/plan-types.js';
import type { RunReport } from '../../orchestrator/run-report.js';
import type { WorkloadSet } from '../../workloads/workload-set.js';
import { contextNamespaceReader } from '../context-namespace.js';
import type { CommandContext } from '../deps.js';
import { withExamples } from '../examples.js';
import { addSettingOptions, userFlags } from '../options.js';
import { addOutputOption, COMMAND_FORMATS, DRY_RUN_FORMATS } from '../output/formats.js';
import type { CheckedEntry } from '../../workloads/catalog/entry.js';
import { problemError } from '../../workloads/catalog/problems.js';

export interface RunOptions extends ResolvedRunConfig {
  /** The settings every command shares, from the same inputs: the audit database among them. */
  readonly common: CommonConfig;
  readonly logger: Logger;
  /** --quiet: log errors only, draw no progress. */
  readonly quiet: boolean;
  /** The built-ins and the catalog's valid entries. */
  readonly registry: WorkloadSet;
}

export const runCommand = (ctx: CommandContext): Command =>
  withExamples(addOutputOption(addSettingOptions(new Command('run'), 'run'), COMMAND_FORMATS.run), [
    'virtwork run --dry-run --workloads cpu,disk          # print the objects, touch no cluster',
    'virtwork run --vm-count 2 --params cpu.cpu-load-percent=60',
    'virtwork run --from-catalog redis --no-wait -o json',
  ])
    .description('Create VMs that run the chosen workloads, wait until they are ready, and print a summary')
    .action(async (_flags: unknown, command: Command) => {
      const opts = await completeRun(command, ctx);
      validateRun(opts);
      const plan = await planRun(opts, ctx);
      // From here on an interrupt winds down: a real run prints what exists; a dry run stops printing
      // (it yields between writes) and records itself interrupted.
      ctx.armInterrupts?.();
      const report = await executeRun(plan, opts, ctx);
      if (report !== undefined) await printRunReport(report, opts.config, ctx);
    });

/**
 * Runs the plan (a dry run prints it) inside its audit execution: started with the plan, ended once
 * with the report or the error that stopped the run. A dry run is an execution too (`dry-run`).
 */
const executeRun = async (plan: RunPlan, opts: RunOptions, ctx: CommandContext): Promise<RunReport | undefined> => {
  const [{ openAuditor }, { RunAudit }] = await Promise.all([import('./cluster-command.js'), import('../../orchestrator/run-audit.js')]);
  const auditor = await openAuditor(opts.common, opts.logger);
  try {
    const audit = RunAudit.start(auditor, opts.config, plan);
    let report: RunReport | undefined;
    try {
      if (opts.config.dryRun) {
        await printPlan(plan, opts.config.output, ctx);
      } else {
        const { runOnCluster } = await import('./cluster-run.js');
        report = await runOnCluster({ plan, config: opts.config, logger: opts.logger, recorder: audit, quiet: opts.quiet }, ctx);
      }
    } catch (error) {
      audit.end({ error });
      throw error;
    }
    audit.end(report === undefined ? {} : { report });
    return report;
  } finally {
    auditor.close();
  }
};

/** The summary, whatever happened once creating began; then the run's failure, for main to print and exit with. */
const printRunReport = async (report: RunReport, config: RunConfig, ctx: CommandContext): Promise<void> => {
  const { printSummary } = await import('../output/summary.js');
  printSummary(report, config.output, ctx.stdout);
  // The summary carries the cleanup hint, once.
  if (report.failure) throw report.failure;
};

/** Resolve the configuration from one read of the inputs, and set up logging; secrets are registered before anything logs. */
export const completeRun = async (command: Command, ctx: CommandContext): Promise<RunOptions> => {
  const [{ loadSettingInputs }, { resolveRunConfig }, { resolveCommonConfig }, { workloadSet }, { loadCatalog }, { createCommandLogger }] = await Promise.all([
    import('../../config/resolve-settings.js'),
    import('../../config/resolve-run-config.js'),
    import('../../config/resolve-common-config.js'),
    import('../../workloads/workload-set.js'),
    import('../catalog.js'),
    import('../command-logger.js'),
  ]);
  const inputs = await loadSettingInputs({
    flags: userFlags(command, 'run'),
    env: ctx.env,
    cwd: ctx.cwd,
    readContextNamespace: contextNamespaceReader(ctx.env),
  });
  const catalog = await loadCatalog(inputs);
  const registry = workloadSet(catalog.checked.flatMap((checked) => (checked.entry ? [checked.entry] : [])));
  const entryNames = catalog.checked.map((checked) => checked.name);
  const resolved = await resolveRunConfig({ ...inputs, knownWorkloads: [...registry.builtinNames, ...entryNames], catalogEntries: entryNames });
  refuseBrokenEntries(resolved.config.workloads, catalog.checked);
  const { ssh, verbose } = resolved.config;
  ctx.scrubber.add(ssh.password);
  for (const key of ssh.authorizedKeys) ctx.scrubber.add(key);

  const { logger, quiet } = await createCommandLogger(inputs, verbose, ctx);
  logger.debug({ config: resolved.config, sources: resolved.sources }, 'configuration resolved');
  for (const warning of resolved.warnings) logger.warn(warning);
  return { ...resolved, common: await resolveCommonConfig(inputs), logger, quiet, registry };
};

/** A selected catalog entry with an error fails the run with its first one (`virtwork validate` lists them all). */
const refuseBrokenEntries = (selected: readonly string[], checked: readonly CheckedEntry[]): void => {
  for (const entry of checked) {
    if (!selected.includes(entry.name) || entry.entry !== undefined) continue;
    const first = entry.problems.find((problem) => problem.level === 'error');
    if (first !== undefined) throw problemError(first);
  }
};

/** Checks only: output format for the mode (a dry run prints objects, which have no table), and the params of workloads the run leaves out. */
export const validateRun = (opts: RunOptions): void => {
  const { config } = opts;
  if (config.dryRun && !DRY_RUN_FORMATS.includes(config.output)) {
    throw new InvalidInputError('--output', config.output, `with --dry-run, use ${DRY_RUN_FORMATS.join(', ')} (the objects, not a summary)`);
  }
  validateUnselectedParams(opts);
};

/**
 * Params of a workload the run does not select are ignored (with a warning) but still checked: a typo
 * there is a typo. The selected workloads' params are parsed once, when planning builds them.
 */
export const validateUnselectedParams = (opts: RunOptions): void => {
  for (const [workload, params] of Object.entries(opts.config.params)) {
    if (opts.config.workloads.includes(workload)) continue;
    // A catalog entry with errors has no params schema to check against; `virtwork validate` reports it.
    if (!opts.registry.builtinNames.includes(workload) && !opts.registry.catalogNames.includes(workload)) continue;
    try {
      opts.registry.validateParams(workload, params);
    } catch (error) {
      throw namedAsSet(error, opts);
    }
  }
};

/** The plan of one run: a fresh run id, and the password hashed once for every VM. */
export const planRun = async (opts: RunOptions, ctx: CommandContext): Promise<RunPlan> => {
  const { config, logger } = opts;
  const { hashPassword } = await import('../../cloudinit/password.js');
  const runId = randomUUID();
  const passwordHash = config.ssh.password === undefined ? undefined : hashPassword(config.ssh.password);
  ctx.scrubber.add(passwordHash);
  const plan = await planWithSources(config, { runId, passwordHash }, opts);
  logger.info(
    { runId, namespace: plan.namespace, workloads: config.workloads, vms: plan.vms.length, objects: plan.kinds.reduce((sum, planned) => sum + planned.names.length, 0) },
    config.dryRun ? 'planned the run; dry run, nothing was created' : 'planned the run',
  );
  return plan;
};

/** Plans `config`; an error about a value names it where the user set it (see namedAsSet). */
export const planWithSources = async (config: RunConfig, planOptions: PlanOptions, opts: RunOptions): Promise<RunPlan> => {
  const { buildRunPlan } = await import('../../orchestrator/plan.js');
  try {
    return buildRunPlan(config, planOptions, opts.registry);
  } catch (error) {
    throw namedAsSet(error, opts);
  }
};

/**
 * Workloads name a bad param `--params <workload>.<key>` and planning names the disk size
 * `--disk-size`; the error the user sees names the flag, variable or `file:line` that set it.
 */
const namedAsSet = (error: unknown, { paramSources, sources, registry }: RunOptions): unknown => {
  if (error instanceof registry.InvalidParamError) {
    const field = paramSources[error.workload]?.[error.key];
    return field === undefined ? error : new InvalidInputError(field, error.value, error.fix, { cause: error });
  }
  if (error instanceof InvalidInputError && error.field === '--disk-size' && sources.diskSize !== undefined) {
    const setting = SETTINGS.diskSize;
    const field = sources.diskSize === 'env' ? setting.env : sources.diskSize === 'file' ? setting.fileKey : error.field;
    return new InvalidInputError(field, error.value, error.fix, { cause: error });
  }
  return error;
};

/**
 * Multi-document YAML (`---` between objects), one `v1` List as JSON, or `kind/name` lines; in
 * creation order, each object built as it is printed. An interrupt stops it between writes.
 */
export const printPlan = async (plan: RunPlan, output: RunConfig['output'], ctx: Pick<CommandContext, 'stdout' | 'signal'>): Promise<void> => {
  const [{ planText, writeStreamed }, { plannedObjects }] = await Promise.all([import('../output/plan-stream.js'), import('../../orchestrator/plan.js')]);
  const format = output === 'json' || output === 'name' ? output : 'yaml';
  await writeStreamed(planText(plannedObjects(plan.kinds), format), ctx.stdout, ctx.signal ?? new AbortController().signal);
};
