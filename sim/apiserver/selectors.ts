/**
 * Label selectors (`=`, `==`, `!=`, `in`, `notin`, `key`, `!key`) and field selectors (every
 * resource's `metadata.name` and `metadata.namespace`, plus its strategy's selectable fields),
 * parsed once per request.
 */
import type { FieldGetter } from '../registry/strategy.js';
import type { KubeObject } from '../storage/store.js';
import { badRequest } from './status.js';

type Labels = Readonly<Record<string, string>> | undefined;

export type Requirement =
  | { op: 'eq' | 'neq'; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: readonly string[] }
  | { op: 'exists' | 'notexists'; key: string };

export type LabelSelector = readonly Requirement[];

/** Splits on commas that are not inside `( ... )`. */
const splitTerms = (text: string): string[] => {
  const terms: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(text.slice(start));
  return terms.map((t) => t.trim());
};

// Label keys: optional DNS prefix, then a name of at most 63 characters; values at most 63.
const KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

const checkKey = (key: string): string => {
  if (!KEY.test(key)) throw badRequest(`unable to parse requirement: invalid label key "${key}"`);
  return key;
};
const checkValue = (value: string): string => {
  if (!VALUE.test(value)) {
    throw badRequest(
      `unable to parse requirement: values[0][${value}]: Invalid value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
  }
  return value;
};

const parseTerm = (term: string): Requirement => {
  const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(term);
  if (set) {
    const values = set[3]!.split(',').map((v) => checkValue(v.trim()));
    return { op: set[2] === 'in' ? 'in' : 'notin', key: checkKey(set[1]!), values };
  }
  const cmp = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
  if (cmp) return { op: cmp[2] === '!=' ? 'neq' : 'eq', key: checkKey(cmp[1]!), value: checkValue(cmp[3]!.trim()) };
  if (term.startsWith('!')) return { op: 'notexists', key: checkKey(term.slice(1).trim()) };
  if (/^\S+$/.test(term)) return { op: 'exists', key: checkKey(term) };
  throw badRequest(`unable to parse requirement: found '${term}', expected: in, notin, =, ==, !=, or end of string`);
};

/** Parses `?labelSelector=`; an empty or missing selector matches everything. */
export const parseLabelSelector = (text: string | null | undefined): LabelSelector =>
  text && text.trim() !== '' ? splitTerms(text).filter((t) => t !== '').map(parseTerm) : [];

const matchesRequirement = (labels: Labels, r: Requirement): boolean => {
  const has = labels !== undefined && Object.hasOwn(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.op) {
    case 'eq':
      return value === r.value;
    case 'neq':
      return value !== r.value;
    case 'in':
      return value !== undefined && r.values.includes(value);
    case 'notin':
      return value === undefined || !r.values.includes(value);
    case 'exists':
      return has;
    case 'notexists':
      return !has;
  }
};

export const matchesLabels = (selector: LabelSelector, labels: Labels): boolean =>
  selector.every((r) => matchesRequirement(labels, r));

export interface FieldRequirement {
  /** `metadata.name`, `metadata.namespace`, or a field the kind makes selectable. */
  field: string;
  op: 'eq' | 'neq';
  value: string;
}

export type FieldSelector = readonly FieldRequirement[];

/** Parses `?fieldSelector=`; metadata.name/namespace always, `extraFields` for the kind. */
export const parseFieldSelector = (text: string | null | undefined, extraFields: readonly string[] = []): FieldSelector => {
  if (!text || text.trim() === '') return [];
  return text.split(',').map((term) => {
    const m = /^\s*([^=!\s]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(term);
    if (!m) throw badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
    const field = m[1]!;
    if (field !== 'metadata.name' && field !== 'metadata.namespace' && !extraFields.includes(field)) {
      throw badRequest(`field label not supported: ${field}`);
    }
    return { field, op: m[2] === '!=' ? 'neq' : 'eq', value: m[3]! };
  });
};

/** Matches metadata.name / metadata.namespace requirements against an object's metadata. */
export const matchesFields = (selector: FieldSelector, meta: { name?: string; namespace?: string }): boolean =>
  matchesObjectFields(selector, { metadata: meta });

/** Reads a field by its kind's getter, else by its dotted path (metadata.name, metadata.namespace). */
const fieldValue = (obj: unknown, path: string, getters: Readonly<Record<string, FieldGetter>>): string => {
  let node: unknown;
  const getter = getters[path];
  if (getter) node = getter(obj as KubeObject);
  else {
    node = obj;
    for (const part of path.split('.')) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  }
  return typeof node === 'string' ? node : '';
};

/** Matches every requirement against the object's fields (absent fields read as ""); `getters` are the kind's selectable fields. */
export const matchesObjectFields = (
  selector: FieldSelector,
  obj: unknown,
  getters: Readonly<Record<string, FieldGetter>> = {},
): boolean =>
  selector.every((r) => (r.op === 'eq' ? fieldValue(obj, r.field, getters) === r.value : fieldValue(obj, r.field, getters) !== r.value));
