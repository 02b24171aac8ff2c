/**
 * The priority chain for single settings: a flag the user set > its VIRTWORK_* variable > the config
 * file > the default. Each value is validated by its kind wherever it came from, and a bad one fails
 * naming the flag, variable or file key exactly as the user wrote it.
 */
import os from 'node:os';
import path from 'node:path';
import { InternalError, InvalidInputError } from '../errors.js';
import type { ConfigFile } from './config-file.js';
import { SETTINGS, flagName } from './settings.js';
import type { Setting, SettingKey } from './settings.js';
import { KINDS } from './values.js';
import type { ContextNamespaceReader, KubeconfigFrom } from './types.js';
import type { KindValue } from './values.js';

/**
 * Where a value came from; `flag` only when the user typed it (commander's source `cli`);
 * `kubeconfig` for the namespace of the kubeconfig's context.
 */
export type SettingSource = 'flag' | 'env' | 'file' | 'kubeconfig' | 'default';

/** How messages about the kubeconfig file name where its path came from. */
export const kubeconfigFrom = (source: SettingSource): KubeconfigFrom =>
  source === 'env' ? 'VIRTWORK_KUBECONFIG' : source === 'file' ? 'the config file' : '--kubeconfig';

/** A flag's value as commander hands it over: text, collected repeats, or a boolean switch. */
export type FlagValue = string | boolean | readonly string[];

export interface SettingInputs {
  /** Flags the user set, by setting key; `--no-wait` arrives as `noWait: true`. */
  readonly flags: Readonly<Partial<Record<SettingKey, FlagValue>>>;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Base of relative paths given by flags and variables. */
  readonly cwd: string;
  readonly file?: ConfigFile;
  /** Reads the kubeconfig context's namespace, the namespace's fallback before its default; absent: none. */
  readonly readContextNamespace?: ContextNamespaceReader;
}

export type SettingValue<K extends SettingKey> = KindValue<(typeof SETTINGS)[K]['kind']>;

export interface Resolved<K extends SettingKey> {
  readonly value: SettingValue<K>;
  readonly source: SettingSource;
  /** The flag, variable or `file:line: key` the value came from, for later errors about it. */
  readonly field: string;
  /** The value as the user wrote it (a relative path before resolution), for messages. */
  readonly given: unknown;
}

interface RawValue {
  readonly input: unknown;
  readonly shown: unknown;
  readonly source: SettingSource;
  readonly field: string;
  readonly baseDir: string;
}

/** The winning raw value of a setting, or undefined when no source (not even a default) sets it. */
const pickRaw = (setting: Setting, inputs: SettingInputs, key: SettingKey): RawValue | undefined => {
  const kind = KINDS[setting.kind];
  const flag = inputs.flags[key];
  if (flag !== undefined) {
    const input =
      typeof flag === 'boolean' ? flag
      : typeof flag === 'string' ? kind.fromText(flag)
      : 'fromFlags' in kind ? kind.fromFlags(flag)
      : kind.fromText(flag.at(-1) ?? '');
    return { input, shown: flag, source: 'flag', field: flagName(setting), baseDir: inputs.cwd };
  }
  const envText = setting.env === undefined ? undefined : inputs.env[setting.env];
  if (setting.env !== undefined && envText !== undefined && envText !== '') {
    return { input: kind.fromText(envText), shown: envText, source: 'env', field: setting.env, baseDir: inputs.cwd };
  }
  // The Go implementation's variable, when ours is not set (VIRTWORK_WAIT_FOR_READY=false is VIRTWORK_NO_WAIT=true).
  const goEnv = setting.goNames?.env;
  const goText = goEnv === undefined ? undefined : inputs.env[goEnv];
  if (goEnv !== undefined && goText !== undefined && goText !== '') {
    const input = kind.fromText(goText);
    const value = setting.goNames?.inverted && typeof input === 'boolean' ? !input : input;
    return { input: value, shown: goText, source: 'env', field: goEnv, baseDir: inputs.cwd };
  }
  const file = inputs.file;
  if (setting.fileKey !== undefined && file?.values[setting.fileKey] !== undefined) {
    const value = file.values[setting.fileKey];
    const field = `${file.locate([setting.fileKey])}: ${setting.fileKey}`;
    return { input: value, shown: value, source: 'file', field, baseDir: file.dir };
  }
  if (setting.default !== undefined) {
    return { input: setting.default, shown: setting.default, source: 'default', field: flagName(setting), baseDir: inputs.cwd };
  }
  return undefined;
};

/** Resolve one setting through the chain; undefined when nothing sets it and it has no default. */
export const resolveSetting = <K extends SettingKey>(key: K, inputs: SettingInputs): Resolved<K> | undefined => {
  const setting: Setting = SETTINGS[key];
  const raw = pickRaw(setting, inputs, key);
  if (raw === undefined) return undefined;
  const result = KINDS[setting.kind].schema.safeParse(raw.input);
  if (!result.success) {
    const shown = setting.sensitive ? '[redacted]' : Array.isArray(raw.shown) ? raw.shown.join(',') : raw.shown;
    throw new InvalidInputError(raw.field, shown, KINDS[setting.kind].fix);
  }
  const value = isPathKind(setting) ? resolvePaths(result.data, raw.baseDir) : result.data;
  return { value: value as SettingValue<K>, source: raw.source, field: raw.field, given: raw.shown };
};

/** A setting with a default: resolved through the chain, never undefined. */
export const resolveDefaulted = <K extends SettingKey>(key: K, inputs: SettingInputs): Resolved<K> => {
  const resolved = resolveSetting(key, inputs);
  if (resolved === undefined) throw new InternalError(`setting ${key} has no default`);
  return resolved;
};

const isPathKind = (setting: Setting): boolean => setting.kind === 'path' || setting.kind === 'path-list';

/** `~/x` is the home directory; other relative paths are relative to where they were written. */
const resolvePath = (value: string, baseDir: string): string =>
  value === '~' || value.startsWith('~/')
    ? path.join(os.homedir(), value.slice(1))
    : path.resolve(baseDir, value);

const resolvePaths = (value: unknown, baseDir: string): unknown =>
  Array.isArray(value)
    ? value.map((item: string) => resolvePath(item, baseDir))
    : resolvePath(value as string, baseDir);

/**
 * A command's inputs: its flags, the environment, and the config file they name, read once. Every
 * setting the command resolves afterwards comes from these, so the file is never read twice.
 */
export const loadSettingInputs = async (inputs: Omit<SettingInputs, 'file'>): Promise<SettingInputs> => {
  const configPath = resolveSetting('config', inputs);
  if (configPath === undefined) return inputs;
  // The YAML parser and the file's schema load only when there is a file to read.
  const { loadConfigFile } = await import('./config-file.js');
  return { ...inputs, file: await loadConfigFile(configPath.value, String(configPath.given), configPath.field) };
};
