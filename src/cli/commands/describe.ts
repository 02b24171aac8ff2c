/**
 * `virtwork describe VM`: what runs inside one VM (workload, params, systemd units and their
 * commands, decoded from its cloud-init Secret), how its VMI is doing, and how to reach it.
 */
import { existsSync } from 'node:fs';
import { Command } from 'commander';
import type { CommonConfig } from '../../config/resolve-common-config.js';
import type { ParamsLookup } from '../../orchestrator/describe-vm.js';
import { addOutputOption, COMMAND_FORMATS } from '../output/formats.js';
import { completeCommon, withCluster } from './cluster-command.js';
import type { CommandContext } from '../deps.js';
import { withExamples } from '../examples.js';

export const describeCommand = (ctx: CommandContext): Command =>
  withExamples(addOutputOption(new Command('describe'), COMMAND_FORMATS.describe), [
    'virtwork describe virtwork-cpu-0',
    'virtwork describe virtwork-network-0-client -n load-test',
    'virtwork describe virtwork-disk-0 -o json | jq .cloudInit.units',
  ])
    .description('Show what runs inside a VM: workload, params, systemd units and their commands, VMI phase, conditions and node, and how to reach it')
    .argument('<vm>', 'the VirtualMachine name, as virtwork status lists it')
    .action(async (name: string, _flags: unknown, command: Command) => {
      const { config, logger } = await completeCommon(command, ctx, 'global', { usesNamespace: true });
      const { describeVm } = await import('../../orchestrator/describe-vm.js');
      const description = await withCluster(config, ctx, logger, (api) => describeVm(api, config.namespace, name, paramsFromAudit(config)));
      const [{ formatDescription }, { formatAs }] = await Promise.all([import('../output/describe.js'), import('../output/print.js')]);
      ctx.stdout.write(formatAs(config.output, description, { table: () => formatDescription(description) }));
    });

/** The run's params for the workload, as `audit show` has them; null without the database or the run. */
const paramsFromAudit =
  (config: Pick<CommonConfig, 'auditDb'>): ParamsLookup =>
  async (runId, workload) => {
    if (!existsSync(config.auditDb)) return null;
    const [{ showExecution }, { openAuditDatabaseForReading }] = await Promise.all([
      import('../../audit/audit-reader.js'),
      import('../../audit/open-database.js'),
    ]);
    const db = await openAuditDatabaseForReading(config.auditDb);
    try {
      return showExecution(db, runId)?.workloads.find((w) => w.workloadType === workload)?.params ?? null;
    } finally {
      db.close();
    }
  };
