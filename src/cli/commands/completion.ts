/**
 * `virtwork completion bash|zsh|fish`: prints a completion script, native to the shell, for every
 * command, flag and the values the CLI knows (workload names, guest OS names, output formats, file
 * paths). Like `kubectl completion`, it is generated from the program itself; the values only known
 * while typing (namespaces, contexts, run ids, `--params` keys) it asks `virtwork __complete` for.
 */
import { Command } from 'commander';
import type { Option } from 'commander';
import { GUEST_OS_ALIASES, GUEST_OS_NAMES } from '../../config/guest-os.js';
import { flagName, settingEntries } from '../../config/settings.js';
import type { SettingKind } from '../../config/settings.js';
import { InvalidInputError } from '../../errors.js';
import type { CompletionSpec, DynamicSource, ValueHint } from '../output/completion-script.js';
import { didYouMean } from '../../config/suggest.js';
import type { CliDeps } from '../deps.js';
import { withExamples } from '../examples.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof SHELLS)[number];

export const completionCommand = (deps: CliDeps): Command =>
  withExamples(new Command('completion'), [
    'source <(virtwork completion bash)',
    'virtwork completion bash > /etc/bash_completion.d/virtwork',
    'virtwork completion zsh > "${fpath[1]}/_virtwork"',
    'virtwork completion fish > ~/.config/fish/completions/virtwork.fish',
  ])
    .description('Print a completion script for bash, zsh or fish (bash: source <(virtwork completion bash))')
    .argument('<shell>', `the shell: ${SHELLS.join(', ')}`)
    .action(async (shell: string, _flags: unknown, command: Command) => {
      if (!(SHELLS as readonly string[]).includes(shell)) {
        throw new InvalidInputError(
          'shell',
          shell,
          `completion scripts are written for ${SHELLS.join(', ')}${didYouMean(shell, SHELLS)}`,
        );
      }
      const [{ describeCommands }, { builtins }, write] = await Promise.all([
        import('../output/completion-script.js'),
        import('../../workloads/registry.js'),
        scriptWriter(shell as Shell),
      ]);
      const program = command.parent ?? command;
      deps.stdout.write(write(describeCommands(program, valueHints(builtins.map((w) => w.name)))));
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
    const dynamic = DYNAMIC_FLAGS[long];
    if (dynamic !== undefined) return { kind: 'dynamic', source: dynamic };
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

/** Flags whose values `virtwork __complete` lists while the user types. */
const DYNAMIC_FLAGS: Readonly<Record<string, DynamicSource>> = {
  '--namespace': 'namespaces',
  '--context': 'contexts',
  '--run-id': 'run-ids',
  '--params': 'params',
};

const scriptWriter = async (shell: Shell): Promise<(spec: CompletionSpec) => string> => {
  switch (shell) {
    case 'bash':
      return (await import('../output/completion-script.js')).bashCompletionScript;
    case 'zsh':
      return (await import('../output/completion-zsh.js')).zshCompletionScript;
    case 'fish':
      return (await import('../output/completion-fish.js')).fishCompletionScript;
  }
};
