/**
 * `virtwork doctor`: a preflight of the current cluster for the run the same flags would make
 * (`virtwork run ...` with `run` replaced by `doctor`). One line per check, kubectl style; exit 0
 * when nothing fails, 1 when a check fails, 2 on bad input, as every command.
 */
import { styleText } from 'node:util';
import { Command } from 'commander';
import { InvalidInputError } from '../errors.js';
import type { CheckResult, CheckStatus } from '../orchestrator/doctor/check.js';
import type { DoctorReport } from '../orchestrator/doctor/doctor.js';
import type { CommandContext, TextSink } from './deps.js';
import { addSettingOptions } from './options.js';
import { completeRun, planWithSources, validateUnselectedParams } from './run.js';

/** Planning needs a run id; the doctor's plan is never created, so any fixed one does. */
const DOCTOR_RUN_ID = '00000000-0000-4000-8000-000000000000';

export const doctorCommand = (ctx: CommandContext): Command =>
  addSettingOptions(new Command('doctor'), 'run')
    .description('Check the current cluster before a run: API, KubeVirt and CDI, permissions, storage, capacity and the image')
    .action(async (_flags: unknown, command: Command) => {
      const opts = await completeRun(command, ctx);
      if (opts.config.output !== 'table' && opts.config.output !== 'json') {
        throw new InvalidInputError('--output', opts.config.output, 'doctor prints table (the default) or json');
      }
      validateUnselectedParams(opts);
      const [{ doctorInputOf, runDoctor, DoctorFailedError }, { withCluster }] = await Promise.all([
        import('../orchestrator/doctor/doctor.js'),
        import('./cluster-command.js'),
      ]);
      // The password only reaches cloud-init, which doctor does not look at: no hash to compute.
      const config = { ...opts.config, ssh: { ...opts.config.ssh, password: undefined } };
      const plan = await planWithSources(config, { runId: DOCTOR_RUN_ID }, opts);
      const report = await withCluster(config, ctx, opts.logger, (api) => runDoctor(api, doctorInputOf(plan, config)));
      ctx.stdout.write(config.output === 'json' ? `${JSON.stringify(toJson(report), null, 2)}\n` : await formatDoctor(report, useColour(ctx)));
      const failed = report.checks.filter((check) => check.status === 'fail');
      if (failed.length > 0) throw new DoctorFailedError(failed, report.checks.length);
    });

/** `-o json`: the report, each check with `fix` only where there is one, and the counts. */
const toJson = (report: DoctorReport) => ({
  ...report,
  summary: Object.fromEntries((['pass', 'warn', 'fail'] as const).map((status) => [status, report.checks.filter((c) => c.status === status).length])),
});

const COLOURS: Readonly<Record<CheckStatus, 'green' | 'yellow' | 'red'>> = { pass: 'green', warn: 'yellow', fail: 'red' };

/** Colour only for a person at a terminal, and never when NO_COLOR is set to anything (no-color.org). */
export const useColour = (ctx: Pick<CommandContext, 'stdout' | 'env'>): boolean =>
  (ctx.stdout as TextSink & { isTTY?: boolean }).isTTY === true && (ctx.env.NO_COLOR ?? '') === '';

/** CHECK, STATUS, MESSAGE: one line per check, the fix after the finding. */
export const formatDoctor = async (report: DoctorReport, colour: boolean): Promise<string> => {
  const { formatTable } = await import('./print-table.js');
  const status = (s: CheckStatus): string => (colour ? styleText(COLOURS[s], s, { validateStream: false }) : s);
  const message = (check: CheckResult): string => (check.fix === undefined ? check.message : `${check.message}; fix: ${check.fix}`);
  return formatTable(['check', 'status', 'message'], report.checks.map((check) => [check.name, status(check.status), message(check)]));
};
