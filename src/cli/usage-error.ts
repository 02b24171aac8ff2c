/**
 * Commander's parse errors (unknown option or command, missing value, bad choice) as a VirtworkError
 * with exit code 2, so `exitCodeFor` decides their exit code like every other error's.
 */
import type { Command, CommanderError } from 'commander';
import { VirtworkError } from '../errors.js';
import { distance } from 'fastest-levenshtein';
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
    throw new UsageError(error, shortFlagSuggestion(command, error) || choiceSuggestion(command, error));
  };

/** A value outside an option's choices (`-o yml`): the closest choice, as for a mistyped flag. */
const choiceSuggestion = (command: Command, error: CommanderError): string => {
  if (error.code !== 'commander.invalidArgument') return '';
  const match = /option '([^']*)' argument '([^']*)' is invalid/.exec(error.message);
  if (match === null) return '';
  const [, flags, value] = match;
  const option = command.options.find((candidate) => candidate.flags === flags);
  const closest = (option?.argChoices ?? []).find((choice) => distance(choice, value ?? '') <= maxTypoEdits(value ?? ''));
  return closest === undefined ? '' : suggestionSuffix([`${option?.long ?? flags} ${closest}`]);
};

const shortFlagSuggestion = (command: Command, error: CommanderError): string => {
  const flag = error.code === 'commander.unknownOption' ? /unknown option '(-[^-][^']*)'/.exec(error.message)?.[1] : undefined;
  if (flag === undefined) return '';
  const known = [];
  for (let at: Command | null = command; at !== null; at = at.parent) known.push(...at.options);
  return suggestionSuffix(suggestForShortFlag(flag, known));
};

/** Choices are short words: one edit for four letters or fewer (`yml`, not `name`, is a typo of yaml), else two. */
const maxTypoEdits = (word: string): number => (word.length <= 4 ? 1 : 2);

/** `error: unknown option '--x'\n(Did you mean --y?)` -> `unknown option '--x'; did you mean --y?` (a sentence's full stop dropped) */
const oneLine = (message: string): string =>
  message
    .replace(/^error: /, '')
    .replace(/\.?\s*\n\(Did you mean (.*)\?\)\s*$/s, '; did you mean $1?')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
