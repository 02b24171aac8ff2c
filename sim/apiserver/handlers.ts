/**
 * The non-watch verbs on a routed resource: get, list (selectors, limit/continue), create,
 * update (optimistic concurrency), patch (merge, JSON, strategic merge for core kinds, apply),
 * delete and deletecollection. Each returns the status and body a real API server would send.
 */
import { parse as parseYaml } from 'yaml';
import { prepareForWrite, prepareStatusWrite } from './defaults.js';
import { deleteObject, parsePropagationPolicy, type DeleteOptions } from './deletion.js';
import {
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  PatchError,
  type Json,
} from './patch.js';
import type { FaultSet } from '../faults.js';
import { decodeProtobuf, isProtobuf } from './protobuf.js';
import type { Random } from '../random.js';
import { apiVersionOf, findByKind, resourceOfKind, strategyOf, type ResourceType } from '../registry/index.js';
import type { Requester } from '../registry/strategy.js';
import type { ResourceRoute } from './router.js';
import { matchesLabels, matchesObjectFields, parseFieldSelector, parseLabelSelector } from './selectors.js';
import {
  badRequest,
  continueExpired,
  customFailure,
  invalid,
  methodNotAllowed,
  namespaceNotFound,
  namespaceTerminating,
  notFound,
  resourceNotFound,
  StatusError,
  success,
  unsupportedMediaType,
} from './status.js';
import type { KubeObject, Store, StoredObject } from '../storage/store.js';
import { toTable, wantsTable } from './table.js';
import { decodeFields, parseFieldValidation, schemaFor, validateObject } from './validation.js';

export interface ApiContext {
  readonly store: Store;
  readonly schemasDir: string;
  readonly random: Random;
  /** The RBAC rules (`deny` faults) a SelfSubjectAccessReview is answered from. */
  readonly faults: FaultSet;
}

export interface ApiRequest {
  readonly method: string;
  readonly route: ResourceRoute;
  readonly query: URLSearchParams;
  readonly contentType: string;
  readonly accept: string;
  readonly body: Buffer;
  /** The authenticated requester, for the reviews. */
  readonly requester: Requester;
}

export interface ApiResult {
  readonly status: number;
  readonly body: unknown;
  /** Values for `Warning: 299 - "<text>"` headers. */
  readonly warnings?: readonly string[];
}

const NAMESPACES = resourceOfKind('Namespace');

const isDryRun = (query: URLSearchParams): boolean => {
  const values = query.getAll('dryRun');
  for (const v of values) if (v !== 'All') throw badRequest(`dryRun: Unsupported value: "${v}": supported values: "All"`);
  return values.includes('All');
};

// ---------------------------------------------------------------------------------------------
// Bodies

const parseBody = (req: ApiRequest): unknown => {
  const text = req.body.toString('utf8');
  const type = req.contentType.split(';')[0]!.trim();
  // kube-apiserver decodes protobuf for built-in kinds; the simulator for those kubectl builds.
  if (isProtobuf(type) && req.method !== 'PATCH') return decodeProtobuf(req.route.resource, req.body);
  if (type.includes('protobuf')) throw unsupportedMediaType(type, ['application/json', 'application/yaml']);
  if (text.trim() === '') throw badRequest('the request body is empty');
  try {
    if (type.endsWith('yaml')) return parseYaml(text) as unknown;
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw badRequest(`the object provided is unrecognized (must be of type ${req.route.resource.kind}): couldn't get version/kind; json parse error: ${(e as Error).message}`);
  }
};

const asObject = (value: unknown, r: ResourceType): KubeObject => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest(`the object provided is unrecognized (must be of type ${r.kind})`);
  }
  return value as KubeObject;
};

/**
 * The body's apiVersion and kind must name the URL's resource. Typed (core) endpoints fill in
 * a missing apiVersion/kind from the URL; custom resources are decoded untyped and need both.
 */
const withKind = (r: ResourceType, obj: KubeObject): KubeObject => {
  if (!r.crd) {
    obj = { ...obj, apiVersion: obj.apiVersion || apiVersionOf(r), kind: obj.kind || r.kind };
  }
  if (obj.kind === undefined || obj.kind === '') throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(obj).slice(0, 200)}'`);
  if (obj.apiVersion === undefined || obj.apiVersion === '') throw badRequest(`Object 'apiVersion' is missing in '${JSON.stringify(obj).slice(0, 200)}'`);
  if (findByKind(obj.apiVersion, obj.kind) !== r) {
    throw badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${apiVersionOf(r)})`);
  }
  return obj;
};

/** Reads, decodes and applies fieldValidation to a create/update body. */
const decodeBody = (ctx: ApiContext, req: ApiRequest): { object: KubeObject; warnings: string[] } => {
  const r = req.route.resource;
  const raw = withKind(r, asObject(parseBody(req), r));
  return decodeFields(r, raw, parseFieldValidation(req.query.get('fieldValidation')), ctx.schemasDir);
};

// ---------------------------------------------------------------------------------------------
// Checks shared by the writes

/** NamespaceLifecycle admission: the namespace must exist and not be terminating. */
const admitNamespace = (ctx: ApiContext, r: ResourceType, namespace: string | undefined, name: string): void => {
  if (!r.namespaced || namespace === undefined) return;
  const ns = ctx.store.get(NAMESPACES, undefined, namespace);
  if (!ns) throw namespaceNotFound(namespace);
  if (ns.metadata.deletionTimestamp !== undefined) throw namespaceTerminating(r, name, namespace);
};

const GENERATE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

const generateName = (random: Random, prefix: string): string => {
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += GENERATE_ALPHABET[Math.floor(random.next() * GENERATE_ALPHABET.length)];
  return `${prefix}${suffix}`;
};

const placeInNamespace = (route: ResourceRoute, obj: KubeObject): KubeObject => {
  const meta = obj.metadata ?? {};
  if (!route.resource.namespaced) return obj;
  if (meta.namespace !== undefined && meta.namespace !== '' && meta.namespace !== route.namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  const { namespace: _sent, ...rest } = meta;
  return { ...obj, metadata: route.namespace !== undefined ? { ...rest, namespace: route.namespace } : rest };
};

/** Fields only the server sets are ignored on writes (uid, creationTimestamp, ...). */
const withoutServerFields = (obj: KubeObject): KubeObject => {
  const {
    uid: _u,
    creationTimestamp: _c,
    deletionTimestamp: _d,
    deletionGracePeriodSeconds: _g,
    generation: _gen,
    selfLink: _s,
    managedFields: _m,
    ...meta
  } = obj.metadata ?? {};
  return { ...obj, metadata: meta };
};

/** Schema and names first, then the webhooks; `current` is the object an update replaces. */
const validateAndAdmit = (ctx: ApiContext, r: ResourceType, obj: KubeObject, current?: StoredObject): void => {
  validateObject(r, obj, ctx.schemasDir);
  strategyOf(r).admit?.(current ? { operation: 'update', object: obj, oldObject: current } : { operation: 'create', object: obj });
};

// ---------------------------------------------------------------------------------------------
// Verbs

const getObject = (ctx: ApiContext, req: ApiRequest): StoredObject => {
  const { resource, namespace, name } = req.route;
  const obj = ctx.store.get(resource, namespace, name!);
  if (!obj) throw notFound(resource, name!);
  return obj;
};

const handleGet = (ctx: ApiContext, req: ApiRequest): ApiResult => {
  const obj = getObject(ctx, req);
  return { status: 200, body: wantsTable(req.accept) ? toTable(req.route.resource, [obj], undefined) : obj };
};

interface ContinueToken {
  rv: number;
  start: string;
}

const encodeContinue = (token: ContinueToken): string => Buffer.from(JSON.stringify(token)).toString('base64url');

const decodeContinue = (text: string, store: Store): ContinueToken => {
  let token: ContinueToken;
  try {
    token = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as ContinueToken;
  } catch {
    throw badRequest(`continue key is not valid: ${text}`);
  }
  if (typeof token.rv !== 'number' || typeof token.start !== 'string') throw badRequest(`continue key is not valid: ${text}`);
  if (token.rv < store.oldestResourceVersion) throw continueExpired();
  return token;
};

/**
 * `?labelSelector=` and `?fieldSelector=` as one test; the fields are metadata.name,
 * metadata.namespace and those the kind's strategy makes selectable.
 */
const selectorOf = (req: ApiRequest): ((o: StoredObject) => boolean) => {
  const selectable = strategyOf(req.route.resource).selectableFields;
  const labels = parseLabelSelector(req.query.get('labelSelector'));
  const fields = parseFieldSelector(req.query.get('fieldSelector'), Object.keys(selectable ?? {}));
  return (o) => matchesLabels(labels, o.metadata.labels) && matchesObjectFields(fields, o, selectable);
};

const objectKey = (o: StoredObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/** Core kinds are typed on the server: their list items carry no apiVersion/kind. */
const listItem = (r: ResourceType, o: StoredObject): KubeObject => {
  if (r.crd) return o;
  const { apiVersion: _a, kind: _k, ...rest } = o;
  return rest;
};

const handleList = (ctx: ApiContext, req: ApiRequest): ApiResult => {
  const { resource: r, namespace } = req.route;
  const selected = selectorOf(req);
  const limit = Number(req.query.get('limit') ?? '0');
  const cont = req.query.get('continue');
  const token = cont ? decodeContinue(cont, ctx.store) : undefined;
  const listRv = token?.rv ?? ctx.store.resourceVersion;

  let items = ctx.store.list(r, namespace);
  if (token) items = items.filter((o) => objectKey(o) > token.start);
  items = items.filter(selected);
  let next: string | undefined;
  let remaining = 0;
  if (Number.isInteger(limit) && limit > 0 && items.length > limit) {
    remaining = items.length - limit;
    items = items.slice(0, limit);
    next = encodeContinue({ rv: listRv, start: objectKey(items[items.length - 1]!) });
  }
  const metadata = {
    resourceVersion: String(listRv),
    ...(next !== undefined ? { continue: next, remainingItemCount: remaining } : {}),
  };
  if (wantsTable(req.accept)) return { status: 200, body: toTable(r, items, metadata) };
  return {
    status: 200,
    body: { apiVersion: apiVersionOf(r), kind: r.listKind, metadata, items: items.map((o) => listItem(r, o)) },
  };
};

const handleCreate = (ctx: ApiContext, req: ApiRequest): ApiResult => {
  const { route } = req;
  const r = route.resource;
  if (route.name !== undefined) throw methodNotAllowed();
  const decoded = decodeBody(ctx, req);
  const answerCreate = strategyOf(r).answerCreate;
  if (answerCreate) {
    return { status: 201, body: answerCreate(decoded.object, req.requester), warnings: decoded.warnings };
  }
  let obj = placeInNamespace(route, decoded.object);
  const meta = obj.metadata ?? {};
  if (meta.resourceVersion !== undefined && meta.resourceVersion !== '') {
    throw badRequest('resourceVersion should not be set on objects to be created');
  }
  const name = meta.name !== undefined && meta.name !== '' ? meta.name : meta.generateName ? generateName(ctx.random, meta.generateName) : '';
  obj = withoutServerFields({ ...obj, metadata: { ...meta, name } });
  if (name === '') throw invalid(r, '', [{ field: 'metadata.name', reason: 'FieldValueRequired', detail: 'Required value: name or generateName is required' }]);
  admitNamespace(ctx, r, route.namespace, name);
  obj = prepareForWrite(r, obj, ctx.random);
  validateAndAdmit(ctx, r, obj);
  const created = ctx.store.create(r, obj, { dryRun: isDryRun(req.query) });
  return { status: 201, body: created, warnings: decoded.warnings };
};

const checkNameMatches = (route: ResourceRoute, obj: KubeObject): void => {
  const bodyName = obj.metadata?.name;
  if (bodyName !== undefined && bodyName !== route.name) {
    throw badRequest(`the name of the object (${bodyName}) does not match the name on the URL (${route.name})`);
  }
};

/** Stores the new version of an existing object, through the main resource or `/status`. */
const writeUpdate = (ctx: ApiContext, req: ApiRequest, incoming: KubeObject, current: StoredObject): StoredObject => {
  const { route } = req;
  const r = route.resource;
  let obj: KubeObject;
  if (route.subresource === 'status') {
    obj = prepareStatusWrite(incoming, current);
  } else {
    obj = withoutServerFields(placeInNamespace(route, incoming));
    obj = { ...obj, metadata: { ...obj.metadata, name: route.name! } };
    obj = prepareForWrite(r, obj, ctx.random, current);
  }
  // The webhooks select the main resource; a /status write is only validated.
  if (route.subresource === 'status') validateObject(r, obj, ctx.schemasDir);
  else validateAndAdmit(ctx, r, obj, current);
  const expectedRv = obj.metadata?.resourceVersion;
  return ctx.store.replace(r, obj, { ...(expectedRv !== undefined ? { expectedRv } : {}), dryRun: isDryRun(req.query) });
};

const checkSubresource = (route: ResourceRoute): void => {
  if (route.subresource === undefined) return;
  if (route.subresource === 'status' && route.resource.statusSubresource) return;
  throw resourceNotFound();
};

const handleUpdate = (ctx: ApiContext, req: ApiRequest): ApiResult => {
  const { route } = req;
  const r = route.resource;
  checkSubresource(route);
  const decoded = decodeBody(ctx, req);
  checkNameMatches(route, decoded.object);
  const current = getObject(ctx, req);
  const rv = decoded.object.metadata?.resourceVersion;
  if (r.crd && (rv === undefined || rv === '')) {
    throw invalid(r, route.name!, [
      { field: 'metadata.resourceVersion', reason: 'FieldValueInvalid', detail: 'Invalid value: 0x0: must be specified for an update' },
    ]);
  }
  return { status: 200, body: writeUpdate(ctx, req, decoded.object, current), warnings: decoded.warnings };
};

const MERGE = 'application/merge-patch+json';
const JSON_PATCH = 'application/json-patch+json';
const STRATEGIC = 'application/strategic-merge-patch+json';
const APPLY = 'application/apply-patch+yaml';

const handlePatch = (ctx: ApiContext, req: ApiRequest): ApiResult => {
  const { route } = req;
  const r = route.resource;
  checkSubresource(route);
  const type = req.contentType.split(';')[0]!.trim();
  const accepted = r.crd ? [JSON_PATCH, MERGE, APPLY] : [JSON_PATCH, MERGE, STRATEGIC, APPLY];
  if (!accepted.includes(type)) throw unsupportedMediaType(type, accepted);
  if (type === APPLY) return applyServerSide(ctx, req);

  const current = getObject(ctx, req);
  const patch = parseBody(req) as Json;
  const original = current as unknown as Json;
  let patched: Json;
  try {
    if (type === JSON_PATCH) patched = applyJsonPatch(original, patch);
    else if (type === MERGE) patched = applyMergePatch(original, patch);
    else {
      const schema = schemaFor(r, ctx.schemasDir);
      patched = applyStrategicMergePatch(original, patch, { doc: schema?.doc, node: schema?.node });
    }
  } catch (e) {
    if (e instanceof PatchError) {
      throw e.conflict ? customFailure(409, 'Conflict', e.message) : customFailure(422, 'Invalid', e.message);
    }
    throw e;
  }
  const obj = withKind(r, asObject(patched, r));
  checkNameMatches(route, obj);
  const decoded = decodeFields(r, obj, parseFieldValidation(req.query.get('fieldValidation')), ctx.schemasDir);
  return { status: 200, body: writeUpdate(ctx, req, decoded.object, current), warnings: decoded.warnings };
};

/**
 * Server-side apply, simplified: the applied configuration is merged into the live object
 * (or creates it). Field ownership and conflicts between managers are not modelled.
 */
const applyServerSide = (ctx: ApiContext, req: ApiRequest): ApiResult => {
  const { route } = req;
  const r = route.resource;
  if (!req.query.get('fieldManager')) {
    throw badRequest('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
  }
  const applied = withKind(r, asObject(parseBody(req), r));
  checkNameMatches(route, applied);
  const decoded = decodeFields(r, applied, parseFieldValidation(req.query.get('fieldValidation')), ctx.schemasDir);
  const current = ctx.store.get(r, route.namespace, route.name!);
  if (!current) {
    admitNamespace(ctx, r, route.namespace, route.name!);
    let obj = withoutServerFields(placeInNamespace(route, decoded.object));
    obj = prepareForWrite(r, { ...obj, metadata: { ...obj.metadata, name: route.name! } }, ctx.random);
    validateAndAdmit(ctx, r, obj);
    return { status: 201, body: ctx.store.create(r, obj, { dryRun: isDryRun(req.query) }), warnings: decoded.warnings };
  }
  const merged = applyMergePatch(current as unknown as Json, decoded.object as unknown as Json) as KubeObject;
  const { resourceVersion: _rv, ...meta } = merged.metadata ?? {};
  return { status: 200, body: writeUpdate(ctx, req, { ...merged, metadata: meta }, current), warnings: decoded.warnings };
};

const readDeleteOptions = (req: ApiRequest): DeleteOptions => {
  const text = req.body.toString('utf8').trim();
  const body = (text === '' ? {} : asObject(JSON.parse(text) as unknown, req.route.resource)) as DeleteOptions & KubeObject;
  const queryPolicy = req.query.get('propagationPolicy');
  const policy = parsePropagationPolicy(body.propagationPolicy ?? queryPolicy ?? undefined);
  const dryRun = [...(body.dryRun ?? []), ...req.query.getAll('dryRun')];
  return {
    ...(policy ? { propagationPolicy: policy } : {}),
    ...(body.orphanDependents !== undefined ? { orphanDependents: body.orphanDependents } : {}),
    ...(body.preconditions ? { preconditions: body.preconditions } : {}),
    dryRun,
  };
};

/**
 * Custom resources answer a delete with the object, and so does every kind whose object stays
 * marked (Namespaces always do); other core kinds removed at once answer a Success Status.
 */
const deleteResponse = (r: ResourceType, result: { object: StoredObject; deletedNow: boolean }): unknown =>
  r.crd || !result.deletedNow
    ? result.object
    : success({ name: result.object.metadata.name, ...(r.group ? { group: r.group } : {}), kind: r.plural, uid: result.object.metadata.uid });

const handleDelete = (ctx: ApiContext, req: ApiRequest): ApiResult => {
  const { resource: r, namespace, name } = req.route;
  checkSubresource(req.route);
  if (req.route.subresource !== undefined) throw methodNotAllowed();
  const result = deleteObject(ctx.store, r, namespace, name!, readDeleteOptions(req));
  return { status: 200, body: deleteResponse(r, result) };
};

const handleDeleteCollection = (ctx: ApiContext, req: ApiRequest): ApiResult => {
  const { resource: r, namespace } = req.route;
  if (!r.verbs.includes('deletecollection')) throw methodNotAllowed();
  const selected = selectorOf(req);
  const options = readDeleteOptions(req);
  const targets = ctx.store.list(r, namespace).filter(selected);
  const items: KubeObject[] = [];
  for (const target of targets) {
    try {
      items.push(listItem(r, deleteObject(ctx.store, r, target.metadata.namespace, target.metadata.name, options).object));
    } catch (e) {
      // Deleted meanwhile (by the garbage collector): not an error for a collection delete.
      if (!(e instanceof StatusError && e.code === 404)) throw e;
    }
  }
  return {
    status: 200,
    body: { apiVersion: apiVersionOf(r), kind: r.listKind, metadata: { resourceVersion: String(ctx.store.resourceVersion) }, items },
  };
};

/** Dispatches a non-watch request by method. */
export const handleApiRequest = (ctx: ApiContext, req: ApiRequest): ApiResult => {
  const { route } = req;
  const hasName = route.name !== undefined;
  if (route.subresource !== undefined && route.subresource !== 'status') throw resourceNotFound();
  switch (req.method) {
    case 'GET':
      checkSubresource(route);
      return hasName ? handleGet(ctx, req) : handleList(ctx, req);
    case 'POST':
      return handleCreate(ctx, req);
    case 'PUT':
      if (!hasName) throw methodNotAllowed();
      return handleUpdate(ctx, req);
    case 'PATCH':
      if (!hasName) throw methodNotAllowed();
      return handlePatch(ctx, req);
    case 'DELETE':
      return hasName ? handleDelete(ctx, req) : handleDeleteCollection(ctx, req);
    default:
      throw methodNotAllowed();
  }
};
