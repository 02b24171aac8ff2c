/**
 * The bash completion script, written from a description of the command tree: which subcommands each
 * command has, which flags it takes, and what a flag's value can be. The description is made from the
 * program itself (`completion.ts`), so a new flag or command completes without touching this file.
 */
import type { Command, Option } from 'commander';

/** What a flag's value completes to. */
export type ValueHint =
  | { readonly kind: 'none' }
  | { readonly kind: 'files' }
  | { readonly kind: 'words'; readonly words: readonly string[] }
  /** A comma-separated list of these words (`--workloads cpu,memory`). */
  | { readonly kind: 'list'; readonly words: readonly string[] }
  /** Words only known when completing: `<program> __complete <source>` prints them. */
  | { readonly kind: 'dynamic'; readonly source: DynamicSource };

/** What `__complete` can list: from the cluster, the kubeconfig, the audit database, the workloads. */
export const DYNAMIC_SOURCES = ['namespaces', 'contexts', 'run-ids', 'params'] as const;
export type DynamicSource = (typeof DYNAMIC_SOURCES)[number];

export interface CompletionCommand {
  /** Space-separated path from the program: '' for the program, 'audit list'. */
  readonly path: string;
  readonly subcommands: readonly string[];
  /** Every flag spelling the command accepts here, its own and the program's. */
  readonly flags: readonly string[];
  /**
   * What the value of each flag taking one completes to here, by every spelling: a program flag
   * may complete differently after different commands (`-o` takes yaml after `run` only).
   */
  readonly values: ReadonlyMap<string, ValueHint>;
}

export interface CompletionSpec {
  readonly program: string;
  readonly commands: readonly CompletionCommand[];
}

const spellings = (option: Option): string[] => [option.short, option.long].filter((s): s is string => s !== undefined);

/**
 * The spec of `program`: its commands (depth first), their flags with the program's own added, and
 * the value hint of every flag that takes a value (`hintFor` decides, by long flag name and the
 * command path it follows).
 */
export const describeCommands = (
  program: Command,
  hintFor: (long: string, option: Option, path: string) => ValueHint,
): CompletionSpec => {
  // --version belongs to the program alone; every other program option is accepted after a subcommand too.
  const globalOptions = program.options.filter((o) => o.long !== '--version');
  const commands: CompletionCommand[] = [];
  const visit = (command: Command, path: string): void => {
    const options = command === program ? command.options : [...command.options, ...globalOptions];
    const values = new Map<string, ValueHint>();
    for (const option of options) {
      if (!option.required && !option.optional) continue;
      const hint = option.long === undefined ? ({ kind: 'none' } as const) : hintFor(option.long, option, path);
      for (const spelling of spellings(option)) values.set(spelling, hint);
    }
    // `__complete` serves the scripts; it is not typed by people
    const subcommands = command.commands.filter((c) => !c.name().startsWith('__'));
    commands.push({
      path,
      subcommands: subcommands.map((c) => c.name()),
      flags: [...new Set([...options.flatMap(spellings), '--help'])],
      values,
    });
    for (const sub of subcommands) visit(sub, path === '' ? sub.name() : `${path} ${sub.name()}`);
  };
  visit(program, '');
  return { program: program.name(), commands };
};

export const words = (list: readonly string[]): string => list.join(' ');

/** A bash `case` arm: `pattern) body ;;`. */
export const arm = (pattern: string, body: string): string => `    ${pattern}) ${body} ;;`;

export const quotedPath = (path: string): string => `"${path}"`;

/**
 * `case` patterns over `path|flag`, grouped by the hint they complete to: a flag that completes alike
 * wherever it is accepted gets one `*"|flag"` pattern, else one pattern per command path.
 */
export const valuePatterns = (commands: readonly CompletionCommand[]): [ValueHint, string[]][] => {
  const byFlag = new Map<string, [string, ValueHint][]>();
  for (const { path, values } of commands) {
    for (const [flag, hint] of values) byFlag.set(flag, [...(byFlag.get(flag) ?? []), [path, hint]]);
  }
  const groups = new Map<string, [ValueHint, string[]]>();
  const add = (hint: ValueHint, pattern: string): void => {
    const key = JSON.stringify(hint);
    const group = groups.get(key) ?? [hint, []];
    group[1].push(pattern);
    groups.set(key, group);
  };
  for (const [flag, entries] of byFlag) {
    const alike = new Set(entries.map(([, hint]) => JSON.stringify(hint))).size === 1;
    if (alike) add(entries[0]![1], `*"|${flag}"`);
    else for (const [path, hint] of entries) add(hint, `"${path}|${flag}"`);
  }
  return [...groups.values()];
};

/**
 * The shell functions that answer from the command tree: a path's subcommands, its flags, and whether
 * a flag takes a value. Plain `case` and `echo`, which bash and zsh read alike.
 */
export const treeFunctions = (spec: CompletionSpec, fn: string): string => {
  const takesValue = [...new Set(spec.commands.flatMap((c) => [...c.values.keys()]))];
  return `# The subcommands of a command path ('' is the program itself).
${fn}_subcommands() {
  case "$1" in
${spec.commands.map((c) => arm(quotedPath(c.path), `echo "${words(c.subcommands)}"`)).join('\n')}
  esac
}

# The flags a command path accepts, the program's own included.
${fn}_flags() {
  case "$1" in
${spec.commands.map((c) => arm(quotedPath(c.path), `echo "${words(c.flags)}"`)).join('\n')}
  esac
}

# Whether a flag takes its value from the next word.
${fn}_takes_value() {
  case "$1" in
${takesValue.length > 0 ? `${arm(takesValue.join('|'), 'return 0')}\n` : ''}  esac
  return 1
}`;
};

/** The bash script: plain bash, no bash-completion package needed. */
export const bashCompletionScript = (spec: CompletionSpec): string => {
  const fn = `_${spec.program.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const valueArms = valuePatterns(spec.commands).flatMap(([hint, patterns]) => {
    const pattern = patterns.join('|');
    switch (hint.kind) {
      case 'files':
        return [arm(pattern, `mapfile -t COMPREPLY < <(compgen -f -- "$cur")`)];
      case 'words':
        return [arm(pattern, `mapfile -t COMPREPLY < <(compgen -W "${words(hint.words)}" -- "$cur")`)];
      case 'list':
        return [arm(pattern, `${fn}_list "${words(hint.words)}"`)];
      case 'dynamic':
        // params complete to `workload.key=`, the value typed after it
        return [arm(pattern, `mapfile -t COMPREPLY < <(compgen -W "$(${spec.program} __complete ${hint.source} 2>/dev/null)" -- "$cur")${hint.source === 'params' ? '; compopt -o nospace 2>/dev/null || true' : ''}`)];
      case 'none':
        return [];
    }
  });
  return `# bash completion for ${spec.program}. Generated by \`${spec.program} completion bash\`; load it with
#   source <(${spec.program} completion bash)
# or save it as /etc/bash_completion.d/${spec.program}. zsh and fish have their own: ${spec.program} completion zsh|fish

${treeFunctions(spec, fn)}
# Completes the last item of a comma-separated list, keeping the items before it.
${fn}_list() {
  local before="" last="$cur"
  if [[ "$cur" == *,* ]]; then
    before="\${cur%,*},"
    last="\${cur##*,}"
  fi
  mapfile -t COMPREPLY < <(compgen -W "$1" -P "$before" -- "$last")
  compopt -o nospace 2>/dev/null || true
}

# The value of the flag $2 after the command path $1, completed from \`cur\`.
${fn}_value() {
  case "$1|$2" in
${valueArms.join('\n')}
  esac
}

${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="" flag="" path="" word i=1
  ((COMP_CWORD > 0)) && prev="\${COMP_WORDS[COMP_CWORD - 1]}"
  COMPREPLY=()
  # The command path so far: subcommands extend it; a flag that takes a value skips that value.
  while ((i < COMP_CWORD)); do
    word="\${COMP_WORDS[i]}"
    if [[ "$word" == -* ]]; then
      if [[ "$word" != *=* ]] && ${fn}_takes_value "$word" && [[ "\${COMP_WORDS[i + 1]}" != "=" ]]; then
        ((i += 1))
      fi
    elif [[ " $(${fn}_subcommands "$path") " == *" $word "* ]]; then
      path="\${path:+$path }$word"
    fi
    ((i += 1))
  done
  # bash splits --flag=value at '=' into three words: the flag is before the '='.
  if [[ "$cur" == "=" ]]; then
    flag="$prev"
    cur=""
  elif [[ "$prev" == "=" ]] && ((COMP_CWORD > 1)); then
    flag="\${COMP_WORDS[COMP_CWORD - 2]}"
  elif ${fn}_takes_value "$prev"; then
    flag="$prev"
  fi
  if [[ -n "$flag" ]]; then
    ${fn}_value "$path" "$flag"
    return 0
  fi
  if [[ "$cur" == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$(${fn}_flags "$path")" -- "$cur")
  else
    mapfile -t COMPREPLY < <(compgen -W "$(${fn}_subcommands "$path")" -- "$cur")
  fi
  return 0
}

complete -F ${fn} ${spec.program}
`;
};
