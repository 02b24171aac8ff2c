/**
 * The three patch formats the API server accepts: JSON merge patch (RFC 7386), JSON patch
 * (RFC 6902) and strategic merge patch (lists merged by the `x-kubernetes-patch-merge-key` of the
 * Kubernetes OpenAPI schema, with the `$patch` / `$retainKeys` / `$setElementOrder` /
 * `$deleteFromPrimitiveList` directives kubectl sends). Inputs are never mutated.
 */
import { resolveRef, type SchemaNode, type SwaggerDocument } from './schemas.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** A patch that does not apply; `conflict` is a failed `test` operation (409 on the server). */
export class PatchError extends Error {
  constructor(
    message: string,
    readonly conflict = false,
  ) {
    super(message);
    this.name = 'PatchError';
  }
}

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

const deepEqual = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const oa = a as JsonObject;
  const ob = b as JsonObject;
  const ka = Object.keys(oa);
  return ka.length === Object.keys(ob).length && ka.every((k) => Object.hasOwn(ob, k) && deepEqual(oa[k], ob[k]));
};

const clone = <T>(v: T): T => structuredClone(v);

// ---------------------------------------------------------------------------------------------
// RFC 7386 JSON merge patch

export const applyMergePatch = (target: Json | undefined, patch: Json): Json => {
  if (!isObject(patch)) return clone(patch);
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
};

// ---------------------------------------------------------------------------------------------
// RFC 6902 JSON patch

export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: Json;
}

const parsePointer = (pointer: string): string[] => {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new PatchError(`invalid JSON pointer: "${pointer}"`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
};

/** Returns the container holding the last token, or throws `missing path`. */
const parentOf = (doc: Json, tokens: string[], op: string, path: string): Json => {
  let node: Json = doc;
  for (const token of tokens.slice(0, -1)) {
    const next: Json | undefined = Array.isArray(node) ? node[Number(token)] : isObject(node) ? node[token] : undefined;
    if (next === undefined) throw new PatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
    node = next;
  }
  return node;
};

const getAt = (doc: Json, pointer: string, op: string): Json => {
  let node: Json | undefined = doc;
  for (const token of parsePointer(pointer)) {
    node = Array.isArray(node) ? node[Number(token)] : isObject(node) ? node[token] : undefined;
    if (node === undefined) throw new PatchError(`${op} operation does not apply: doc is missing path: "${pointer}": missing value`);
  }
  return node;
};

const arrayIndex = (arr: Json[], token: string, allowEnd: boolean, op: string, path: string): number => {
  if (token === '-' && allowEnd) return arr.length;
  const i = /^(0|[1-9][0-9]*)$/.test(token) ? Number(token) : NaN;
  if (Number.isNaN(i) || i > arr.length || (!allowEnd && i === arr.length)) {
    throw new PatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  }
  return i;
};

const addAt = (doc: Json, path: string, value: Json, op: string): Json => {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return value;
  const parent = parentOf(doc, tokens, op, path);
  const last = tokens[tokens.length - 1]!;
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, true, op, path), 0, value);
  else if (isObject(parent)) parent[last] = value;
  else throw new PatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  return doc;
};

const removeAt = (doc: Json, path: string, op: string): Json => {
  const tokens = parsePointer(path);
  const parent = parentOf(doc, tokens, op, path);
  const last = tokens[tokens.length - 1]!;
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, false, op, path), 1);
  else if (isObject(parent) && Object.hasOwn(parent, last)) delete parent[last];
  else throw new PatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  return doc;
};

export const applyJsonPatch = (target: Json, operations: unknown): Json => {
  if (!Array.isArray(operations)) throw new PatchError('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let doc = clone(target);
  for (const raw of operations as JsonPatchOperation[]) {
    const { op, path } = raw;
    if (typeof path !== 'string') throw new PatchError(`operation missing path: ${JSON.stringify(raw)}`);
    switch (op) {
      case 'add':
        doc = addAt(doc, path, clone(raw.value ?? null), 'add');
        break;
      case 'remove':
        doc = removeAt(doc, path, 'remove');
        break;
      case 'replace':
        getAt(doc, path, 'replace');
        if (parsePointer(path).length === 0) doc = clone(raw.value ?? null);
        else doc = addAt(removeAt(doc, path, 'replace'), path, clone(raw.value ?? null), 'replace');
        break;
      case 'move': {
        const value = getAt(doc, raw.from ?? '', 'move');
        doc = addAt(removeAt(doc, raw.from ?? '', 'move'), path, value, 'move');
        break;
      }
      case 'copy':
        doc = addAt(doc, path, clone(getAt(doc, raw.from ?? '', 'copy')), 'copy');
        break;
      case 'test':
        if (!deepEqual(getAt(doc, path, 'test'), raw.value ?? null)) {
          throw new PatchError(`testing value ${path} failed: test failed`, true);
        }
        break;
      default:
        throw new PatchError(`Unexpected kind: ${String(op)}`);
    }
  }
  return doc;
};

// ---------------------------------------------------------------------------------------------
// Strategic merge patch

/** Where in the schema we are; `doc` undefined means no patch metadata (lists are replaced). */
export interface PatchSchema {
  readonly doc: SwaggerDocument | undefined;
  readonly node: SchemaNode | undefined;
}

const child = (s: PatchSchema, key: string): PatchSchema => {
  if (!s.doc) return s;
  const node = resolveRef(s.doc, s.node);
  const prop = node?.properties?.[key] ?? (isObject(node?.additionalProperties) ? (node?.additionalProperties) : undefined);
  return { doc: s.doc, node: prop };
};

const itemsOf = (s: PatchSchema): PatchSchema => (s.doc ? { doc: s.doc, node: resolveRef(s.doc, s.node)?.items } : s);

const listStrategy = (s: PatchSchema, key: string): { merge: boolean; mergeKey?: string | undefined } => {
  const node = child(s, key).node;
  const strategy = node?.['x-kubernetes-patch-strategy'] ?? '';
  return { merge: strategy.split(',').includes('merge'), mergeKey: node?.['x-kubernetes-patch-merge-key'] };
};

const SET_ORDER = '$setElementOrder/';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';

export const applyStrategicMergePatch = (original: Json, patch: Json, schema: PatchSchema): Json => {
  const merged = mergeMap(isObject(original) ? original : {}, isObject(patch) ? patch : {}, schema);
  return merged ?? {};
};

/** Merges one map; returns undefined when the patch says `$patch: delete`. */
const mergeMap = (original: JsonObject, patch: JsonObject, schema: PatchSchema): JsonObject | undefined => {
  const directive = patch.$patch;
  if (directive === 'delete') return undefined;
  if (directive === 'replace') {
    const { $patch: _p, ...rest } = patch;
    return clone(rest);
  }
  const result: JsonObject = { ...original };
  const retainKeys = patch.$retainKeys;
  if (Array.isArray(retainKeys)) {
    for (const key of Object.keys(result)) if (!retainKeys.includes(key) && !Object.hasOwn(patch, key)) delete result[key];
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys' || key.startsWith(SET_ORDER)) continue;
    if (key.startsWith(DELETE_PRIMITIVE)) {
      const field = key.slice(DELETE_PRIMITIVE.length);
      const current = result[field];
      if (Array.isArray(current) && Array.isArray(value)) {
        result[field] = current.filter((v) => !value.some((d) => deepEqual(d, v)));
      }
      continue;
    }
    if (value === null) {
      delete result[key];
    } else if (isObject(value)) {
      const base = result[key];
      const merged = mergeMap(isObject(base) ? base : {}, value, child(schema, key));
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else if (Array.isArray(value)) {
      const order = patch[`${SET_ORDER}${key}`];
      result[key] = mergeList(result[key], value, schema, key, Array.isArray(order) ? order : undefined);
    } else {
      result[key] = value;
    }
  }
  return result;
};

const mergeList = (original: Json | undefined, patch: Json[], parent: PatchSchema, key: string, order?: Json[]): Json[] => {
  if (patch.some((e) => isObject(e) && e.$patch === 'replace')) {
    return clone(patch.filter((e) => !(isObject(e) && e.$patch === 'replace')));
  }
  const base = Array.isArray(original) ? original : [];
  const { merge, mergeKey } = listStrategy(parent, key);
  if (!merge) return clone(patch);
  if (!mergeKey) {
    // A merged list of primitives (finalizers): union, patch order for new values.
    const out = [...base];
    for (const v of patch) if (!out.some((o) => deepEqual(o, v))) out.push(clone(v));
    return orderPrimitives(out, order);
  }
  const items = itemsOf(child(parent, key));
  const out: Json[] = [...base];
  for (const element of patch) {
    if (!isObject(element)) continue;
    const id = element[mergeKey];
    const at = out.findIndex((o) => isObject(o) && deepEqual(o[mergeKey], id));
    if (element.$patch === 'delete') {
      if (at >= 0) out.splice(at, 1);
      continue;
    }
    if (at >= 0) {
      const merged = mergeMap(out[at] as JsonObject, element, items);
      if (merged === undefined) out.splice(at, 1);
      else out[at] = merged;
    } else {
      const { $patch: _p, ...fresh } = element;
      out.push(clone(fresh));
    }
  }
  return order ? orderByKeys(out, order, mergeKey) : out;
};

const orderPrimitives = (list: Json[], order?: Json[]): Json[] => {
  if (!order) return list;
  const rank = (v: Json): number => {
    const i = order.findIndex((o) => deepEqual(o, v));
    return i < 0 ? order.length : i;
  };
  return [...list].sort((a, b) => rank(a) - rank(b));
};

const orderByKeys = (list: Json[], order: Json[], mergeKey: string): Json[] => {
  const rank = (v: Json): number => {
    const i = order.findIndex((o) => isObject(o) && isObject(v) && deepEqual(o[mergeKey], v[mergeKey]));
    return i < 0 ? order.length : i;
  };
  return [...list].sort((a, b) => rank(a) - rank(b));
};
