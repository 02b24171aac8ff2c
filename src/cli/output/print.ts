/**
 * One result in the format the user chose: JSON and YAML print the data itself; the table, its wide
 * form and `kind/name` lines come from the command's own printers.
 */
import type { OutputFormat } from '../../config/types.js';
import { KINDS } from '../../kube/kinds.js';
import { toYaml } from './yaml.js';

/** The printers of one result: the table always; wide and name where the command offers them. */
export interface Printers {
  readonly table: () => string;
  readonly wide?: () => string;
  readonly name?: () => string;
}

/** `value` as the chosen format: JSON and YAML print the data itself, the rest ask `printers`. */
export const formatAs = (format: OutputFormat, value: unknown, printers: Printers): string => {
  switch (format) {
    case 'json':
      return `${JSON.stringify(value, null, 2)}\n`;
    case 'yaml':
      return toYaml(value as object);
    case 'wide':
      return (printers.wide ?? printers.table)();
    case 'name':
      return (printers.name ?? printers.table)();
    case 'table':
      return printers.table();
  }
};

/**
 * kubectl's `-o name`: the lower-case kind, `.group` unless the kind is in the core group, a slash,
 * the name. `apiVersion` gives the group where the kind is not in the KINDS table.
 */
export const resourceName = (kind: string, name: string, apiVersion?: string): string => {
  const group = kind in KINDS ? KINDS[kind as keyof typeof KINDS].group : apiVersion?.includes('/') ? apiVersion.split('/')[0] : '';
  return `${kind.toLowerCase()}${group === '' || group === undefined ? '' : `.${group}`}/${name}`;
};

/** One `kind/name` line each. */
export const nameLines = (names: readonly string[]): string => names.map((name) => `${name}\n`).join('');
