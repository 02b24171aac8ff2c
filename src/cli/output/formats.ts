/**
 * Which `--output` formats each command prints, for the commands' checks and for completion alike:
 * every command prints a table or JSON; `run --dry-run` prints YAML or JSON, having no table.
 */
import type { OutputFormat } from '../../config/types.js';

export const TABLE_OR_JSON: readonly OutputFormat[] = ['table', 'json'];
export const DRY_RUN_FORMATS: readonly OutputFormat[] = ['yaml', 'json'];

/**
 * Every format the command at `path` (`'status'`, `'audit list'`) accepts in one mode or another:
 * `run` takes all three; before a command is named (`''`) any of them may still fit.
 */
export const outputFormatsOf = (path: string): readonly OutputFormat[] =>
  path === 'run' || path === '' ? [...TABLE_OR_JSON, 'yaml'] : TABLE_OR_JSON;
