/**
 * JSON data (maps, lists, strings, numbers, booleans, null) as block YAML: Kubernetes objects for
 * `run --dry-run`, and cloud-config for cloud-init. Written here rather than with the `yaml`
 * library because that library's general-purpose document model took about two thirds of the time of
 * a 1,000-VM dry run (budget: 1.5 s), and loading its 70 modules was an eighth of a one-VM dry run's
 * start (budget: 4x `kubectl version --client`). Strings are quoted whenever any reader, YAML 1.1
 * (kubectl's go-yaml, cloud-init's PyYAML) or 1.2, could take them for something else; quoted strings
 * are JSON strings, which are valid YAML double-quoted scalars once the few characters YAML treats as
 * line breaks or non-printable are escaped too. Multi-line text such as a script is a literal block
 * (`|`), kept byte for byte and readable, whenever that form reads back the same everywhere.
 */

/** Plain (unquoted) strings: a conservative subset that reads back as the same string everywhere. */
const PLAIN = /^[A-Za-z0-9_./$-](?:[A-Za-z0-9_./:@+=, ()$-]*[A-Za-z0-9_./@+=)$-])?$/;
/** Words YAML 1.1 reads as booleans or null (`on`, `yes`, `n`) and 1.2 as true, false or null. */
const RESERVED = new Set(['y', 'n', 'yes', 'no', 'true', 'false', 'on', 'off', 'null', '~']);
/** Starts like a number (`1e3`, `0x1f`, `1:20`, `.5`, `-1`, `.inf`) ... */
const NUMBER_LIKE = /^[-+]?[.0-9]/;
/** ... unless it is a Kubernetes quantity such as `10Gi` or `500M`, which no YAML reads as a number. */
const QUANTITY = /^[0-9]+(?:\.[0-9]+)?[A-Za-z]+$/;
/** Characters YAML 1.1 treats as line breaks, or as non-printable, that JSON.stringify leaves raw. */
const YAML_ESCAPES = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;

const needsQuotes = (text: string): boolean =>
  !PLAIN.test(text) ||
  RESERVED.has(text.toLowerCase()) ||
  (NUMBER_LIKE.test(text) && !QUANTITY.test(text)) ||
  text === '-' ||
  text.startsWith('- ') ||
  text.startsWith('---') ||
  text.startsWith('...') ||
  text.includes(': ');

const quote = (text: string): string =>
  JSON.stringify(text).replace(YAML_ESCAPES, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);

const string = (text: string): string => (needsQuotes(text) ? quote(text) : text);

/**
 * What a literal block cannot hold as is: control characters but tab and newline (CR and NEL read as
 * line breaks, the rest must be escaped), the line separators LS and PS, a BOM, noncharacters, and
 * lone surrogates, which have no UTF-8 form.
 */
const NOT_IN_BLOCK = /[^\P{Cc}\t\n]|[\p{Cs}\u2028\u2029\ufeff\ufffe\uffff]/u;

/**
 * Text that reads back the same from a clipped literal block (`|`): lines ending in exactly one
 * newline, the first non-empty one not indented (the block's own indentation is found from it), and
 * no line of only blanks (readers disagree on whether those blanks are content).
 */
const fitsLiteralBlock = (text: string): boolean =>
  text.includes('\n') &&
  text.endsWith('\n') &&
  !text.endsWith('\n\n') &&
  !/^\n*[ \t]/.test(text) &&
  !/^[ \t]+$/m.test(text) &&
  !NOT_IN_BLOCK.test(text);

/** A value: a literal block for multi-line text that fits one, else a one-line scalar. */
const valueText = (item: unknown, indent: string): string => {
  if (typeof item !== 'string' || !fitsLiteralBlock(item)) return scalar(item);
  const lines = item.slice(0, -1).split('\n');
  return `|\n${lines.map((line) => (line === '' ? '' : `${indent}${line}`)).join('\n')}`;
};

const isScalar = (value: unknown): boolean => value === null || typeof value !== 'object' || value instanceof Date;

const scalar = (value: unknown): string => {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return string(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  // The client library types timestamps as Date; on the wire they are RFC 3339 strings.
  if (value instanceof Date) return quote(value.toISOString());
  throw new TypeError(`cannot print a ${typeof value} as YAML`);
};

/** `{}` and `[]` print inline, as their block forms would be empty. */
const emptyCollection = (value: object): string | undefined => {
  if (Array.isArray(value)) return value.length === 0 ? '[]' : undefined;
  return Object.values(value).some((v) => v !== undefined) ? undefined : '{}';
};

const writeMap = (map: object, indent: string, out: string[]): void => {
  for (const [key, field] of Object.entries(map)) {
    // As in JSON: an undefined field is absent.
    if (field === undefined) continue;
    const prefix = `${indent}${string(key)}:`;
    if (isScalar(field)) {
      out.push(`${prefix} ${valueText(field, `${indent}  `)}`);
      continue;
    }
    const inline = emptyCollection(field as object);
    if (inline !== undefined) {
      out.push(`${prefix} ${inline}`);
      continue;
    }
    out.push(prefix);
    if (Array.isArray(field)) writeList(field, `${indent}  `, out);
    else writeMap(field as object, `${indent}  `, out);
  }
};

const writeList = (list: readonly unknown[], indent: string, out: string[]): void => {
  for (const item of list) {
    const inline = isScalar(item) ? valueText(item, `${indent}  `) : emptyCollection(item as object);
    if (inline !== undefined) {
      out.push(`${indent}- ${inline}`);
      continue;
    }
    // A nested collection starts on the dash's line: `- name: x` then its other keys below it.
    const nested: string[] = [];
    if (Array.isArray(item)) writeList(item, `${indent}  `, nested);
    else writeMap(item as object, `${indent}  `, nested);
    nested[0] = `${indent}- ${(nested[0] ?? '').slice(indent.length + 2)}`;
    out.push(...nested);
  }
};

/** One object as a YAML document (no `---`), ending in a newline. */
export const toYaml = (object: object): string => {
  const lines: string[] = [];
  if (Array.isArray(object)) writeList(object, '', lines);
  else writeMap(object, '', lines);
  return lines.length === 0 ? `${emptyCollection(object) ?? '{}'}\n` : `${lines.join('\n')}\n`;
};
