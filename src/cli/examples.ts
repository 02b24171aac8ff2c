/** kubectl's help ends with Examples: a few command lines to copy, after the options. */
import type { Command } from 'commander';

export const withExamples = (command: Command, examples: readonly string[]): Command =>
  command.addHelpText('after', `\nExamples:\n${examples.map((example) => `  ${example}`).join('\n')}\n`);
