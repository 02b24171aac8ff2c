/**
 * Validators over the real OpenAPI (Swagger 2.0) documents of KubeVirt, CDI and Kubernetes, stricter
 * than published: every object definition that lists properties rejects unknown ones, as an API server
 * does under `fieldValidation=Strict`. Each document is loaded and each definition compiled on first
 * use, then cached: the Kubernetes document alone is 4 MB.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { ajvViolation, type SchemaViolation } from './violation.js';

export type SchemaSource = 'kubernetes' | 'kubevirt' | 'cdi';

export const OPENAPI_FILES: Record<SchemaSource, string> = {
  kubernetes: 'kubernetes-swagger.json',
  kubevirt: 'kubevirt-swagger.json',
  cdi: 'cdi-swagger.json',
};

/** Swagger's vendor extensions: annotations only, so Ajv's strict mode accepts them. */
const VENDOR_KEYWORDS = [
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-patch-strategy',
  'x-kubernetes-patch-merge-key',
  'x-kubernetes-unions',
  'x-kubernetes-group-version-kind',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-int-or-string',
  'x-kubernetes-validations',
];

type SchemaNode = Record<string, unknown>;
type Definitions = Record<string, SchemaNode>;
interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

const isNode = (value: unknown): value is SchemaNode =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Walks a schema and its sub-schemas (properties, items, map values, combinators), closing every
 * object that lists properties, has no `additionalProperties` of its own and does not ask to keep
 * unknown fields. Marker objects without properties (`masquerade: {}`, `blank: {}`) stay open.
 */
export const closeObjects = (schema: SchemaNode): void => {
  if (
    isNode(schema.properties) &&
    schema.additionalProperties === undefined &&
    schema['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    schema.additionalProperties = false;
  }
  const children = [
    ...(isNode(schema.properties) ? Object.values(schema.properties) : []),
    schema.items,
    schema.additionalProperties,
    ...['allOf', 'anyOf', 'oneOf'].flatMap((key) => (Array.isArray(schema[key]) ? (schema[key] as unknown[]) : [])),
  ];
  for (const child of children) if (isNode(child)) closeObjects(child);
};

/**
 * Declared `{type: string, format: int-or-string}`, which Ajv cannot check and which would reject an
 * integer `targetPort`; an int-or-string is either.
 */
const fixIntOrString = (definitions: Definitions): void => {
  for (const [name, schema] of Object.entries(definitions)) {
    if (schema.format === 'int-or-string') {
      definitions[name] = { description: schema.description, type: ['integer', 'string'] };
    }
  }
};

const apiVersionOf = (obj: unknown): string =>
  isNode(obj) && typeof obj.apiVersion === 'string' ? obj.apiVersion : '';

/** Kubernetes names its definitions `io.k8s.*`; otherwise the object's API group picks CDI or KubeVirt. */
const sourceFor = (definition: string, obj: unknown): SchemaSource => {
  if (definition.startsWith('io.k8s.')) return 'kubernetes';
  return apiVersionOf(obj).startsWith('cdi.kubevirt.io/') ? 'cdi' : 'kubevirt';
};

const splitApiVersion = (apiVersion: string): Omit<GroupVersionKind, 'kind'> => {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
};

export interface OpenApiValidator {
  /** Every way `obj` breaks `definition`; `[]` when it is valid. `errors('v1.VirtualMachine', vm)`. */
  errors(definition: string, obj: unknown, source?: SchemaSource): SchemaViolation[];
  /** The definition an object's `apiVersion` and `kind` name, in the document that holds it. */
  definitionFor(obj: unknown): { source: SchemaSource; definition: string };
  /** Like `errors`, with the definition chosen by the object's own `apiVersion` and `kind`. */
  objectErrors(obj: unknown): SchemaViolation[];
}

/** A validator over the three documents in `dir`, each read when first needed. */
export const openApiValidator = (dir: string): OpenApiValidator => {
  const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true });
  addFormats.default(ajv);
  ajv.addVocabulary(VENDOR_KEYWORDS);
  const loaded = new Map<SchemaSource, { definitions: Definitions; validators: Map<string, ValidateFunction> }>();

  const load = (source: SchemaSource): { definitions: Definitions; validators: Map<string, ValidateFunction> } => {
    const cached = loaded.get(source);
    if (cached) return cached;
    const document = JSON.parse(readFileSync(path.join(dir, OPENAPI_FILES[source]), 'utf8')) as { definitions: Definitions };
    const definitions = document.definitions;
    fixIntOrString(definitions);
    for (const schema of Object.values(definitions)) closeObjects(schema);
    // Registered under their own $id: `v1.*` means kubevirt.io/v1 in one file and core/v1 in another.
    ajv.addSchema({ $id: source, definitions });
    const entry = { definitions, validators: new Map<string, ValidateFunction>() };
    loaded.set(source, entry);
    return entry;
  };

  const validatorFor = (source: SchemaSource, definition: string): ValidateFunction => {
    const { definitions, validators } = load(source);
    let validate = validators.get(definition);
    if (!validate) {
      if (!(definition in definitions)) throw new Error(`no definition ${definition} in ${OPENAPI_FILES[source]}`);
      validate = ajv.compile({ $ref: `${source}#/definitions/${definition}` });
      validators.set(definition, validate);
    }
    return validate;
  };

  /** The Kubernetes definition that declares this group/version/kind. */
  const kubernetesDefinitionFor = (gvk: GroupVersionKind): string | undefined =>
    Object.entries(load('kubernetes').definitions).find(([, schema]) =>
      (schema['x-kubernetes-group-version-kind'] as GroupVersionKind[] | undefined)?.some(
        (entry) => entry.group === gvk.group && entry.version === gvk.version && entry.kind === gvk.kind,
      ),
    )?.[0];

  const errors = (definition: string, obj: unknown, source = sourceFor(definition, obj)): SchemaViolation[] => {
    const validate = validatorFor(source, definition);
    return validate(obj) ? [] : (validate.errors ?? []).map(ajvViolation);
  };

  const definitionFor = (obj: unknown): { source: SchemaSource; definition: string } => {
    const kind = isNode(obj) && typeof obj.kind === 'string' ? obj.kind : '';
    const { group, version } = splitApiVersion(apiVersionOf(obj));
    if (group === 'kubevirt.io') return { source: 'kubevirt', definition: `${version}.${kind}` };
    if (group === 'cdi.kubevirt.io') return { source: 'cdi', definition: `${version}.${kind}` };
    const definition = kubernetesDefinitionFor({ group, version, kind });
    if (!definition) throw new Error(`no schema for apiVersion ${apiVersionOf(obj)} kind ${kind}`);
    return { source: 'kubernetes', definition };
  };

  return {
    errors,
    definitionFor,
    objectErrors: (obj) => {
      const { source, definition } = definitionFor(obj);
      return errors(definition, obj, source);
    },
  };
};
