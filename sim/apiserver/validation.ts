/**
 * What the API server checks before it stores an object: unknown fields (per `fieldValidation`),
 * the OpenAPI schema of the kind (KubeVirt and CDI from their CRDs, core kinds from Kubernetes),
 * object names, label syntax, and the kind's own checks (its strategy's `validate`). Validators
 * are compiled lazily, once per kind per process, and shared by every simulator instance.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { strategyOf, type ResourceType, type SchemaSource } from '../registry/index.js';
import type { NameRule } from '../registry/strategy.js';
import { loadSwagger, resolveRef, schemasDir, type SchemaNode, type SwaggerDocument } from './schemas.js';
import { badRequest, invalid, strictDecodingError, type FieldError } from './status.js';
import type { Json } from './patch.js';
import type { KubeObject } from '../storage/store.js';

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export const parseFieldValidation = (value: string | null): FieldValidation => {
  if (value === null || value === '' || value === 'Warn') return 'Warn';
  if (value === 'Strict' || value === 'Ignore') return value;
  throw badRequest(`fieldValidation must be one of "Ignore", "Warn", or "Strict", got "${value}"`);
};

type JsonObject = { [key: string]: Json };
const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

// ---------------------------------------------------------------------------------------------
// Schemas and compiled validators

/** The Kubernetes file declares IntOrString as a string with a custom format, and Quantity as string-only. */
const KUBERNETES_OVERRIDES: Record<string, SchemaNode> = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { type: ['integer', 'string'] },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { type: ['string', 'number'] },
};

interface SchemaSet {
  readonly ajv: Ajv;
  readonly docs: Partial<Record<SchemaSource, SwaggerDocument>>;
  readonly validators: Map<string, ValidateFunction>;
}

const schemaSets = new Map<string, SchemaSet | null>();

const schemaSetFor = (dir: string): SchemaSet | undefined => {
  const known = schemaSets.get(dir);
  if (known !== undefined) return known ?? undefined;
  const sources: SchemaSource[] = ['kubernetes', 'kubevirt', 'cdi'];
  const docs: Partial<Record<SchemaSource, SwaggerDocument>> = {};
  for (const source of sources) {
    const doc = loadSwagger(source, dir);
    if (!doc) {
      schemaSets.set(dir, null);
      return undefined;
    }
    docs[source] = source === 'kubernetes' ? { ...doc, definitions: { ...doc.definitions, ...KUBERNETES_OVERRIDES } } : doc;
  }
  const ajv = new Ajv({ strict: false, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  for (const source of sources) ajv.addSchema({ $id: source, definitions: docs[source]!.definitions });
  const set: SchemaSet = { ajv, docs, validators: new Map() };
  schemaSets.set(dir, set);
  return set;
};

/** The Swagger document and root definition node of a kind, when the schemas are present. */
export const schemaFor = (r: ResourceType, dir: string = schemasDir()): { doc: SwaggerDocument; node: SchemaNode } | undefined => {
  const set = schemaSetFor(dir);
  const doc = set?.docs[r.schema.source];
  const node = doc?.definitions[r.schema.definition];
  return doc && node ? { doc, node } : undefined;
};

const validatorFor = (set: SchemaSet, r: ResourceType): ValidateFunction => {
  const key = `${r.schema.source}#${r.schema.definition}`;
  let validate = set.validators.get(key);
  if (!validate) {
    validate = set.ajv.compile({ $ref: `${r.schema.source}#/definitions/${r.schema.definition}` });
    set.validators.set(key, validate);
  }
  return validate;
};

// ---------------------------------------------------------------------------------------------
// Unknown fields (pruning, as the decoder and CRD structural pruning do)

const fieldPath = (parent: string, key: string): string => (parent === '' ? key : `${parent}.${key}`);

/** Removes nulls (the decoder treats them as absent) and fields the schema does not declare. */
const prune = (value: Json, node: SchemaNode | undefined, doc: SwaggerDocument, path: string, unknown: string[]): Json => {
  const schema = resolveRef(doc, node);
  if (Array.isArray(value)) {
    return value.map((item, i) => prune(item, schema?.items, doc, `${path}[${i}]`, unknown));
  }
  if (!isObject(value)) return value;
  const preserve = schema?.['x-kubernetes-preserve-unknown-fields'] === true;
  const props = schema?.properties;
  const extra = schema?.additionalProperties;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (child === null) continue;
    if (props && Object.hasOwn(props, key)) out[key] = prune(child, props[key], doc, fieldPath(path, key), unknown);
    else if (isObject(extra)) out[key] = prune(child, extra, doc, fieldPath(path, key), unknown);
    else if (!schema || preserve || !props || extra === true) out[key] = child;
    else unknown.push(fieldPath(path, key));
  }
  return out;
};

export interface Decoded {
  readonly object: KubeObject;
  /** `Warning` header values for dropped fields (fieldValidation=Warn). */
  readonly warnings: string[];
}

/**
 * Applies `fieldValidation` to a decoded body: Strict refuses unknown fields (400), Warn drops
 * them with a warning each, Ignore drops them silently. Nulls are dropped in every mode.
 */
export const decodeFields = (r: ResourceType, body: KubeObject, mode: FieldValidation, dir?: string): Decoded => {
  const schema = schemaFor(r, dir);
  if (!schema) return { object: dropNulls(body as Json) as KubeObject, warnings: [] };
  const unknown: string[] = [];
  const object = prune(body as Json, schema.node, schema.doc, '', unknown) as KubeObject;
  if (unknown.length > 0 && mode === 'Strict') throw strictDecodingError(r, unknown);
  const warnings = mode === 'Warn' ? unknown.map((f) => `unknown field "${f}"`) : [];
  return { object, warnings };
};

const dropNulls = (value: Json): Json => {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = dropNulls(v);
  return out;
};

// ---------------------------------------------------------------------------------------------
// Schema (type) validation

const toFieldPath = (instancePath: string): string =>
  instancePath
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, t) => (/^\d+$/.test(t) ? `${acc}[${t}]` : fieldPath(acc, t)), '');

const jsonType = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v;

const valueAt = (obj: unknown, instancePath: string): unknown =>
  instancePath
    .split('/')
    .slice(1)
    .reduce<unknown>((node, t) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[t] : undefined), obj);

/** CRD validation wording (k8s.io/kube-openapi validate errors as the API server prints them). */
const crdFieldError = (e: ErrorObject, obj: unknown): FieldError => {
  const field = toFieldPath(e.instancePath);
  const value = valueAt(obj, e.instancePath);
  switch (e.keyword) {
    case 'required': {
      const missing = String((e.params as { missingProperty: string }).missingProperty);
      return { field: fieldPath(field, missing), reason: 'FieldValueRequired', detail: 'Required value' };
    }
    case 'type': {
      const actual = jsonType(value);
      const expected = String((e.params as { type: string | string[] }).type);
      return {
        field,
        reason: 'FieldValueTypeInvalid',
        detail: `Invalid value: "${actual}": ${field} in body must be of type ${expected}: "${actual}"`,
      };
    }
    case 'format':
      return {
        field,
        reason: 'FieldValueInvalid',
        detail: `Invalid value: ${JSON.stringify(value)}: ${field} in body must be of type ${String((e.params as { format: string }).format)}: ${JSON.stringify(value)}`,
      };
    case 'enum':
      return {
        field,
        reason: 'FieldValueNotSupported',
        detail: `Unsupported value: ${JSON.stringify(value)}: supported values: ${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    default:
      return { field, reason: 'FieldValueInvalid', detail: `Invalid value: ${JSON.stringify(value)}: ${field} in body ${e.message ?? 'is invalid'}` };
  }
};

/** The Go type a schema node decodes into, for decoder error messages. */
const goType = (node: SchemaNode | undefined, doc: SwaggerDocument): string => {
  const n = resolveRef(doc, node);
  const type = Array.isArray(n?.type) ? n.type[0] : n?.type;
  if (n?.format === 'byte') return '[]uint8';
  if (type === 'integer') return n?.format === 'int32' ? 'int32' : 'int64';
  if (type === 'number') return 'float64';
  if (type === 'boolean') return 'bool';
  if (type === 'array') return `[]${goType(n?.items, doc)}`;
  if (type === 'object' && isObject(n?.additionalProperties)) return `map[string]${goType(n?.additionalProperties, doc)}`;
  if (node?.$ref) return `v1.${node.$ref.split('.').pop() ?? 'Object'}`;
  return type ?? 'interface {}';
};

const goJsonType = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? 'number' : typeof v;

/**
 * Core kinds are decoded into Go structs, so a wrongly typed field is a 400 decode error:
 * `json: cannot unmarshal number into Go struct field ServiceSpec.spec.type of type string`.
 */
const coreDecodeError = (r: ResourceType, e: ErrorObject, obj: unknown, doc: SwaggerDocument, root: SchemaNode): string => {
  const tokens = e.instancePath.split('/').slice(1);
  const value = valueAt(obj, e.instancePath);
  if (e.keyword === 'format' && (e.params as { format: string }).format === 'byte' && typeof value === 'string') {
    const at = value.search(/[^A-Za-z0-9+/=]/);
    return `illegal base64 data at input byte ${at < 0 ? value.length : at}`;
  }
  // Walk to the leaf, remembering the last struct (definition) passed through.
  let structName = r.kind;
  let node: SchemaNode | undefined = root;
  let leaf: SchemaNode | undefined = root;
  for (const t of tokens) {
    if (node?.$ref) structName = node.$ref.split('.').pop() ?? structName;
    const n = resolveRef(doc, node);
    leaf = /^\d+$/.test(t) ? n?.items : (n?.properties?.[t] ?? (isObject(n?.additionalProperties) ? (n?.additionalProperties) : undefined));
    node = leaf;
  }
  const path = tokens.filter((t) => !/^\d+$/.test(t)).join('.');
  return `json: cannot unmarshal ${goJsonType(value)} into Go struct field ${structName}.${path} of type ${goType(leaf, doc)}`;
};

// ---------------------------------------------------------------------------------------------
// Names, labels, sizes

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

const NAME_RULES: Readonly<Record<NameRule, { re: RegExp; max: number; text: string }>> = {
  subdomain: {
    re: DNS1123_SUBDOMAIN,
    max: 253,
    text: "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
  },
  label: {
    re: DNS1123_LABEL,
    max: 63,
    text: "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
  },
  dns1035: {
    re: DNS1035_LABEL,
    max: 63,
    text: "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
  },
  // RBAC objects (ValidateRBACName = path.IsValidPathSegmentName): `system:basic-user` is a valid name.
  path: {
    re: /^(?!\.\.?$)[^/%]+$/,
    max: Number.MAX_SAFE_INTEGER,
    text: "may not be '.' or '..' and may not contain '/' or '%'",
  },
};

export const nameErrors = (r: ResourceType, name: string): FieldError[] => {
  const rule = NAME_RULES[strategyOf(r).nameRule ?? 'subdomain'];
  const errors: FieldError[] = [];
  if (name.length > rule.max) {
    errors.push({ field: 'metadata.name', reason: 'FieldValueInvalid', detail: `Invalid value: "${name}": must be no more than ${rule.max} characters` });
  }
  if (!rule.re.test(name)) {
    errors.push({ field: 'metadata.name', reason: 'FieldValueInvalid', detail: `Invalid value: "${name}": ${rule.text}` });
  }
  return errors;
};

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

const labelErrors = (labels: Record<string, string> | undefined): FieldError[] => {
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    const slash = key.lastIndexOf('/');
    const prefix = slash >= 0 ? key.slice(0, slash) : '';
    const name = slash >= 0 ? key.slice(slash + 1) : key;
    if ((prefix !== '' && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) || name.length > 63 || !LABEL_NAME.test(name)) {
      errors.push({
        field: 'metadata.labels',
        reason: 'FieldValueInvalid',
        detail: `Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
      });
    }
    if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) {
      errors.push({
        field: 'metadata.labels',
        reason: 'FieldValueInvalid',
        detail: `Invalid value: "${String(value)}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
      });
    }
  }
  return errors;
};

/**
 * Validates an object about to be stored: 400 for core-kind decode errors, 422 Invalid with one
 * cause per problem otherwise. `metadata.name` must already be set (generateName resolved).
 */
export const validateObject = (r: ResourceType, obj: KubeObject, dir: string = schemasDir()): void => {
  const name = obj.metadata?.name ?? '';
  const errors: FieldError[] = [];
  if (name === '') {
    errors.push({ field: 'metadata.name', reason: 'FieldValueRequired', detail: 'Required value: name or generateName is required' });
  } else {
    errors.push(...nameErrors(r, name));
  }
  errors.push(...labelErrors(obj.metadata?.labels));
  const set = schemaSetFor(dir);
  const schema = schemaFor(r, dir);
  if (set && schema) {
    const validate = validatorFor(set, r);
    if (!validate(obj)) {
      const schemaErrors = validate.errors ?? [];
      if (!r.crd && schemaErrors.length > 0) {
        throw badRequest(`${r.kind} in version "${r.version}" cannot be handled as a ${r.kind}: ${coreDecodeError(r, schemaErrors[0]!, obj, schema.doc, schema.node)}`);
      }
      errors.push(...schemaErrors.map((e) => crdFieldError(e, obj)));
    }
  }
  errors.push(...(strategyOf(r).validate?.(obj) ?? []));
  if (errors.length > 0) throw invalid(r, name, errors);
};
