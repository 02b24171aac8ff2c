/**
 * The spellings of config-file keys this virtwork accepts besides its own. Ours are snake_case
 * (`cpu_cores`), the one form docs and errors use; the Go implementation reads hyphenated keys
 * (`cpu-cores`) and names some settings differently (`data_disk_size`, `wait_for_ready`). Both are
 * accepted without a word, so a Go user's file keeps working; a key given twice is refused.
 */
import { InvalidInputError } from '../errors.js';
import { REDACTED, isSensitiveName } from '../logging/redact.js';
import { settingEntries } from './settings.js';
import { KINDS } from './values.js';

/** `cpu-cores` -> `cpu_cores`. */
export const canonicalKey = (key: string): string => key.replaceAll('-', '_');

/** The Go tool's key for its cleanup selection; ours selects with --run-id, so the key has no effect here. */
const GO_CLEANUP_MODE = 'cleanup_mode';

const GO_FILE_NAMES = settingEntries().flatMap(([, setting]) =>
  setting.goNames !== undefined && setting.fileKey !== undefined
    ? [{ goKey: setting.goNames.fileKey, key: setting.fileKey, inverted: setting.goNames.inverted === true }]
    : [],
);

/** A password or key is never echoed back, whatever the spelling. */
const isSensitiveKey = (key: string): boolean =>
  isSensitiveName(key) || settingEntries().some(([, setting]) => setting.fileKey === key && setting.sensitive === true);

export interface Respelled {
  /** The file's data with every key in its canonical spelling. */
  readonly raw: Record<string, unknown>;
  /** A canonical key path back to the keys as the file writes them, to find their line. */
  readonly asWritten: (keyPath: readonly (string | number)[]) => (string | number)[];
  /** Keys accepted with no effect, worth a warning. */
  readonly notices: readonly string[];
}

/**
 * Respells the top-level keys and those of each `workloads.<name>` section (workload names and
 * params keep theirs). `locate` finds the line of a key path as written, for errors.
 */
export const respellKeys = (
  raw: Record<string, unknown>,
  locate: (keyPath: readonly (string | number)[]) => string,
): Respelled => {
  const written = new Map<string, string>();
  const pathKey = (keyPath: readonly (string | number)[]): string => keyPath.join('\0');
  const notices: string[] = [];

  const respell = (mapping: Record<string, unknown>, at: readonly string[]): Record<string, unknown> => {
    const result: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(mapping)) {
      const canonical = canonicalKey(key);
      const earlier = written.get(pathKey([...at, canonical]));
      if (earlier !== undefined) twice([...at, earlier], [...at, key], canonical, value);
      written.set(pathKey([...at, canonical]), key);
      result[canonical] = value;
    }
    return result;
  };
  const twice = (first: readonly string[], second: readonly string[], canonical: string, value: unknown): never => {
    throw new InvalidInputError(
      `${locate(second)}: ${second.join('.')}`,
      isSensitiveKey(canonical) ? REDACTED : value,
      `${canonical} is given twice (also as ${first.join('.')} at ${locate(first)}); keep one`,
    );
  };

  const top = respell(raw, []);
  for (const { goKey, key, inverted } of GO_FILE_NAMES) {
    if (!(goKey in top)) continue;
    const goWritten = written.get(pathKey([goKey])) ?? goKey;
    if (key in top) twice([written.get(pathKey([key])) ?? key], [goWritten], key, top[goKey]);
    const value = top[goKey];
    if (inverted && typeof value !== 'boolean') {
      throw new InvalidInputError(`${locate([goWritten])}: ${goKey}`, value, KINDS.boolean.fix);
    }
    top[key] = inverted ? !value : value;
    delete top[goKey];
    written.set(pathKey([key]), goWritten);
  }
  if (GO_CLEANUP_MODE in top) {
    notices.push(
      `${locate([written.get(pathKey([GO_CLEANUP_MODE])) ?? GO_CLEANUP_MODE])}: ${GO_CLEANUP_MODE} (a setting of the Go virtwork) ` +
        'is ignored: cleanup removes every object virtwork made in the namespace, or one run\'s with --run-id',
    );
    delete top[GO_CLEANUP_MODE];
  }

  const workloads = top.workloads;
  if (workloads !== null && typeof workloads === 'object' && !Array.isArray(workloads)) {
    top.workloads = Object.fromEntries(
      Object.entries(workloads as Record<string, unknown>).map(([name, section]) => [
        name,
        section !== null && typeof section === 'object' && !Array.isArray(section)
          ? respell(section as Record<string, unknown>, ['workloads', name])
          : section,
      ]),
    );
  }

  const asWritten = (keyPath: readonly (string | number)[]): (string | number)[] =>
    keyPath.map((key, i) => (typeof key === 'string' ? (written.get(pathKey([...keyPath.slice(0, i), key].map(String))) ?? key) : key));
  return { raw: top, asWritten, notices };
};
