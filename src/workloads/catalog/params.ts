/**
 * The params of a catalog entry: typed as its manifest declares them (string, int, bool, list,
 * dict), given as `--params entry.key=value`, VIRTWORK_PARAMS or the config file. Values from flags
 * arrive as text: a list is `a,b,c`, a dict `k=v,k=v`. Parsed once when the workload is built.
 */
import { didYouMean } from '../../config/suggest.js';
import type { ParamDescription, ParamValues } from '../params.js';
import { InvalidParamError } from '../params.js';
import type { CatalogParamDecl, CatalogParamType } from './manifest.js';

export type CatalogParamValue = string | number | boolean | readonly string[] | Readonly<Record<string, string>>;
export type CatalogParams = Readonly<Record<string, CatalogParamValue>>;

/** What each type accepts, for errors. */
const EXPECTED: Readonly<Record<CatalogParamType, string>> = {
  string: 'a string on one line',
  int: 'a whole number, such as 4',
  bool: 'true or false',
  list: 'a list: a YAML list, or items separated by commas such as a,b,c',
  dict: 'a mapping: a YAML mapping, or key=value pairs separated by commas such as a=1,b=2',
};

const ZERO: Readonly<Record<CatalogParamType, CatalogParamValue>> = { string: '', int: 0, bool: false, list: [], dict: {} };

/** No newline or other control character: one reaches a unit file, where a newline would add a directive. */
const ONE_LINE = { test: (text: string): boolean => ![...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f) };

const isScalar = (value: unknown): value is string | number | boolean =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

const splitItems = (text: string): string[] =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** The value as `type`, or undefined when it is not one. */
export const convertParam = (type: CatalogParamType, value: unknown): CatalogParamValue | undefined => {
  switch (type) {
    case 'string':
      return isScalar(value) && ONE_LINE.test(String(value)) ? String(value) : undefined;
    case 'int': {
      const text = typeof value === 'number' || typeof value === 'string' ? String(value).trim() : '';
      return /^-?\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : undefined;
    }
    case 'bool':
      if (typeof value === 'boolean') return value;
      return typeof value === 'string' && /^(true|false)$/i.test(value.trim()) ? value.trim().toLowerCase() === 'true' : undefined;
    case 'list': {
      const items: readonly unknown[] | undefined = Array.isArray(value) ? (value as unknown[]) : typeof value === 'string' ? splitItems(value) : undefined;
      if (items === undefined || !items.every((item) => isScalar(item) && ONE_LINE.test(String(item)))) return undefined;
      return items.map(String);
    }
    case 'dict': {
      const pairs: string[][] | undefined =
        typeof value === 'string'
          ? splitItems(value).map((item) => item.split('='))
          : value !== null && typeof value === 'object' && !Array.isArray(value)
            ? Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, isScalar(v) ? String(v) : '\n'])
            : undefined;
      if (pairs === undefined) return undefined;
      const valid = pairs.every((pair) => pair.length === 2 && /^[A-Za-z0-9_.-]+$/.test(pair[0] ?? '') && ONE_LINE.test(pair[1] ?? ''));
      return valid ? (Object.fromEntries(pairs) as Record<string, string>) : undefined;
    }
  }
};

/** A declared param's default as its type; a bad default is reported by the manifest check. */
export const defaultOf = (param: CatalogParamDecl): CatalogParamValue =>
  param.default === undefined || param.default === null ? ZERO[param.type] : (convertParam(param.type, param.default) ?? ZERO[param.type]);

export const expectedFor = (type: CatalogParamType): string => EXPECTED[type];

/**
 * The entry's params: the user's values over the defaults. An unknown key (with a did-you-mean) or a
 * value of the wrong type is an InvalidParamError naming `--params <entry>.<key>`.
 */
export const parseCatalogParams = (entry: string, declared: readonly CatalogParamDecl[], values: ParamValues): CatalogParams => {
  const keys = declared.map((param) => param.key);
  const params: Record<string, CatalogParamValue> = Object.fromEntries(declared.map((param) => [param.key, defaultOf(param)]));
  for (const [key, value] of Object.entries(values)) {
    const param = declared.find((p) => p.key === key);
    if (param === undefined) {
      const takes = keys.length === 0 ? 'takes no params' : `takes ${keys.join(', ')}`;
      const guess = didYouMean(`${entry}.${key}`, keys.map((k) => `${entry}.${k}`));
      throw new InvalidParamError(entry, key, value, `unknown parameter; ${entry} ${takes} (see virtwork workloads)${guess}`);
    }
    const converted = convertParam(param.type, value);
    if (converted === undefined) {
      throw new InvalidParamError(entry, key, value, `must be ${EXPECTED[param.type]} (default ${formatParam(defaultOf(param))})`);
    }
    params[key] = converted;
  }
  return params;
};

/** How a value is written into a unit file: lists and dicts as words separated by spaces. */
export const formatParam = (value: CatalogParamValue): string => {
  if (Array.isArray(value)) return value.join(' ');
  if (typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k}=${v}`).join(' ');
  return String(value);
};

const DESCRIBED_TYPE: Readonly<Record<CatalogParamType, ParamDescription['type']>> = {
  string: 'string',
  int: 'integer',
  bool: 'boolean',
  list: 'list',
  dict: 'dict',
};

/** For `virtwork workloads`: defaults written as `--params` takes them. */
export const describeCatalogParams = (declared: readonly CatalogParamDecl[]): ParamDescription[] =>
  declared.map((param) => {
    const value = defaultOf(param);
    const shown = Array.isArray(value) ? value.join(',') : typeof value === 'object' ? Object.entries(value).map(([k, v]) => `${k}=${v}`).join(',') : value;
    return { key: param.key, type: DESCRIBED_TYPE[param.type], default: typeof shown === 'boolean' ? String(shown) : shown, description: param.desc ?? '' };
  });
