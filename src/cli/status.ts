/** `virtwork status [--run-id]`: the managed VMs by run: phase, ready, node, age, workload, role. */
import { Command } from 'commander';
import type { StatusReport } from '../orchestrator/status.js';
import { completeCommon, validateTableOrJson, withCluster } from './cluster-command.js';
import type { CommandContext } from './deps.js';
import { addSettingOptions } from './options.js';

export const statusCommand = (ctx: CommandContext): Command =>
  addSettingOptions(new Command('status'), 'status')
    .description('Show the VMs virtwork manages in the namespace, grouped by run')
    .action(async (_flags: unknown, command: Command) => {
      const { config, logger, inputs } = await completeCommon(command, ctx, 'status');
      const { resolveSetting } = await import('../config/resolve-settings.js');
      const runId = resolveSetting('runId', inputs)?.value;
      validateTableOrJson(config, 'status');
      const { collectStatus } = await import('../orchestrator/status.js');
      const report = await withCluster(config, ctx, logger, (api) =>
        collectStatus(api, { namespace: config.namespace, ...(runId !== undefined && { runId }) }),
      );
      ctx.stdout.write(config.output === 'json' ? `${JSON.stringify(report, null, 2)}\n` : await formatStatus(report));
    });

export const formatStatus = async (report: StatusReport): Promise<string> => {
  if (report.runs.length === 0) return `No virtwork VMs in namespace ${report.namespace}.\n`;
  const { formatTable } = await import('./print-table.js');
  return formatTable(
    ['run id', 'name', 'workload', 'role', 'phase', 'ready', 'readiness', 'node', 'age'],
    report.runs.flatMap((run) =>
      run.vms.map((vm) => [
        run.runId ?? '<none>',
        vm.name,
        vm.workload ?? '',
        vm.role ?? '',
        vm.phase ?? '',
        vm.ready ? 'true' : 'false',
        vm.readiness,
        vm.node ?? '',
        vm.ageSeconds === null ? '' : formatAge(vm.ageSeconds),
      ]),
    ),
  );
};

/** kubectl's short ages: 45s, 12m, 3h, 5d. */
export const formatAge = (seconds: number): string =>
  seconds < 120 ? `${seconds}s` : seconds < 7200 ? `${Math.floor(seconds / 60)}m` : seconds < 172_800 ? `${Math.floor(seconds / 3600)}h` : `${Math.floor(seconds / 86_400)}d`;
