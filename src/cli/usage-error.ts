/**
 * Commander's parse errors (unknown option or command, missing value, bad choice) as a VirtworkError
 * with exit code 2, so `exitCodeFor` decides their exit code like every other error's.
 */
import type { CommanderError } from 'commander';
import { VirtworkError } from '../errors.js';

export class UsageError extends VirtworkError {
  override readonly exitCode = 2;
  /** True when commander already printed what the user needs (help after a missing command). */
  readonly shown: boolean;
  constructor(error: CommanderError) {
    super(oneLine(error.message), { cause: error });
    this.name = 'UsageError';
    this.shown = error.code === 'commander.help';
  }
}

/** `error: unknown option '--x'\n(Did you mean --y?)` -> `unknown option '--x'; did you mean --y?` */
const oneLine = (message: string): string =>
  message
    .replace(/^error: /, '')
    .replace(/\s*\n\(Did you mean (.*)\?\)\s*$/s, '; did you mean $1?')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
