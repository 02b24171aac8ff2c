/**
 * `virtwork completion bash`: prints a bash completion script for every command, flag and the values
 * the CLI knows (workload names, guest OS names, output formats, file paths). Like `kubectl
 * completion bash`, it is generated from the program itself; zsh loads it through bashcompinit.
 */
import { Command } from 'commander';
import type { Option } from 'commander';
import { GUEST_OS_ALIASES, GUEST_OS_NAMES } from '../../config/guest-os.js';
import { flagName, settingEntries } from '../../config/settings.js';
import type { SettingKind } from '../../config/settings.js';
import { InvalidInputError } from '../../errors.js';
import type { ValueHint } from '../output/completion-script.js';
import type { CliDeps } from '../deps.js';
import { withExamples } from '../examples.js';

export const SHELLS = ['bash'] as const;

export const completionCommand = (deps: CliDeps): Command =>
  withExamples(new Command('completion'), [
    'source <(virtwork completion bash)',
    'virtwork completion bash > /etc/bash_completion.d/virtwork',
  ])
    .description('Print a bash completion script (source <(virtwork completion bash); zsh: bashcompinit first)')
    .argument('<shell>', `the shell: ${SHELLS.join(', ')}`)
    .action(async (shell: string, _flags: unknown, command: Command) => {
      if (!(SHELLS as readonly string[]).includes(shell)) {
        throw new InvalidInputError(
          'shell',
          shell,
          `completion scripts are written for ${SHELLS.join(', ')}; in zsh, run autoload -U +X bashcompinit && bashcompinit, then source the bash script`,
        );
      }
      const [{ bashCompletionScript, describeCommands }, { builtins }] = await Promise.all([
        import('../output/completion-script.js'),
        import('../../workloads/registry.js'),
      ]);
      const program = command.parent ?? command;
      deps.stdout.write(bashCompletionScript(describeCommands(program, valueHints(builtins.map((w) => w.name)))));
    });

/**
 * What each setting's value completes to, by its long flag and the command it follows; flags outside
 * the settings table complete nothing.
 */
const valueHints = (workloadNames: readonly string[]): ((long: string, option: Option, path: string) => ValueHint) => {
  const kinds = new Map<string, SettingKind>(
    settingEntries().map(([, setting]) => [flagName(setting), setting.kind]),
  );
  return (long, option) => {
    switch (kinds.get(long)) {
      case 'path':
      case 'path-list':
        return { kind: 'files' };
      case 'output':
        // each command's -o lists the formats it prints as its choices
        return { kind: 'words', words: option.argChoices ?? [] };
      case 'list':
        // Catalog entries live in a directory the script cannot know when it is written.
        return long === '--from-catalog' ? { kind: 'none' } : { kind: 'list', words: workloadNames };
      case 'guest-os':
        return { kind: 'words', words: [...GUEST_OS_NAMES, ...Object.keys(GUEST_OS_ALIASES)] };
      default:
        return { kind: 'none' };
    }
  };
};
