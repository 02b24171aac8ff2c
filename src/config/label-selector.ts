/**
 * Label selector syntax as the API server's `labelSelector` takes it: comma-separated requirements
 * `key`, `!key`, `key=value` (or `==`), `key!=value`, `key in (a,b)`, `key notin (a,b)`. Checked here,
 * where the user typed it, so a typo fails with the flag's name instead of a 400 from the cluster.
 */
import { LABEL_VALUE_MAX_LENGTH } from '../constants.js';

// A key is an optional DNS-subdomain prefix and `/`, then a name of at most 63 characters.
const PREFIX = '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const NAME = '[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?';
const KEY = new RegExp(`^(${PREFIX}/)?${NAME}$`);
const VALUE = new RegExp(`^(${NAME})?$`);
const PREFIX_MAX_LENGTH = 253;

const isKey = (key: string): boolean => KEY.test(key) && (key.split('/')[0]?.length ?? 0) <= PREFIX_MAX_LENGTH;
const isValue = (value: string): boolean => value.length <= LABEL_VALUE_MAX_LENGTH && VALUE.test(value);

/** Splits on the commas that are not inside `( ... )`; undefined when the parentheses do not pair. */
const splitRequirements = (text: string): string[] | undefined => {
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
    if (depth < 0 || depth > 1) return undefined;
  }
  if (depth !== 0) return undefined;
  return [...terms, text.slice(start)].map((term) => term.trim());
};

const SET = /^(\S+)\s+(in|notin)\s*\((.*)\)$/;
const EQUALITY = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/;

const isRequirement = (term: string): boolean => {
  const set = SET.exec(term);
  if (set) {
    const values = (set[3] ?? '').split(',').map((value) => value.trim());
    return isKey(set[1] ?? '') && values.every(isValue);
  }
  const equality = EQUALITY.exec(term);
  if (equality) return isKey(equality[1] ?? '') && isValue(equality[3] ?? '');
  return isKey(term.startsWith('!') ? term.slice(1).trim() : term);
};

/** True when `text` is a label selector the API server accepts (the empty selector is not one here). */
export const isLabelSelector = (text: string): boolean => {
  const terms = splitRequirements(text.trim());
  return terms !== undefined && terms.length > 0 && terms.every((term) => term !== '' && isRequirement(term));
};
