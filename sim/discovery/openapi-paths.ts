/**
 * The paths of a group-version's OpenAPI document, one operation per verb the resource table
 * serves, named, tagged and documented as kube-apiserver does. kubectl matches operations to kinds
 * by `x-kubernetes-group-version-kind`, and checks PATCH for the `fieldValidation` parameter
 * (then leaves validation to the server) and for strategic merge support (built-in kinds only).
 */
import { definitionNameOf } from './openapi-schemas.js';
import { requireSwagger } from './swagger.js';
import { META, ref, type GvPair, type MediaTypes, type Method, type Operation, type Parameter, type PathItem, type Schema } from './openapi-types.js';
import type { ResourceType } from '../registry/index.js';

const RESPONSE_TYPES = ['application/json', 'application/yaml'] as const;
/** What the simulator's PATCH accepts (the list in api-handlers' handlePatch), server-side apply included. */
const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml'] as const;
const STRATEGIC_MERGE = 'application/strategic-merge-patch+json';
const CODE_TEXT: Readonly<Record<string, string>> = { 200: 'OK', 201: 'Created', 202: 'Accepted' };

const mediaTypes = (types: readonly string[], schema: Schema): MediaTypes =>
  Object.fromEntries(types.map((t) => [t, { schema }]));

/**
 * The Kubernetes swagger documents every query parameter: reuse its text verbatim. Global
 * parameters plus the Service operations cover every parameter these paths take.
 */
export const parameterDocs = (): Map<string, string> => {
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
export const operationPrefix = (gv: GvPair): string => groupWords(gv.group).map(capitalize).join('') + capitalize(gv.version);
export const tagOf = (gv: GvPair): string => {
  const [first = '', ...rest] = groupWords(gv.group);
  return `${first}${rest.map(capitalize).join('')}_${gv.version}`;
};

export const rootPath = (gv: GvPair): string =>
  gv.group === '' ? `/api/${gv.version}` : `/apis/${gv.group}/${gv.version}`;

export class PathBuilder {
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

  /** `GET /api/v1/`, `GET /apis/<group>/<version>/`: the group-version's resource list. */
  addGroupVersion(gv: GvPair): void {
    this.paths[`${rootPath(gv)}/`] = {
      get: {
        description: 'get available resources',
        operationId: `get${operationPrefix(gv)}APIResources`,
        tags: [tagOf(gv)],
        responses: { 200: { description: 'OK', content: mediaTypes(RESPONSE_TYPES, ref(`${META}.APIResourceList`)) }, 401: { description: 'Unauthorized' } },
      },
    };
  }
}
