/**
 * Turns a Swagger 2.0 definition (with `$ref`s) into the structural `openAPIV3Schema` a
 * CustomResourceDefinition carries: every reference inlined, every node typed, quantities as
 * int-or-string, embedded ObjectMeta left open, as KubeVirt's and CDI's published CRDs have them.
 */
import { refName, type SchemaNode } from './swagger.js';

/**
 * The wire form of a CRD schema node. client-node's `V1JSONSchemaProps` renames `x-kubernetes-*`
 * and `$ref` for its serializer and types nested items as `any`, so it cannot describe this JSON.
 */
export interface JsonSchemaProps {
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, JsonSchemaProps>;
  additionalProperties?: JsonSchemaProps | boolean;
  items?: JsonSchemaProps;
  required?: string[];
  enum?: unknown[];
  nullable?: boolean;
  anyOf?: JsonSchemaProps[];
  allOf?: JsonSchemaProps[];
  pattern?: string;
  /** Only in published OpenAPI documents, never inside a CRD. */
  $ref?: string;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
}

/** Keywords a structural schema may carry, copied as they are. Everything else is dropped. */
const KEPT = [
  'format', 'enum', 'nullable', 'pattern', 'minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems',
  'x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-map-type',
  'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource',
] as const;

/** The pattern apimachinery's Quantity type publishes in CRDs. */
const QUANTITY_PATTERN =
  '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';

const intOrString = (): JsonSchemaProps => ({
  anyOf: [{ type: 'integer' }, { type: 'string' }],
  'x-kubernetes-int-or-string': true,
});

const openObject = (): JsonSchemaProps => ({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true });

/** The description first, as generated schemas print it; the referring field's own text wins. */
const withDescription = (schema: JsonSchemaProps, description: string | undefined): JsonSchemaProps => {
  if (description === undefined) return schema;
  const { description: _replaced, ...rest } = schema;
  return { description, ...rest };
};

interface Context {
  readonly definitions: Readonly<Record<string, SchemaNode>>;
  /** The name ObjectMeta has in this file (`v1.ObjectMeta` in CDI's, the long form in KubeVirt's). */
  readonly objectMeta: string;
  /** Definitions being inlined right now: a repeat is a cycle, cut off as an open object. */
  readonly inlining: readonly string[];
}

const convertRef = (name: string, description: string | undefined, ctx: Context): JsonSchemaProps => {
  const target = ctx.definitions[name];
  if (!target) throw new Error(`swagger $ref #/definitions/${name} has no definition`);
  // Types the generators special-case carry only the referring field's description, not the type's essay.
  // Embedded object metadata (a VM's template, its dataVolumeTemplates) is kept, never pruned.
  if (name === ctx.objectMeta) return withDescription({ type: 'object', nullable: true, 'x-kubernetes-preserve-unknown-fields': true }, description);
  if (name.endsWith('resource.Quantity')) return withDescription({ ...intOrString(), pattern: QUANTITY_PATTERN }, description);
  if (name.endsWith('runtime.RawExtension') || ctx.inlining.includes(name)) return withDescription(openObject(), description);
  const inlined = convert(target, { ...ctx, inlining: [...ctx.inlining, name] });
  return withDescription(inlined, description ?? inlined.description);
};

const convertType = (schema: SchemaNode): Pick<JsonSchemaProps, 'type' | 'nullable'> | JsonSchemaProps => {
  if (schema.format === 'int-or-string') return intOrString();
  const types = typeof schema.type === 'string' ? [schema.type] : [...(schema.type ?? [])];
  const nullable = types.includes('null');
  const concrete = types.filter((t) => t !== 'null');
  if (concrete.length > 1) return intOrString(); // ["string","integer","number"]: KubeVirt's Quantity, probe ports
  const type = concrete[0] ?? (schema.properties || schema.additionalProperties ? 'object' : schema.items ? 'array' : undefined);
  return { ...(type ? { type } : { 'x-kubernetes-preserve-unknown-fields': true }), ...(nullable ? { nullable } : {}) };
};

const convert = (schema: SchemaNode, ctx: Context): JsonSchemaProps => {
  if (schema.$ref !== undefined) return convertRef(refName(schema.$ref), schema.description, ctx);
  const out: JsonSchemaProps = {};
  if (schema.description !== undefined) out.description = schema.description;
  Object.assign(out, convertType(schema));
  for (const key of KEPT) {
    if (schema[key] !== undefined && !(key === 'format' && schema.format === 'int-or-string')) {
      (out as Record<string, unknown>)[key] = schema[key];
    }
  }
  if (schema.properties) {
    out.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, convert(v, ctx)]));
  }
  if (schema.required && schema.required.length > 0) out.required = [...schema.required];
  if (typeof schema.additionalProperties === 'object') out.additionalProperties = convert(schema.additionalProperties, ctx);
  if (schema.items) out.items = convert(schema.items, ctx);
  if (out.type === 'array' && !out.items) out.items = openObject();
  return out;
};

/**
 * The structural schema of one kind. At the root, `metadata` is a bare object: the API server
 * validates ObjectMeta itself and a CRD may not describe it further.
 */
export const structuralSchema = (
  definitions: Readonly<Record<string, SchemaNode>>,
  definition: string,
  objectMeta: string,
): JsonSchemaProps => {
  const root = definitions[definition];
  if (!root) throw new Error(`swagger definition ${definition} not found`);
  const schema = convert(root, { definitions, objectMeta, inlining: [definition] });
  return { ...schema, type: 'object', properties: { ...schema.properties, metadata: { type: 'object' } } };
};
