/**
 * The OpenAPI documents kubectl downloads before `create`, `apply` and `explain`: the v3 index
 * (`/openapi/v3`), one v3 document per group-version, and the merged v2 document. Paths come from
 * the resource table, schemas from the upstream swagger files; each document is built once per
 * schemas directory and prepared with the hash its URL and ETag carry.
 */
import type { GroupVersion } from './documents.js';
import { VERSION_INFO } from './documents.js';
import { prepare, type Prepared } from './http.js';
import { parameterDocs, PathBuilder, rootPath } from './openapi-paths.js';
import { closure, customKindSchemas } from './openapi-schemas.js';
import { BEARER, META, type GvPair, type OpenApiV3Document } from './openapi-types.js';
import { buildSwaggerDocument } from './openapi-v2.js';
import { requireSwagger, schemasDir } from './swagger.js';

export type { OpenApiV3Document };

/** The OpenAPI v3 document of one group-version: its paths and every schema they reach. */
export const buildGroupVersionDocument = (gv: GroupVersion, docs: ReadonlyMap<string, string> = parameterDocs()): OpenApiV3Document => {
  const builder = new PathBuilder(docs);
  builder.addGroupVersion(gv);
  for (const r of gv.resources) builder.addResource(r);
  const kubernetes = requireSwagger('kubernetes').definitions;
  // Create-only kinds (the reviews) have no List type.
  const builtins = gv.resources
    .filter((r) => !r.crd)
    .flatMap((r) => [r.schema.definition, ...(r.verbs.includes('list') ? [`${r.schema.definition}List`] : [])]);
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
