/**
 * The OpenAPI documents kubectl downloads before `create`, `apply` and `explain`: the v3 index
 * (`/openapi/v3`), one v3 document per group-version, and the merged v2 document. Schemas come from
 * the upstream swagger files (custom kinds through their CRD's structural schema, as a real server
 * publishes them); paths come from the resource table, so they list exactly the verbs served.
 *
 * kubectl reads two things here beyond the schemas: the `x-kubernetes-group-version-kind` of each
 * PATCH operation and whether it takes the `fieldValidation` query parameter (then it leaves field
 * validation to the server), and whether PATCH accepts strategic merge patches (core kinds only).
 */
import { crdSchemaOf } from './crds.js';
import type { JsonSchemaProps } from './discovery-crd-schema.js';
import { VERSION_INFO, type GroupVersion } from './discovery-documents.js';
import { prepare, type Prepared } from './discovery-http.js';
import { refName, requireSwagger, schemasDir, type SchemaNode } from './discovery-swagger.js';
import type { ResourceType } from './resources.js';

/** Any JSON Schema node: swagger definitions, CRD schemas, `$ref`s. */
type Schema = object;
interface GvPair {
  readonly group: string;
  readonly version: string;
}
interface Gvk {
  group: string;
  version: string;
  kind: string;
}
interface Parameter {
  name: string;
  in: 'query' | 'path';
  description: string;
  required?: boolean;
  schema: { type: string; uniqueItems: true };
}
interface MediaTypes {
  [mediaType: string]: { schema: Schema };
}
interface Operation {
  description: string;
  operationId: string;
  tags: string[];
  parameters?: Parameter[];
  requestBody?: { content: MediaTypes; required?: boolean };
  responses: Record<string, { description: string; content?: MediaTypes }>;
  /** Absent only on the group-version's own discovery operation. */
  'x-kubernetes-action'?: string;
  'x-kubernetes-group-version-kind'?: Gvk;
}
type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';
type PathItem = Partial<Record<Method, Operation>> & { parameters?: Parameter[] };
export interface OpenApiV3Document {
  openapi: '3.0.0';
  info: { title: string; version: string };
  paths: Record<string, PathItem>;
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, Schema> };
  security: Record<string, string[]>[];
}

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const RESPONSE_TYPES = ['application/json', 'application/yaml'] as const;
const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json'] as const;
const STRATEGIC_MERGE = 'application/strategic-merge-patch+json';
const BEARER = { BearerToken: { type: 'apiKey', name: 'authorization', in: 'header', description: 'Bearer Token authentication' } };

/**
 * The Kubernetes swagger documents every query parameter: reuse its text verbatim. Global
 * parameters plus the Service operations cover every parameter these paths take.
 */
const parameterDocs = (): Map<string, string> => {
  interface Documented {
    name?: string;
    description?: string;
  }
  const swagger = requireSwagger('kubernetes') as unknown as {
    parameters: Record<string, Documented>;
    paths: Record<string, Record<string, { parameters?: Documented[] } | undefined>>;
  };
  const ops = ['/api/v1/namespaces/{namespace}/services', '/api/v1/namespaces/{namespace}/services/{name}']
    .flatMap((path) => Object.values(swagger.paths[path] ?? {}));
  const documented = [...Object.values(swagger.parameters), ...ops.flatMap((op) => op?.parameters ?? [])];
  const docs = new Map<string, string>();
  for (const p of documented) if (p.name && p.description && !docs.has(p.name)) docs.set(p.name, p.description);
  return docs;
};

const PARAM_TYPES: Readonly<Record<string, string>> = {
  allowWatchBookmarks: 'boolean', sendInitialEvents: 'boolean', watch: 'boolean', force: 'boolean', orphanDependents: 'boolean',
  limit: 'integer', timeoutSeconds: 'integer', gracePeriodSeconds: 'integer',
};
const LIST_PARAMS = ['allowWatchBookmarks', 'continue', 'fieldSelector', 'labelSelector', 'limit', 'resourceVersion',
  'resourceVersionMatch', 'sendInitialEvents', 'timeoutSeconds', 'watch'];
const WRITE_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation'];
const DELETE_PARAMS = ['dryRun', 'gracePeriodSeconds', 'orphanDependents', 'propagationPolicy'];

/** Names and tags as the API server's OpenAPI builder derives them from the group. */
const groupWords = (group: string): string[] => (group === '' ? ['core'] : group.replace(/\.k8s\.io$/, '').split('.'));
const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const operationPrefix = (gv: GvPair): string => groupWords(gv.group).map(capitalize).join('') + capitalize(gv.version);
const tagOf = (gv: GvPair): string => {
  const [first = '', ...rest] = groupWords(gv.group);
  return `${first}${rest.map(capitalize).join('')}_${gv.version}`;
};

/** Custom kinds are published as `io.kubevirt.v1.VirtualMachine` (reversed group), built-ins under their swagger name. */
export const definitionNameOf = (r: ResourceType): string =>
  r.crd ? `${r.group.split('.').reverse().join('.')}.${r.version}.${r.kind}` : r.schema.definition;

const rootPath = (gv: GvPair): string =>
  gv.group === '' ? `/api/${gv.version}` : `/apis/${gv.group}/${gv.version}`;

class PathBuilder {
  readonly paths: Record<string, PathItem> = {};
  constructor(private readonly docs: ReadonlyMap<string, string>) {}

  param(name: string, where: 'query' | 'path' = 'query'): Parameter {
    return {
      name,
      in: where,
      description: this.docs.get(name) ?? (name === 'name' ? 'name of the resource' : ''),
      ...(where === 'path' ? { required: true } : {}),
      schema: { type: PARAM_TYPES[name] ?? 'string', uniqueItems: true },
    };
  }

  /** Adds one operation; path-level parameters (namespace, name, pretty) are set once per path. */
  add(path: string, method: Method, op: Operation): void {
    const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => this.param(m[1] ?? '', 'path'));
    const item = (this.paths[path] ??= { parameters: [...pathParams, this.param('pretty')] });
    item[method] = op;
  }

  /** Every operation the resource's verbs allow, on the paths a real server registers for them. */
  addResource(r: ResourceType): void {
    const gvk = { group: r.group, version: r.version, kind: r.kind };
    const prefix = operationPrefix(r);
    const scoped = r.namespaced ? 'Namespaced' : '';
    const ns = r.namespaced ? '/namespaces/{namespace}' : '';
    const root = rootPath(r);
    const collection = `${root}${ns}/${r.plural}`;
    const item = `${collection}/{name}`;
    const kindRef = ref(definitionNameOf(r));
    const listRef = ref(`${definitionNameOf(r)}List`);
    const can = (verb: string): boolean => r.verbs.includes(verb);
    const respond = (schema: Schema, codes: string[]): Operation['responses'] => ({
      ...Object.fromEntries(codes.map((c) => [c, { description: CODE_TEXT[c] ?? 'OK', content: mediaTypes(RESPONSE_TYPES, schema) }])),
      401: { description: 'Unauthorized' },
    });
    const op = (action: string, verb: string, description: string, rest: Partial<Operation> & Pick<Operation, 'responses'>, suffix = ''): Operation => ({
      description,
      operationId: `${verb}${prefix}${scoped}${r.kind}${suffix}`,
      tags: [tagOf(r)],
      ...rest,
      'x-kubernetes-action': action,
      'x-kubernetes-group-version-kind': gvk,
    });
    const params = (names: string[]): Parameter[] => names.map((n) => this.param(n));
    const patchTypes = r.group === '' ? [...PATCH_TYPES, STRATEGIC_MERGE] : [...PATCH_TYPES];
    const patchBody = { content: mediaTypes(patchTypes, ref(`${META}.Patch`)), required: true };
    const writeBody = { content: mediaTypes(['*/*'], kindRef), required: true };

    if (can('list')) {
      this.add(collection, 'get', op('list', 'list', `list or watch objects of kind ${r.kind}`, { parameters: params(LIST_PARAMS), responses: respond(listRef, ['200']) }));
    }
    if (can('create')) {
      this.add(collection, 'post', op('post', 'create', `create a ${r.kind}`, { parameters: params(WRITE_PARAMS), requestBody: writeBody, responses: respond(kindRef, ['200', '201', '202']) }));
    }
    if (can('deletecollection')) {
      this.add(collection, 'delete', op('deletecollection', 'deleteCollection', `delete collection of ${r.kind}`, {
        parameters: params([...LIST_PARAMS.filter((p) => p !== 'watch'), ...DELETE_PARAMS]),
        requestBody: { content: mediaTypes(['*/*'], ref(`${META}.DeleteOptions`)) },
        responses: respond(ref(`${META}.Status`), ['200']),
      }));
    }
    if (can('get')) this.add(item, 'get', op('get', 'read', `read the specified ${r.kind}`, { responses: respond(kindRef, ['200']) }));
    if (can('update')) {
      this.add(item, 'put', op('put', 'replace', `replace the specified ${r.kind}`, { parameters: params(WRITE_PARAMS), requestBody: writeBody, responses: respond(kindRef, ['200', '201']) }));
    }
    if (can('patch')) {
      this.add(item, 'patch', op('patch', 'patch', `partially update the specified ${r.kind}`, { parameters: params([...WRITE_PARAMS, 'force']), requestBody: patchBody, responses: respond(kindRef, ['200', '201']) }));
    }
    if (can('delete')) {
      this.add(item, 'delete', op('delete', 'delete', `delete a ${r.kind}`, {
        parameters: params(DELETE_PARAMS),
        requestBody: { content: mediaTypes(['*/*'], ref(`${META}.DeleteOptions`)) },
        responses: respond(ref(`${META}.Status`), ['200', '202']),
      }));
    }
    if (r.statusSubresource) {
      const status = `${item}/status`;
      this.add(status, 'get', op('get', 'read', `read status of the specified ${r.kind}`, { responses: respond(kindRef, ['200']) }, 'Status'));
      if (can('update')) {
        this.add(status, 'put', op('put', 'replace', `replace status of the specified ${r.kind}`, { parameters: params(WRITE_PARAMS), requestBody: writeBody, responses: respond(kindRef, ['200', '201']) }, 'Status'));
      }
      if (can('patch')) {
        this.add(status, 'patch', op('patch', 'patch', `partially update status of the specified ${r.kind}`, { parameters: params([...WRITE_PARAMS, 'force']), requestBody: patchBody, responses: respond(kindRef, ['200', '201']) }, 'Status'));
      }
    }
    if (r.namespaced && can('list')) {
      this.add(`${root}/${r.plural}`, 'get', { ...op('list', 'list', `list or watch objects of kind ${r.kind}`, { parameters: params(LIST_PARAMS), responses: respond(listRef, ['200']) }), operationId: `list${prefix}${r.kind}ForAllNamespaces` });
    }
    if (can('watch')) {
      const event = ref(`${META}.WatchEvent`);
      const watchDoc = "deprecated: use the 'watch' parameter with a list operation instead";
      this.add(`${root}/watch${ns}/${r.plural}`, 'get', op('watchlist', 'watch', `watch individual changes to a list of ${r.kind}. ${watchDoc}.`, { parameters: params(LIST_PARAMS), responses: respond(event, ['200']) }, 'List'));
      this.add(`${root}/watch${ns}/${r.plural}/{name}`, 'get', op('watch', 'watch', `watch changes to an object of kind ${r.kind}. ${watchDoc}, filtered to a single item with the 'fieldSelector' parameter.`, { parameters: params(LIST_PARAMS), responses: respond(event, ['200']) }));
    }
  }
}

const CODE_TEXT: Readonly<Record<string, string>> = { 200: 'OK', 201: 'Created', 202: 'Accepted' };
const mediaTypes = (types: readonly string[], schema: Schema): MediaTypes =>
  Object.fromEntries(types.map((t) => [t, { schema }]));

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
const closure = (definitions: Readonly<Record<string, SchemaNode>>, roots: readonly string[]): Record<string, Schema> => {
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
const customKindSchemas = (r: ResourceType): Record<string, Schema> => {
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

/** The OpenAPI v3 document of one group-version: its paths and every schema they reach. */
export const buildGroupVersionDocument = (gv: GroupVersion, docs: ReadonlyMap<string, string> = parameterDocs()): OpenApiV3Document => {
  const builder = new PathBuilder(docs);
  const root = rootPath(gv);
  builder.paths[`${root}/`] = {
    get: {
      description: 'get available resources',
      operationId: `get${operationPrefix(gv)}APIResources`,
      tags: [tagOf(gv)],
      responses: { 200: { description: 'OK', content: mediaTypes(RESPONSE_TYPES, ref(`${META}.APIResourceList`)) }, 401: { description: 'Unauthorized' } },
    },
  };
  for (const r of gv.resources) builder.addResource(r);
  const kubernetes = requireSwagger('kubernetes').definitions;
  const builtins = gv.resources.filter((r) => !r.crd).flatMap((r) => [r.schema.definition, `${r.schema.definition}List`]);
  const metaRoots = ['ObjectMeta', 'ListMeta', 'Status', 'DeleteOptions', 'Patch', 'WatchEvent', 'APIResourceList'].map((n) => `${META}.${n}`);
  const schemas = { ...closure(kubernetes, [...metaRoots, ...builtins]) };
  for (const r of gv.resources.filter((x) => x.crd)) Object.assign(schemas, customKindSchemas(r));
  const sorted = Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));
  const isCustom = gv.resources.every((r) => r.crd);
  return {
    openapi: '3.0.0',
    info: isCustom ? { title: 'Kubernetes CRD Swagger', version: 'v0.1.0' } : { title: 'Kubernetes', version: VERSION_INFO.gitVersion },
    paths: builder.paths,
    components: { schemas: sorted, securitySchemes: BEARER },
    security: [{ BearerToken: [] }],
  };
};

/** `api/v1`, `apis/kubevirt.io/v1`: the keys of the v3 index, and the URL below `/openapi/v3/`. */
export const openApiPathOf = (gv: GvPair): string => rootPath(gv).slice(1);

// --- OpenAPI v2: the same operations and schemas in Swagger 2.0 form ----------------------------

const toV2Refs = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value).replaceAll('"#/components/schemas/', '"#/definitions/'));

const toV2Parameter = (p: Parameter): Record<string, unknown> => {
  const { schema, ...rest } = p;
  return { ...rest, type: schema.type, uniqueItems: true };
};

const toV2Operation = (op: Operation): Record<string, unknown> => {
  const { requestBody, parameters = [], responses, ...rest } = op;
  const body = requestBody ? [{ name: 'body', in: 'body', ...(requestBody.required ? { required: true } : {}), schema: Object.values(requestBody.content)[0]?.schema }] : [];
  const produces = Object.keys(Object.values(responses).find((r) => r.content)?.content ?? {});
  return {
    ...rest,
    ...(requestBody ? { consumes: Object.keys(requestBody.content) } : {}),
    produces,
    schemes: ['https'],
    parameters: [...body, ...parameters.map(toV2Parameter)],
    responses: Object.fromEntries(Object.entries(responses).map(([code, r]) => [code, {
      description: r.description, ...(r.content ? { schema: Object.values(r.content)[0]?.schema } : {}),
    }])),
  };
};

/** `/openapi/v2`: every group-version merged into one Swagger 2.0 document. */
export const buildSwaggerDocument = (documents: readonly OpenApiV3Document[]): Record<string, unknown> => {
  const paths: Record<string, Record<string, unknown>> = {};
  const definitions: Record<string, Schema> = {};
  for (const doc of documents) {
    Object.assign(definitions, doc.components.schemas);
    for (const [path, item] of Object.entries(doc.paths)) {
      const { parameters, ...ops } = item;
      paths[path] = {
        ...Object.fromEntries(Object.entries(ops).map(([m, op]) => [m, toV2Operation(op)])),
        ...(parameters ? { parameters: parameters.map(toV2Parameter) } : {}),
      };
    }
  }
  return toV2Refs({
    swagger: '2.0',
    info: { title: 'Kubernetes', version: VERSION_INFO.gitVersion },
    paths,
    definitions: Object.fromEntries(Object.entries(definitions).sort(([a], [b]) => a.localeCompare(b))),
    securityDefinitions: BEARER,
    security: [{ BearerToken: [] }],
  }) as Record<string, unknown>;
};

// --- Prepared, cached documents ---------------------------------------------------------------

export interface OpenApiDocuments {
  /** `/openapi/v3`: `{ paths: { 'api/v1': { serverRelativeURL: '/openapi/v3/api/v1?hash=...' } } }`. */
  readonly index: Prepared;
  /** Keyed by {@link openApiPathOf}. */
  readonly groupVersions: ReadonlyMap<string, Prepared>;
  /** `/openapi/v2`, built on first use: kubectl rarely asks for it. */
  readonly swagger: () => Prepared;
}

const gvDocuments = new Map<string, { doc: OpenApiV3Document; prepared: Prepared }>();
const sets = new Map<string, OpenApiDocuments>();

const groupVersionDocument = (gv: GroupVersion, docs: () => ReadonlyMap<string, string>): { doc: OpenApiV3Document; prepared: Prepared } => {
  const key = `${schemasDir()}\0${openApiPathOf(gv)}\0${gv.resources.map((r) => r.plural).join(',')}`;
  let entry = gvDocuments.get(key);
  if (!entry) {
    const doc = buildGroupVersionDocument(gv, docs());
    entry = { doc, prepared: prepare(doc) };
    gvDocuments.set(key, entry);
  }
  return entry;
};

/** The documents of the served group-versions, built once per set and schemas directory. */
export const openApiDocuments = (gvs: readonly GroupVersion[]): OpenApiDocuments => {
  const key = `${schemasDir()}\0${gvs.map((gv) => `${openApiPathOf(gv)}:${gv.resources.map((r) => r.plural).join(',')}`).join(';')}`;
  const cached = sets.get(key);
  if (cached) return cached;
  let docs: ReadonlyMap<string, string> | undefined;
  const lazyDocs = (): ReadonlyMap<string, string> => (docs ??= parameterDocs());
  const entries = gvs.map((gv) => [openApiPathOf(gv), groupVersionDocument(gv, lazyDocs)] as const);
  const index = prepare({
    paths: Object.fromEntries(entries.map(([path, e]) => [path, { serverRelativeURL: `/openapi/v3/${path}?hash=${e.prepared.hash}` }])),
  });
  let swagger: Prepared | undefined;
  const set: OpenApiDocuments = {
    index,
    groupVersions: new Map(entries.map(([path, e]) => [path, e.prepared])),
    swagger: () => (swagger ??= prepare(buildSwaggerDocument(entries.map(([, e]) => e.doc)))),
  };
  sets.set(key, set);
  return set;
};
