/**
 * What a command's inputs hold that virtwork will not use, said once as warnings instead of being
 * ignored without a word: a VIRTWORK_* variable no setting reads, and config-file keys accepted
 * without effect.
 */
import { ENV_PREFIX } from '../constants.js';
import type { SettingInputs } from './resolve-settings.js';
import { settingEntries } from './settings.js';
import { closestMatch, nearest } from './suggest.js';

/** Every VIRTWORK_* variable a setting reads: ours, and the Go implementation's where its names differ. */
export const knownVariables = (): string[] =>
  settingEntries().flatMap(([, setting]) => [
    ...(setting.env === undefined ? [] : [setting.env]),
    ...(setting.goNames === undefined ? [] : [setting.goNames.env]),
  ]);

/** One warning per unread VIRTWORK_* variable, naming the closest one that is read. */
export const unknownVariableWarnings = (env: SettingInputs['env']): string[] => {
  const known = knownVariables();
  // Compared without the shared prefix, so the distance measures the part that differs.
  const suffixes = known.map((name) => name.slice(ENV_PREFIX.length));
  return Object.keys(env)
    .filter((name) => name.startsWith(ENV_PREFIX) && !known.includes(name))
    .sort()
    .map((name) => {
      const suffix = name.slice(ENV_PREFIX.length);
      const close = closestMatch(suffix, suffixes);
      const hint =
        close !== undefined ? `did you mean ${ENV_PREFIX}${close}?` : `the closest is ${ENV_PREFIX}${nearest(suffix, suffixes) ?? ''}`;
      return `${name} is not a virtwork setting and is ignored; ${hint} (docs/configuration.md lists the variables)`;
    });
};

/** The warnings of a command's inputs: unread variables, then the config file's notices. */
export const inputWarnings = (inputs: SettingInputs): string[] => [
  ...unknownVariableWarnings(inputs.env),
  ...(inputs.file?.notices ?? []),
];
