/**
 * The `-o, --output` formats, as kubectl's printers have them: `table` (the default), `wide` (the
 * table with more columns), `json`, `yaml`, and `name` (`kind/name` lines, such as
 * `virtualmachine.kubevirt.io/virtwork-cpu-1`). Each command declares the formats it prints on its
 * own `-o` option (commander's choices), so help lists them, a format it cannot print is refused
 * with a did-you-mean, and completion reads them from the option.
 */
import { Option } from 'commander';
import type { Command } from 'commander';
import type { OutputFormat } from '../../config/types.js';

/** What each command prints; the order is the order help shows. */
export const COMMAND_FORMATS = {
  run: ['table', 'wide', 'json', 'yaml', 'name'],
  status: ['table', 'wide', 'json', 'yaml', 'name'],
  wait: ['table', 'wide', 'json', 'yaml', 'name'],
  describe: ['table', 'json', 'yaml'],
  cleanup: ['table', 'json', 'yaml', 'name'],
  'audit list': ['table', 'wide', 'json', 'yaml'],
  'audit show': ['table', 'json', 'yaml'],
  workloads: ['table', 'json', 'yaml'],
  doctor: ['table', 'json', 'yaml'],
  validate: ['table', 'json', 'yaml'],
  version: ['table', 'json', 'yaml'],
  verify: ['table', 'json', 'yaml'],
} as const satisfies Record<string, readonly OutputFormat[]>;

export type FormatCommand = keyof typeof COMMAND_FORMATS;

/** `run --dry-run` prints objects, not a summary: no table of them. */
export const DRY_RUN_FORMATS: readonly OutputFormat[] = ['yaml', 'json', 'name'];

/** Adds `-o, --output <format>` with the formats `command` prints as its choices. */
export const addOutputOption = (command: Command, formats: readonly OutputFormat[]): Command =>
  command.addOption(new Option('-o, --output <format>', 'output format (default table)').choices(formats));

/** The format the user chose on `command`, or the table. */
export const outputOf = (command: Command): OutputFormat => command.opts<{ output?: OutputFormat }>().output ?? 'table';
