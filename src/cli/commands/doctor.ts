/**
 * `virtwork doctor`: a preflight of the current cluster for the run the same flags would make
 * (`virtwork run ...` with `run` replaced by `doctor`). One line per check, kubectl style; exit 0
 * when nothing fails, 1 when a check fails, 2 on bad input, as every command.
 */
import { Command } from 'commander';
import type { CommandContext } from '../deps.js';
import { withExamples } from '../examples.js';
import { addSettingOptions } from '../options.js';
import { addOutputOption, COMMAND_FORMATS } from '../output/formats.js';
import { completeRun, planWithSources, validateUnselectedParams } from './run.js';

/** Planning needs a run id; the doctor's plan is never created, so any fixed one does. */
const DOCTOR_RUN_ID = '00000000-0000-4000-8000-000000000000';

export const doctorCommand = (ctx: CommandContext): Command =>
  withExamples(addOutputOption(addSettingOptions(new Command('doctor'), 'run'), COMMAND_FORMATS.doctor), [
    'virtwork doctor                                      # will the default run work here?',
    'virtwork doctor --vm-count 10 --storage-class ocs-storagecluster-ceph-rbd -o json',
  ])
    .description('Check the current cluster before a run: API, KubeVirt and CDI, permissions, storage, capacity and the image')
    .action(async (_flags: unknown, command: Command) => {
      const opts = await completeRun(command, ctx);
      validateUnselectedParams(opts);
      const [{ doctorInputOf, runDoctor, DoctorFailedError }, { withCluster }] = await Promise.all([
        import('../../orchestrator/doctor/doctor.js'),
        import('./cluster-command.js'),
      ]);
      // The password only reaches cloud-init, which doctor does not look at: no hash to compute.
      const { password: _unused, ...ssh } = opts.config.ssh;
      const config = { ...opts.config, ssh };
      const plan = await planWithSources(config, { runId: DOCTOR_RUN_ID }, opts);
      const report = await withCluster(config, ctx, opts.logger, (api) => runDoctor(api, doctorInputOf(plan, config)));
      const [{ doctorJson, formatDoctor, useColour }, { formatAs }] = await Promise.all([import('../output/doctor.js'), import('../output/print.js')]);
      ctx.stdout.write(formatAs(config.output, doctorJson(report), { table: () => formatDoctor(report, useColour(ctx)) }));
      const failed = report.checks.filter((check) => check.status === 'fail');
      if (failed.length > 0) throw new DoctorFailedError(failed, report.checks.length);
    });
