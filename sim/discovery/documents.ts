/**
 * The discovery documents a Kubernetes API server answers on /version, /api, /apis and each
 * group-version, in both forms clients ask for: the legacy per-group documents (client-node's
 * `KubernetesObjectApi`) and the aggregated `apidiscovery.k8s.io/v2` lists (kubectl, client-go).
 * All are built from the resource table, so discovery, routing and validation never disagree.
 */
import { createHash } from 'node:crypto';
import type {
  V1APIGroup,
  V1APIGroupList,
  V1APIResource,
  V1APIResourceList,
  V1APIVersions,
  VersionInfo,
} from '@kubernetes/client-node';
import { apiVersionOf, type ResourceType } from '../registry/index.js';

/** The subresources the simulator serves, with the verbs a real server lists for them. */
const STATUS_VERBS = ['get', 'patch', 'update'] as const;

/** A Kubernetes 1.32 server as OpenShift 4.19 reports it, so version-skew checks in clients stay quiet. */
export const VERSION_INFO: VersionInfo = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.5',
  gitCommit: createHash('sha1').update('virtwork simulated cluster').digest('hex'),
  gitTreeState: 'clean',
  buildDate: '2025-06-04T09:12:45Z',
  goVersion: 'go1.23.6 (Red Hat 1.23.6-1.el9_6) X:strictfipsruntime',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export interface GroupVersion {
  /** '' for the core group. */
  readonly group: string;
  readonly version: string;
  readonly resources: readonly ResourceType[];
}

/** Resources grouped by group-version, core first, in table order (which a real server also keeps stable). */
export const groupVersionsOf = (resources: readonly ResourceType[]): GroupVersion[] => {
  const byGv = new Map<string, { group: string; version: string; resources: ResourceType[] }>();
  for (const r of resources) {
    const key = apiVersionOf(r);
    const gv = byGv.get(key) ?? { group: r.group, version: r.version, resources: [] };
    gv.resources.push(r);
    byGv.set(key, gv);
  }
  return [...byGv.values()].sort((a, b) => Number(a.group !== '') - Number(b.group !== ''));
};

const gvString = (gv: { group: string; version: string }): string =>
  gv.group === '' ? gv.version : `${gv.group}/${gv.version}`;

/** What storage migrators compare: base64 of the first 8 bytes of sha256("group/version/kind"). */
const storageVersionHash = (r: ResourceType): string =>
  createHash('sha256').update(`${r.group}/${r.version}/${r.kind}`).digest().subarray(0, 8).toString('base64');

/** The main resource first, then its subresources: client-node takes the first entry whose kind matches. */
const legacyResources = (r: ResourceType): V1APIResource[] => {
  const main: V1APIResource = {
    name: r.plural,
    singularName: r.singular,
    namespaced: r.namespaced,
    kind: r.kind,
    verbs: [...r.verbs],
    ...(r.shortNames.length > 0 ? { shortNames: [...r.shortNames] } : {}),
    ...(r.categories ? { categories: [...r.categories] } : {}),
    storageVersionHash: storageVersionHash(r),
  };
  if (!r.statusSubresource) return [main];
  return [main, { name: `${r.plural}/status`, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs: [...STATUS_VERBS] }];
};

/** `/api`: the legacy core group's versions. */
export const apiVersions = (): V1APIVersions => ({
  kind: 'APIVersions',
  versions: ['v1'],
  serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }],
});

const apiGroup = (group: string, versions: readonly GroupVersion[]): V1APIGroup => {
  const forDiscovery = versions.map((gv) => ({ groupVersion: gvString(gv), version: gv.version }));
  return { name: group, versions: forDiscovery, ...(forDiscovery[0] ? { preferredVersion: forDiscovery[0] } : {}) };
};

/** `/apis/<group>`. */
export const apiGroupDocument = (group: string, gvs: readonly GroupVersion[]): V1APIGroup => ({
  kind: 'APIGroup',
  apiVersion: 'v1',
  ...apiGroup(group, gvs.filter((gv) => gv.group === group)),
});

/** `/apis`: every named group (the core group is only under `/api`). */
export const apiGroupList = (gvs: readonly GroupVersion[]): V1APIGroupList => {
  const groups = [...new Set(gvs.filter((gv) => gv.group !== '').map((gv) => gv.group))];
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map((g) => apiGroup(g, gvs.filter((gv) => gv.group === g))) };
};

/** `/api/v1` and `/apis/<group>/<version>`. The core list carries no apiVersion, as a real server sends it. */
export const apiResourceList = (gv: GroupVersion): V1APIResourceList => ({
  kind: 'APIResourceList',
  ...(gv.group === '' ? {} : { apiVersion: 'v1' }),
  groupVersion: gvString(gv),
  resources: gv.resources.flatMap(legacyResources),
});

// Aggregated discovery (apidiscovery.k8s.io/v2). client-node has no types for it: these follow
// k8s.io/api/apidiscovery/v2/types.go field for field.
interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}
interface APISubresourceDiscovery {
  subresource: string;
  responseKind: GroupVersionKind;
  verbs: string[];
}
interface APIResourceDiscovery {
  resource: string;
  responseKind: GroupVersionKind;
  scope: 'Namespaced' | 'Cluster';
  singularResource: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  subresources?: APISubresourceDiscovery[];
}
interface APIVersionDiscovery {
  version: string;
  resources: APIResourceDiscovery[];
  freshness: 'Current';
}
export interface APIGroupDiscoveryList {
  kind: 'APIGroupDiscoveryList';
  apiVersion: string;
  metadata: Record<string, never>;
  items: { metadata: { name?: string; creationTimestamp: null }; versions: APIVersionDiscovery[] }[];
}

const aggregatedResource = (r: ResourceType): APIResourceDiscovery => {
  const responseKind = { group: r.group, version: r.version, kind: r.kind };
  return {
    resource: r.plural,
    responseKind,
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: [...r.verbs],
    ...(r.shortNames.length > 0 ? { shortNames: [...r.shortNames] } : {}),
    ...(r.categories ? { categories: [...r.categories] } : {}),
    ...(r.statusSubresource ? { subresources: [{ subresource: 'status', responseKind, verbs: [...STATUS_VERBS] }] } : {}),
  };
};

/**
 * The aggregated list for `/api` (core group only) or `/apis` (every named group).
 * `apiVersion` is `apidiscovery.k8s.io/v2` or `v2beta1`: the two serialise identically.
 */
export const aggregatedDiscovery = (
  gvs: readonly GroupVersion[],
  root: 'api' | 'apis',
  apiVersion: string,
): APIGroupDiscoveryList => {
  const wanted = gvs.filter((gv) => (root === 'api') === (gv.group === ''));
  const groups = [...new Set(wanted.map((gv) => gv.group))];
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion,
    metadata: {},
    items: groups.map((group) => ({
      // The core group has no name; a real server omits the field rather than sending "".
      metadata: { ...(group === '' ? {} : { name: group }), creationTimestamp: null },
      versions: wanted
        .filter((gv) => gv.group === group)
        .map((gv) => ({
          version: gv.version,
          resources: [...gv.resources].sort((a, b) => a.plural.localeCompare(b.plural)).map(aggregatedResource),
          freshness: 'Current' as const,
        })),
    })),
  };
};
