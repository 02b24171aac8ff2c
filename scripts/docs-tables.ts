/**
 * The generated tables of the README, docs/configuration.md and docs/running.md: flags from the
 * settings table, workloads with their params from the registry, permissions from the kinds table. `npm run docs:workloads` writes them
 * between marker comments; a test fails when the committed text differs from what this renders.
 */
import { flagName, settingEntries } from '../src/config/settings.js';
import type { Setting } from '../src/config/settings.js';
import { COMMANDS, kindEntries, rbacResource } from '../src/kube/kinds.js';
import type { KindInfo, Verb } from '../src/kube/kinds.js';
import type { WorkloadDescription } from '../src/workloads/registry.js';
import { describeParam } from '../src/cli/output/workloads.js';

/** `|` would end a cell; newlines would end the row. */
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string): string => `\`${text}\``;
const row = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;
const table = (head: readonly string[], rows: readonly (readonly string[])[]): string =>
  [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');

const shownDefault = (setting: Setting): string => {
  if (setting.default === undefined) return '';
  if (setting.defaultShown !== undefined) return setting.defaultShown.replace(String(setting.default), code(String(setting.default)));
  if (Array.isArray(setting.default)) return code(setting.default.join(','));
  if (setting.kind === 'output') return `${code('table')}; ${code('yaml')} with ${code('--dry-run')}`;
  if (setting.kind === 'duration') return `${code(String(setting.default))} (seconds)`;
  return code(String(setting.default));
};

const fileKeyOf = (setting: Setting): string => {
  if (setting.fileKey !== undefined) return code(setting.fileKey);
  if (flagName(setting) === '--workloads') return `${code('workloads.<name>.enabled')} (see below)`;
  return '';
};

/** `all` for the root program's flags, else the commands that take it (`doctor` takes `run`'s). */
const commandsOf = (setting: Setting): string =>
  setting.scope === 'global' ? 'all' : setting.scope.flatMap((command) => (command === 'run' ? ['run', 'doctor'] : [command])).join(', ');

/** Every flag: the commands that take it, its variable, its config-file key, its default and what it does. */
export const renderFlagTable = (): string =>
  table(
    ['Flag', 'Commands', 'Environment', 'Config file', 'Default', 'Description'],
    settingEntries().map(([, setting]) => [
      code(setting.flag),
      commandsOf(setting),
      setting.env === undefined ? '' : code(setting.env),
      fileKeyOf(setting),
      shownDefault(setting),
      setting.description,
    ]),
  );

/** The workloads, then every param as `--params` names it. */
export const renderWorkloadTables = (workloads: readonly WorkloadDescription[]): string =>
  [
    table(
      ['Workload', 'VMs per --vm-count', 'Data disk', 'Runs by default', 'What it runs'],
      workloads.map((w) => [
        code(w.name),
        w.roles.length > 0 ? `${w.vmsPerCount} (${w.roles.join(' + ')})` : String(w.vmsPerCount),
        w.dataDisk ? 'yes' : 'no',
        w.optIn ? 'no: name it in --workloads' : 'yes',
        w.description,
      ]),
    ),
    table(
      ['Param (--params workload.key=value)', 'Type', 'Default', 'Description'],
      workloads.flatMap((w) =>
        w.params.map((p) => [code(`${w.name}.${p.key}`), p.type, code(String(p.default)), describeParam(p)]),
      ),
    ),
  ].join('\n\n');

const scopeOf = (kind: KindInfo): string => (!kind.namespaced ? 'cluster' : kind.allNamespaces ? 'all namespaces' : 'namespace');

/** `create or get` when another verb stands in; `watch (optional)` when the command uses the stand-in anyway. */
const verbCell = (kind: KindInfo, verbs: readonly Verb[] = []): string =>
  verbs.map((verb) => {
    const fallback = kind.fallbacks?.[verb];
    if (fallback === undefined) return code(verb);
    return fallback.instead === undefined || verbs.includes(fallback.instead) ? `${code(verb)} (optional)` : `${code(verb)} or ${code(fallback.instead)}`;
  }).join(', ');

/** Every kind with the verbs each command uses on it, then what a missing verb with a stand-in costs. */
export const renderPermissionTable = (): string => {
  const rows = kindEntries().map(([, kind]) => [code(rbacResource(kind)), scopeOf(kind), ...COMMANDS.map((command) => verbCell(kind, kind.verbs[command]))]);
  const notes = kindEntries().flatMap(([, kind]) =>
    Object.entries(kind.fallbacks ?? {}).map(([verb, fallback]) => {
      const standIn = fallback.instead === undefined ? '' : ` (with ${code(fallback.instead)}${fallback.onlyIfExists ? ', when it already exists' : ''})`;
      return `- without ${code(verb)} on ${code(rbacResource(kind))}, ${fallback.effect}${standIn}`;
    }),
  );
  return [table(['Resource', 'Scope', ...COMMANDS], rows), notes.join('\n')].join('\n\n');
};

export type GeneratedSection = 'flags' | 'workloads' | 'permissions';

const begin = (name: GeneratedSection): string =>
  `<!-- BEGIN GENERATED ${name}: npm run docs:workloads rewrites this part; edit scripts/docs-tables.ts instead -->`;
const end = (name: GeneratedSection): string => `<!-- END GENERATED ${name} -->`;

/** `text` with the section between its markers replaced by `body`; unchanged when it has no markers. */
export const replaceSection = (text: string, name: GeneratedSection, body: string): string => {
  const start = text.indexOf(begin(name));
  const stop = text.indexOf(end(name));
  if (start === -1 || stop === -1 || stop < start) return text;
  return `${text.slice(0, start)}${begin(name)}\n${body}\n${text.slice(stop)}`;
};

/** Which generated sections each document holds, by path from the repository root. */
export const GENERATED_DOCS: Readonly<Record<string, readonly GeneratedSection[]>> = {
  'README.md': ['flags', 'workloads'],
  'docs/configuration.md': ['flags'],
  'docs/running.md': ['permissions'],
};

/** The body of a section, rendered from the code as it is now. */
export const renderSection = (name: GeneratedSection, workloads: readonly WorkloadDescription[]): string =>
  name === 'flags' ? renderFlagTable() : name === 'permissions' ? renderPermissionTable() : renderWorkloadTables(workloads);

/** `text` with all of `sections` brought up to date. */
export const updateDocument = (
  text: string,
  sections: readonly GeneratedSection[],
  workloads: readonly WorkloadDescription[],
): string => sections.reduce((current, name) => replaceSection(current, name, renderSection(name, workloads)), text);
