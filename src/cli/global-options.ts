/**
 * Which of the program's options each command reads, so its help lists only those under "Global
 * Options" (kubectl's `options` lists what applies everywhere; here most options apply to some
 * commands only: `workloads` never talks to a cluster, `completion` reads nothing at all).
 */
import { Help, type Command, type Option } from 'commander';

const LOGS = ['log-format', 'quiet', 'verbose', 'config'];
const CLUSTER = ['namespace', 'kubeconfig', 'context'];
const AUDIT = ['audit', 'no-audit', 'audit-db'];

/** By command path; a command not listed here shows every global option. */
const READS: Readonly<Record<string, readonly string[]>> = {
  run: [...LOGS, ...CLUSTER, ...AUDIT, 'catalog-dir'],
  doctor: [...LOGS, ...CLUSTER, 'catalog-dir'],
  cleanup: [...LOGS, ...CLUSTER, ...AUDIT],
  status: [...LOGS, ...CLUSTER, 'audit-db'],
  wait: [...LOGS, ...CLUSTER],
  describe: [...LOGS, ...CLUSTER, 'audit-db'],
  verify: [...LOGS, ...CLUSTER, 'audit', 'no-audit', 'audit-db'],
  // audit list filters by a typed -n and --context
  'audit list': [...LOGS, 'namespace', 'context', 'audit-db'],
  'audit show': [...LOGS, 'audit-db'],
  audit: [...LOGS, 'audit-db'],
  validate: [...LOGS, 'catalog-dir'],
  workloads: [...LOGS, 'catalog-dir'],
  version: [...LOGS, 'kubeconfig', 'context'],
  completion: [],
};

const pathOf = (command: Command): string => {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
};

/** commander's global options of `command`, less those it does not read. */
export function visibleGlobalOptions(this: Help, command: Command): Option[] {
  const all = Help.prototype.visibleGlobalOptions.call(this, command);
  const reads = READS[pathOf(command)];
  if (reads === undefined) return all;
  return all.filter((option) => option.long !== undefined && reads.includes(option.long.replace(/^--/, '')));
}
