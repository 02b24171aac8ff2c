/**
 * The YAML config file: snake_case global keys (one per setting with a `fileKey`) and the
 * per-workload section `workloads.<name>.{enabled,vm_count,cpu_cores,memory,params}`; the
 * hyphenated spellings and the Go implementation's names are accepted too (see key-spellings.ts).
 * Errors name the file, the line and the key as the user wrote them.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { InvalidInputError } from '../errors.js';
import { respellKeys } from './key-spellings.js';
import { keyOffset, valueAt } from './yaml-paths.js';
import { settingEntries } from './settings.js';
import type { Setting } from './settings.js';
import { REDACTED, isSensitiveName } from '../logging/redact.js';
import { closestMatch, didYouMean } from './suggest.js';
import { KINDS } from './values.js';

const workloadSectionShape = {
  enabled: KINDS.boolean.schema.optional(),
  vm_count: KINDS.count.schema.optional(),
  cpu_cores: KINDS.count.schema.optional(),
  memory: KINDS.quantity.schema.optional(),
  params: z.record(z.string().min(1), z.union([z.string(), z.number(), z.boolean()])).nullish(),
};
const WORKLOAD_SECTION_KEYS = Object.keys(workloadSectionShape);

/** `workloads: {cpu: }` (an empty section) means the same as `cpu: {}`. */
const workloadSectionSchema = z
  .strictObject(workloadSectionShape)
  .nullable()
  .transform((section) => section ?? {});

export type WorkloadSection = z.output<typeof workloadSectionSchema>;

const fileSettings = settingEntries().filter(([, setting]) => setting.fileKey !== undefined);

const configFileSchema = z.strictObject({
  ...Object.fromEntries(
    fileSettings.map(([, setting]) => [setting.fileKey, KINDS[setting.kind].schema.optional()]),
  ),
  workloads: z.record(z.string(), workloadSectionSchema).nullish(),
});

export interface ConfigFile {
  /** The path as the user gave it, for messages. */
  readonly path: string;
  /** Relative paths inside the file (kubeconfig, ssh_key_files) resolve against this directory. */
  readonly dir: string;
  /** Validated values by file key (`vm_count`), already converted by their kind. */
  readonly values: Readonly<Record<string, unknown>>;
  /** `workloads.<name>` sections in file order; names are not checked against the registry here. */
  readonly workloads: Readonly<Record<string, WorkloadSection>>;
  /** `file:line` of a key path, for errors found after loading (an unknown workload name). */
  readonly locate: (keyPath: readonly string[]) => string;
  /** Keys accepted but without effect here (the Go tool's `cleanup_mode`), for a warning each. */
  readonly notices: readonly string[];
}

/**
 * Read, parse and validate a config file; every problem is an InvalidInputError (exit 2).
 * `displayPath` is the path as the user wrote it; `field` the flag or variable that named it.
 */
export const loadConfigFile = async (filePath: string, displayPath = filePath, field = '--config'): Promise<ConfigFile> => {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'cannot read the file';
    throw new InvalidInputError(field, displayPath, `${reason}; give the path of a YAML config file`, { cause: error });
  }
  return parseConfigFile(text, displayPath, path.dirname(path.resolve(filePath)));
};

/** Parse and validate the text of a config file named `displayPath`. */
export const parseConfigFile = (text: string, displayPath: string, dir: string): ConfigFile => {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const firstError = doc.errors[0];
  if (firstError) {
    const line = lineCounter.linePos(firstError.pos[0]).line;
    throw new InvalidInputError(`${displayPath}:${line}`, firstError.code, `not valid YAML: ${firstError.message.split('\n')[0]}`);
  }
  const locateWritten = (keyPath: readonly (string | number)[]): string => {
    const offset = keyOffset(doc, keyPath);
    return offset === undefined ? displayPath : `${displayPath}:${lineCounter.linePos(offset).line}`;
  };

  const written: unknown = doc.toJS() ?? {};
  if (typeof written !== 'object' || written === null || Array.isArray(written)) {
    throw new InvalidInputError(displayPath, written, 'the config file must be a YAML mapping of settings, such as "vm_count: 2"');
  }
  // `cpu-cores` and the Go tool's names become ours; lines are still found by the keys as written.
  const { raw, asWritten, notices } = respellKeys(written as Record<string, unknown>, locateWritten);
  const locate = (keyPath: readonly (string | number)[]): string => locateWritten(asWritten(keyPath));
  const result = configFileSchema.safeParse(raw);
  if (!result.success) throw issueToError(result.error.issues, raw, locate);

  const { workloads, ...values } = result.data as Record<string, unknown> & {
    workloads?: Record<string, WorkloadSection> | null;
  };
  return { path: displayPath, dir, values, workloads: workloads ?? {}, locate, notices };
};

/** The first zod issue as an error naming file:line, the key path and the fix for its kind. */
const issueToError = (
  issues: readonly z.core.$ZodIssue[],
  raw: Record<string, unknown>,
  locate: (keyPath: readonly (string | number)[]) => string,
): InvalidInputError => {
  const issue = issues[0] as z.core.$ZodIssue;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''} in this file)` : '';
  const keyPath = issue.path.map(String);

  if (issue.code === 'unrecognized_keys') {
    const unknownKey = issue.keys[0] ?? '';
    const at = [...keyPath, unknownKey];
    const known = keyPath.length === 0 ? [...fileSettings.map(([, s]) => s.fileKey as string), 'workloads'] : WORKLOAD_SECTION_KEYS;
    const suggestion = closestMatch(unknownKey, known);
    // A misspelt `ssh_pasword` holds a password all the same.
    const sensitive = isSensitiveName(unknownKey) || (suggestion !== undefined && settingForPath([suggestion])?.sensitive === true);
    return new InvalidInputError(
      `${locate(at)}: ${at.join('.')}`,
      sensitive ? REDACTED : valueAt(raw, at),
      `unknown key${didYouMean(unknownKey, known)}${more}`,
    );
  }
  const setting = settingForPath(keyPath);
  const value = setting?.sensitive ? REDACTED : valueAt(raw, keyPath);
  return new InvalidInputError(`${locate(keyPath)}: ${keyPath.join('.')}`, value, `${fixForPath(keyPath, setting)}${more}`);
};

/** The setting (or per-workload key's kind) a file key path belongs to. */
const settingForPath = (keyPath: readonly string[]): Setting | undefined => {
  const key = keyPath[0] === 'workloads' ? keyPath[2] : keyPath[0];
  return fileSettings.find(([, setting]) => setting.fileKey === key)?.[1];
};

const fixForPath = (keyPath: readonly string[], setting: Setting | undefined): string => {
  if (keyPath[0] === 'workloads') {
    if (keyPath.length <= 2) return 'expected a mapping of workload names to {enabled, vm_count, cpu_cores, memory, params}';
    if (keyPath[2] === 'enabled') return KINDS.boolean.fix;
    if (keyPath[2] === 'params') return 'expected a mapping of parameter names to values, such as "load: 80"';
  }
  if (keyPath[0] === 'params') return 'expected a mapping of workload names to parameter mappings, such as "cpu: {load: 80}"';
  return setting ? KINDS[setting.kind].fix : 'not a valid value';
};

