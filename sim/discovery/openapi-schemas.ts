/**
 * The schemas of a group-version's OpenAPI document: built-in kinds and apimachinery types from
 * the Kubernetes swagger (converted to OpenAPI 3 references), custom kinds from their CRD's
 * structural schema, as kube-apiserver publishes a CRD.
 */
import { crdSchemaOf } from './crds.js';
import type { JsonSchemaProps } from './crd-schema.js';
import { META, ref, type Schema } from './openapi-types.js';
import { refName, type SchemaNode } from './swagger.js';
import type { ResourceType } from '../registry/index.js';

/** Custom kinds are published as `io.kubevirt.v1.VirtualMachine` (reversed group), built-ins under their swagger name. */
export const definitionNameOf = (r: ResourceType): string =>
  r.crd ? `${r.group.split('.').reverse().join('.')}.${r.version}.${r.kind}` : r.schema.definition;

/** Swagger 2 `#/definitions/X` -> OpenAPI 3 `#/components/schemas/X`; a `$ref` with siblings becomes `allOf`, as the server writes it. */
const LITERAL_KEYWORDS = new Set(['enum', 'default', 'example']);
const toV3Schema = (schema: unknown): unknown => {
  if (Array.isArray(schema)) return schema.map(toV3Schema);
  if (schema === null || typeof schema !== 'object') return schema;
  const convertValue = ([k, v]: [string, unknown]): [string, unknown] => {
    if (k === 'properties' && v !== null && typeof v === 'object') {
      // Property names are data: a property may be called `default` or `enum` (JSONSchemaProps is).
      return [k, Object.fromEntries(Object.entries(v).map(([name, prop]) => [name, toV3Schema(prop)]))];
    }
    return [k, LITERAL_KEYWORDS.has(k) ? v : toV3Schema(v)];
  };
  const obj = Object.fromEntries(Object.entries(schema).map(convertValue));
  if (typeof obj.$ref !== 'string') return obj;
  const target = ref(refName(obj.$ref));
  const { $ref: _, ...siblings } = obj;
  return Object.keys(siblings).length === 0 ? target : { allOf: [target], ...siblings };
};

/** The definitions reachable from `roots` in one swagger file, converted to OpenAPI 3. */
export const closure = (definitions: Readonly<Record<string, SchemaNode>>, roots: readonly string[]): Record<string, Schema> => {
  const out: Record<string, Schema> = {};
  const queue = [...roots];
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    if (out[name]) continue;
    const def = definitions[name];
    if (!def) throw new Error(`swagger definition ${name} not found`);
    out[name] = toV3Schema(def) as Schema;
    collectRefs(def, queue);
  }
  return out;
};

const collectRefs = (node: unknown, into: string[]): void => {
  if (Array.isArray(node)) for (const item of node) collectRefs(item, into);
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') into.push(refName(value));
      else collectRefs(value, into);
    }
  }
};

/** A custom kind as the server publishes its CRD schema: ObjectMeta by reference, GVK attached. */
export const customKindSchemas = (r: ResourceType): Record<string, Schema> => {
  const gvk = (kind: string): JsonSchemaProps['x-kubernetes-group-version-kind'] => [{ group: r.group, kind, version: r.version }];
  const crd = crdSchemaOf(r);
  const meta = (name: string, description: string): Schema => ({ allOf: [ref(`${META}.${name}`)], description });
  const name = definitionNameOf(r);
  const typeField = (field: string): Schema => crd.properties?.[field] ?? { type: 'string' };
  return {
    [name]: {
      ...crd,
      properties: { ...crd.properties, metadata: meta('ObjectMeta', "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata") },
      'x-kubernetes-group-version-kind': gvk(r.kind),
    },
    [`${name}List`]: {
      description: `${r.listKind} is a list of ${r.kind}`,
      type: 'object',
      required: ['items'],
      properties: {
        apiVersion: typeField('apiVersion'),
        items: { description: `List of ${r.plural}. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md`, type: 'array', items: ref(name) },
        kind: typeField('kind'),
        metadata: meta('ListMeta', 'Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds'),
      },
      'x-kubernetes-group-version-kind': gvk(r.listKind),
    },
  };
};

