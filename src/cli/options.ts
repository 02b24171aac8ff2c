/**
 * Commander options built from the settings table, and the reverse: which settings the user typed.
 * Commander holds no defaults here; the resolver applies them, after the environment and the file.
 */
import { Option } from 'commander';
import type { Command } from 'commander';
import type { FlagValue } from '../config/resolve-settings.js';
import { declaredOn, flagName, optionKey, settingEntries } from '../config/settings.js';
import type { Setting, SettingCommand, SettingKey } from '../config/settings.js';

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

const helpText = (setting: Setting): string => {
  const shown = setting.defaultShown ?? (Array.isArray(setting.default) ? setting.default.join(',') : setting.default);
  const hasDefault = shown !== undefined && shown !== false && setting.kind !== 'output';
  const env = setting.env === undefined ? '' : `; env ${setting.env}`;
  return `${setting.description}${hasDefault ? ` (default ${String(shown)})` : ''}${env}`;
};

/**
 * Add the options of every setting declared on `scope` (the root program, or a command) to `command`,
 * in table order. `-o` is not among them: each command declares it with the formats it prints
 * (addOutputOption), so its help and completion offer only those.
 */
export const addSettingOptions = (command: Command, scope: 'global' | SettingCommand): Command => {
  for (const [, setting] of settingEntries()) {
    if (!declaredOn(setting, scope) || setting.kind === 'output') continue;
    const option = new Option(setting.flag, helpText(setting));
    if (setting.repeatable) option.argParser(collect);
    command.addOption(option);
  }
  return command;
};

/**
 * The settings the user set on the command line (commander's source `cli`), with their values as
 * typed: the global ones and those of `scope`, the settings `command` was given. A negated switch
 * such as `--no-wait` arrives as `noWait: true`.
 */
export const userFlags = (command: Command, scope: 'global' | SettingCommand): Partial<Record<SettingKey, FlagValue>> => {
  const values = command.optsWithGlobals<Record<string, FlagValue>>();
  const flags: Partial<Record<SettingKey, FlagValue>> = {};
  for (const [key, setting] of settingEntries()) {
    if (!declaredOn(setting, 'global') && !declaredOn(setting, scope)) continue;
    const name = optionKey(setting);
    if (command.getOptionValueSourceWithGlobals(name) !== 'cli') continue;
    const value = values[name];
    if (value === undefined) continue;
    flags[key] = flagName(setting).startsWith('--no-') ? !value : value;
  }
  return flags;
};
