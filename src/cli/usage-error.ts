/**
 * Commander's parse errors (unknown option or command, missing value, bad choice) as a VirtworkError
 * with exit code 2, so `exitCodeFor` decides their exit code like every other error's.
 */
import type { Command, CommanderError } from 'commander';
import { VirtworkError } from '../errors.js';
import { suggestForShortFlag, suggestionSuffix } from './short-flag-suggestion.js';

export class UsageError extends VirtworkError {
  override readonly exitCode = 2;
  /** True when commander already printed what the user needs (help after a missing command). */
  readonly shown: boolean;
  /** `suggestion`: commander's `\n(Did you mean ...?)` form, for what commander does not suggest itself. */
  constructor(error: CommanderError, suggestion = '') {
    super(oneLine(`${error.message}${suggestion}`), { cause: error });
    this.name = 'UsageError';
    this.shown = error.code === 'commander.help';
  }
}

/**
 * The exit callback of `command`: every parse error becomes a UsageError, an unknown short flag with
 * a suggestion from the flags `command` and its parents declare. `--help` and `--version` (exit code
 * 0) pass through for main to end quietly.
 */
export const throwUsageError =
  (command: Command) =>
  (error: CommanderError): never => {
    if (error.exitCode === 0) throw error;
    throw new UsageError(error, shortFlagSuggestion(command, error));
  };

const shortFlagSuggestion = (command: Command, error: CommanderError): string => {
  const flag = error.code === 'commander.unknownOption' ? /unknown option '(-[^-][^']*)'/.exec(error.message)?.[1] : undefined;
  if (flag === undefined) return '';
  const known = [];
  for (let at: Command | null = command; at !== null; at = at.parent) known.push(...at.options);
  return suggestionSuffix(suggestForShortFlag(flag, known));
};

/** `error: unknown option '--x'\n(Did you mean --y?)` -> `unknown option '--x'; did you mean --y?` */
const oneLine = (message: string): string =>
  message
    .replace(/^error: /, '')
    .replace(/\s*\n\(Did you mean (.*)\?\)\s*$/s, '; did you mean $1?')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
