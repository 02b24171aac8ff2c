/**
 * `virtwork describe` as kubectl describe lays an object out: `Key:  value` pairs aligned in a
 * column, nested sections indented two spaces, `<none>` for what is absent, conditions as a table.
 */
import type { VmDescription } from '../../orchestrator/describe-vm.js';
import { formatTable } from './table.js';

const NONE = '<none>';

type Field = readonly [key: string, value: string | readonly string[]];

/** Aligned `Key:  value` lines at `indent`; a list value continues under its first line. */
const fields = (indent: string, entries: readonly Field[]): string[] => {
  const width = Math.max(...entries.map(([key]) => key.length)) + 3;
  return entries.flatMap(([key, value]) => {
    const values = typeof value === 'string' ? [value] : value.length === 0 ? [NONE] : value;
    return values.map((line, i) => `${indent}${i === 0 ? `${key}:`.padEnd(width) : ' '.repeat(width)}${line}`.trimEnd());
  });
};

const or = (value: string | null): string => value ?? NONE;

const paramsLines = (params: VmDescription['params']): string | readonly string[] =>
  params === null ? '<not in the audit database>' : Object.entries(params).map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);

export const formatDescription = (vm: VmDescription): string => {
  const lines = fields('', [
    ['Name', vm.name],
    ['Namespace', vm.namespace],
    ['Labels', Object.entries(vm.labels).map(([key, value]) => `${key}=${value}`).sort()],
    ['Run ID', or(vm.runId)],
    ['Workload', or(vm.workload)],
    ['Role', or(vm.role)],
    ['Guest OS', or(vm.guestOs)],
    ['Created', or(vm.createdAt)],
    ['Status', or(vm.status)],
    ['Readiness', vm.readiness],
    ['Params', paramsLines(vm.params)],
    ['Cloud-init', vm.cloudInit.secret === null ? NONE : `Secret ${vm.cloudInit.secret}${vm.cloudInit.found ? '' : ' (not found, or without userdata)'}`],
  ]);
  lines.push(vm.cloudInit.units.length === 0 ? `Units:  ${NONE}` : 'Units:');
  for (const unit of vm.cloudInit.units) {
    lines.push(`  ${unit.name}:`, ...fields('    ', [['Description', or(unit.description)], ['ExecStart', unit.execStart]]));
  }
  if (vm.instance === null) {
    lines.push(`Instance:  ${NONE} (the VM has no VMI: stopped, or not started yet)`);
  } else {
    lines.push('Instance:', ...fields('  ', [['Phase', or(vm.instance.phase)], ['Node', or(vm.instance.node)], ['IP', or(vm.instance.ip)]]));
    if (vm.instance.conditions.length === 0) lines.push(`  Conditions:  ${NONE}`);
    else {
      const table = formatTable(
        ['Type', 'Status', 'Reason', 'Message'],
        vm.instance.conditions.map((c) => [c.type, c.status, c.reason ?? '', c.message ?? '']),
      );
      lines.push('  Conditions:', ...table.trimEnd().split('\n').map((line) => `    ${line}`));
    }
  }
  lines.push('Connect:', ...vm.connect.map((command) => `  ${command}`));
  return `${lines.join('\n')}\n`;
};
