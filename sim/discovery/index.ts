/**
 * Every request that names no resource: `/version`, health checks, discovery (`/api`, `/apis`,
 * each group and group-version, legacy and aggregated), the CRD API, and OpenAPI v2/v3. The server
 * asks here first; `undefined` means the path is not discovery's and the resource router answers.
 *
 * Everything is built from the resource table filtered to the installed groups, prepared once per
 * set of groups, and served with an ETag: kubectl and client-node rediscover on every invocation.
 */
import { CRD_RESOURCE, crdTable, customResourceDefinitions } from './crds.js';
import {
  aggregatedDiscovery,
  apiGroupDocument,
  apiGroupList,
  apiResourceList,
  apiVersions,
  groupVersionsOf,
  VERSION_INFO,
  type GroupVersion,
} from './documents.js';
import {
  documentResponse,
  errorResponse,
  jsonResponse,
  negotiate,
  notAcceptable,
  prepare,
  type Prepared,
} from './http.js';
import type { SimResponse } from '../apiserver/http-types.js';
import { installedResources, type InstalledGroups } from '../registry/installed-groups.js';
import { openApiDocuments, openApiPathOf } from './openapi.js';
import type { ResourceType } from '../registry/index.js';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from '../apiserver/selectors.js';
import { methodNotAllowed, notFound, resourceNotFound, StatusError } from '../apiserver/status.js';

export interface DiscoveryRequest {
  readonly method: string;
  /** The request target, query string included: `/openapi/v3/api/v1?hash=...`. */
  readonly path: string;
  readonly accept: string;
  /** The `If-None-Match` header: a matching ETag is answered 304. */
  readonly ifNoneMatch?: string | undefined;
}

const JSON_TYPE = 'application/json';
const AGGREGATED_V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
const AGGREGATED_V2BETA1 = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';
const DISCOVERY_OFFERS = [AGGREGATED_V2, AGGREGATED_V2BETA1, JSON_TYPE] as const;
const TABLE_V1 = 'application/json;as=Table;v=v1;g=meta.k8s.io';
const CRD_PREFIX = `/apis/${CRD_RESOURCE.group}/${CRD_RESOURCE.version}/${CRD_RESOURCE.plural}`;
/** The v3 hash names content that never changes; the index and unhashed URLs must be revalidated. */
const IMMUTABLE = { 'cache-control': 'public, immutable', expires: new Date(Date.now() + 365 * 86_400_000).toUTCString() };
const REVALIDATE = { 'cache-control': 'no-cache, private' };

/** The documents of one set of served resources, prepared once. */
interface Documents {
  readonly gvs: readonly GroupVersion[];
  readonly resources: readonly ResourceType[];
  readonly apiVersions: Prepared;
  readonly groupList: Prepared;
  readonly aggregated: Readonly<Record<'api' | 'apis', Readonly<Record<string, Prepared>>>>;
  readonly groups: ReadonlyMap<string, Prepared>;
  /** Keyed like the OpenAPI index: `api/v1`, `apis/kubevirt.io/v1`. */
  readonly resourceLists: ReadonlyMap<string, Prepared>;
}

const versionDocument = prepare(VERSION_INFO);
const documentSets = new Map<string, Documents>();

const buildDocuments = (resources: readonly ResourceType[]): Documents => {
  const gvs = groupVersionsOf(resources);
  const aggregated = (root: 'api' | 'apis'): Record<string, Prepared> => ({
    [AGGREGATED_V2]: prepare(aggregatedDiscovery(gvs, root, 'apidiscovery.k8s.io/v2')),
    [AGGREGATED_V2BETA1]: prepare(aggregatedDiscovery(gvs, root, 'apidiscovery.k8s.io/v2beta1')),
    [JSON_TYPE]: prepare(root === 'api' ? apiVersions() : apiGroupList(gvs)),
  });
  const groups = [...new Set(gvs.map((gv) => gv.group).filter((g) => g !== ''))];
  return {
    gvs,
    resources,
    apiVersions: prepare(apiVersions()),
    groupList: prepare(apiGroupList(gvs)),
    aggregated: { api: aggregated('api'), apis: aggregated('apis') },
    groups: new Map(groups.map((g) => [g, prepare(apiGroupDocument(g, gvs))])),
    resourceLists: new Map(gvs.map((gv) => [openApiPathOf(gv), prepare(apiResourceList(gv))])),
  };
};

/** The installed resources plus the CRD API (always there: it is part of every API server). */
const documentsFor = (installed: InstalledGroups): Documents => {
  const resources = [CRD_RESOURCE, ...installedResources(installed)]; // built-in groups first, as a real server lists them
  const key = resources.map((r) => `${r.plural}.${r.group}`).join(',');
  let docs = documentSets.get(key);
  if (!docs) {
    docs = buildDocuments(resources);
    documentSets.set(key, docs);
  }
  return docs;
};

const DISCOVERY_VARY = { vary: 'Accept' };

/** `/api` and `/apis`: aggregated when the client asks for it (kubectl does), legacy otherwise. */
const serveRoot = (req: DiscoveryRequest, docs: Documents, root: 'api' | 'apis'): SimResponse => {
  const offer = negotiate(req.accept, DISCOVERY_OFFERS);
  const doc = offer && docs.aggregated[root][offer];
  if (!offer || !doc) return notAcceptable(DISCOVERY_OFFERS);
  return documentResponse(doc, offer, req.ifNoneMatch, DISCOVERY_VARY);
};

const serveJson = (req: DiscoveryRequest, doc: Prepared | undefined, extra: Record<string, string> = {}): SimResponse => {
  if (!doc) return errorResponse(resourceNotFound());
  if (!negotiate(req.accept, [JSON_TYPE])) return notAcceptable([JSON_TYPE]);
  return documentResponse(doc, JSON_TYPE, req.ifNoneMatch, extra);
};

/** `GET .../customresourcedefinitions[/name]`: read-only, with selectors and kubectl's Table form. */
const serveCrds = (req: DiscoveryRequest, docs: Documents, name: string | undefined, query: URLSearchParams): SimResponse => {
  const offer = negotiate(req.accept, [TABLE_V1, JSON_TYPE]);
  if (!offer) return notAcceptable([TABLE_V1, JSON_TYPE]);
  if (query.get('watch') === 'true' || query.get('watch') === '1') return errorResponse(methodNotAllowed());
  const crds = customResourceDefinitions(docs.resources); // each CRD is built once and cached
  if (name !== undefined) {
    const crd = crds.find((c) => c.metadata.name === name);
    if (!crd) return errorResponse(notFound(CRD_RESOURCE, name));
    return offer === TABLE_V1 ? jsonResponse(JSON.stringify(crdTable([crd])), TABLE_V1) : jsonResponse(JSON.stringify(crd));
  }
  const labels = parseLabelSelector(query.get('labelSelector'));
  const fields = parseFieldSelector(query.get('fieldSelector'));
  const items = crds.filter((c) => matchesLabels(labels, c.metadata.labels) && matchesFields(fields, c.metadata));
  if (offer === TABLE_V1) return jsonResponse(JSON.stringify(crdTable(items)), TABLE_V1);
  const list = { kind: CRD_RESOURCE.listKind, apiVersion: 'apiextensions.k8s.io/v1', metadata: { resourceVersion: '1' }, items };
  return jsonResponse(JSON.stringify(list));
};

/**
 * `/openapi/v3/<group-version>`: a `hash` naming the current document gets an immutable answer;
 * a stale hash is redirected to the current one, as kube-openapi does.
 */
const serveOpenApiV3 = (req: DiscoveryRequest, docs: Documents, gvPath: string, query: URLSearchParams): SimResponse => {
  const doc = openApiDocuments(docs.gvs).groupVersions.get(gvPath);
  if (!doc) return errorResponse(resourceNotFound());
  if (!negotiate(req.accept, [JSON_TYPE])) return notAcceptable([JSON_TYPE]);
  const hash = query.get('hash');
  if (hash !== null && hash !== doc.hash) {
    return { status: 301, headers: { location: `/openapi/v3/${gvPath}?hash=${doc.hash}`, ...REVALIDATE }, body: '' };
  }
  return documentResponse(doc, JSON_TYPE, req.ifNoneMatch, hash === null ? REVALIDATE : IMMUTABLE);
};

const route = (req: DiscoveryRequest, docs: Documents, path: string, query: URLSearchParams): SimResponse | undefined => {
  switch (path) {
    case '/version':
      return serveJson(req, versionDocument);
    case '/healthz':
    case '/livez':
    case '/readyz':
      return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'ok' };
    case '/api':
      return serveRoot(req, docs, 'api');
    case '/apis':
      return serveRoot(req, docs, 'apis');
    case '/openapi/v2':
      return serveJson(req, openApiDocuments(docs.gvs).swagger(), DISCOVERY_VARY);
    case '/openapi/v3':
      return serveJson(req, openApiDocuments(docs.gvs).index, REVALIDATE);
  }
  if (path.startsWith('/openapi/v3/')) return serveOpenApiV3(req, docs, path.slice('/openapi/v3/'.length), query);
  if (path === CRD_PREFIX) return serveCrds(req, docs, undefined, query);
  if (path.startsWith(`${CRD_PREFIX}/`)) {
    const name = decodeURIComponent(path.slice(CRD_PREFIX.length + 1));
    return name.includes('/') ? errorResponse(resourceNotFound()) : serveCrds(req, docs, name, query);
  }
  // `/api/<v>`, `/apis/<group>`, `/apis/<group>/<version>`; anything deeper is a resource path.
  const segments = path.split('/').slice(1);
  if (segments[0] === 'api' && segments.length === 2) return serveJson(req, docs.resourceLists.get(path.slice(1)));
  if (segments[0] === 'apis' && segments.length === 2) return serveJson(req, docs.groups.get(segments[1] ?? ''));
  if (segments[0] === 'apis' && segments.length === 3) return serveJson(req, docs.resourceLists.get(path.slice(1)));
  return undefined;
};

/**
 * Answers a non-resource request from the documents of the installed groups, or returns
 * undefined when the path is not discovery's.
 */
export function serveDiscovery(req: DiscoveryRequest, installed: InstalledGroups): SimResponse | undefined {
  const [rawPath = '/', rawQuery = ''] = req.path.split('?', 2);
  const path = rawPath.length > 1 ? rawPath.replace(/\/+$/, '') : rawPath;
  const query = new URLSearchParams(rawQuery);
  try {
    const response = route({ ...req, method: req.method === 'HEAD' ? 'GET' : req.method }, documentsFor(installed), path, query);
    if (response && req.method !== 'GET' && req.method !== 'HEAD') return errorResponse(methodNotAllowed());
    if (response && req.method === 'HEAD') return { ...response, body: '' };
    return response;
  } catch (error) {
    if (error instanceof StatusError) return errorResponse(error);
    throw error;
  }
}
