import type { V1Status } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import type { OpenApiV3Document } from '../../sim/discovery/openapi.js';
import { RESOURCES, apiVersionOf, type ResourceType } from '../../sim/registry/index.js';
import { schemasAvailable, schemasSkipReason } from '../support/k8s-schemas.js';
import { mustDiscover } from './discovery-request.js';

interface Index {
  paths: Record<string, { serverRelativeURL: string }>;
}
type Operation = NonNullable<OpenApiV3Document['paths'][string]['patch']>;

const index = (): Index => mustDiscover('/openapi/v3', { accept: 'application/json, */*' }).json<Index>();
const gvPath = (r: ResourceType): string => (r.group === '' ? `api/${r.version}` : `apis/${r.group}/${r.version}`);
const documentOf = (r: ResourceType): OpenApiV3Document => {
  const url = index().paths[gvPath(r)]?.serverRelativeURL ?? `/openapi/v3/${gvPath(r)}`;
  return mustDiscover(url, { accept: 'application/json' }).json<OpenApiV3Document>();
};

/** The PATCH operation of a kind, found as kubectl's QueryParamVerifierV3 finds it: by its GVK extension. */
const patchOperationOf = (doc: OpenApiV3Document, r: ResourceType): Operation | undefined =>
  Object.values(doc.paths)
    .map((item) => item.patch)
    .find((op) => {
      const gvk = op?.['x-kubernetes-group-version-kind'];
      return gvk?.group === r.group && gvk.version === r.version && gvk.kind === r.kind;
    });

/** Every `$ref` of a document. */
const refsOf = (node: unknown): string[] => {
  if (Array.isArray(node)) return node.flatMap(refsOf);
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [v] : refsOf(v)));
};

describe.skipIf(!schemasAvailable)(`OpenAPI v3 ${schemasSkipReason}`, () => {
  it('indexes every served group-version under a hashed serverRelativeURL', () => {
    const paths = index().paths;
    expect(Object.keys(paths).sort()).toEqual([
      'api/v1', 'apis/apiextensions.k8s.io/v1', 'apis/authentication.k8s.io/v1', 'apis/authorization.k8s.io/v1',
      'apis/cdi.kubevirt.io/v1beta1', 'apis/kubevirt.io/v1', 'apis/rbac.authorization.k8s.io/v1', 'apis/storage.k8s.io/v1',
    ]);
    expect(paths['apis/kubevirt.io/v1']?.serverRelativeURL).toMatch(/^\/openapi\/v3\/apis\/kubevirt\.io\/v1\?hash=[0-9A-F]{128}$/);
  });

  it('serves a hashed URL as immutable, with the hash as its ETag', () => {
    const url = index().paths['api/v1']?.serverRelativeURL ?? '';
    const answer = mustDiscover(url, { accept: 'application/json' });
    expect(answer.status).toBe(200);
    expect(answer.headers['cache-control']).toBe('public, immutable');
    expect(answer.headers.etag).toBe(`"${url.split('hash=')[1] ?? ''}"`);
  });

  it('redirects a stale hash to the current document, as kube-openapi does', () => {
    const current = index().paths['apis/kubevirt.io/v1']?.serverRelativeURL;
    const answer = mustDiscover('/openapi/v3/apis/kubevirt.io/v1?hash=ABC', { accept: 'application/json' });
    expect(answer.status).toBe(301);
    expect(answer.headers.location).toBe(current);
  });

  it('refuses a protobuf-only Accept with 406, so the client asks again in JSON', () => {
    const answer = mustDiscover('/openapi/v3/api/v1', { accept: 'application/com.github.proto-openapi.spec.v3@v1.0+protobuf' });
    expect(answer.status).toBe(406);
    expect(answer.json<V1Status>().reason).toBe('NotAcceptable');
  });

  it.each(RESOURCES.filter((r) => r.verbs.includes('patch')).map((r) => ({ kind: r.kind, r })))(
    'tells kubectl that $kind PATCH takes fieldValidation, so kubectl leaves validation to the server',
    ({ r }) => {
      const patch = patchOperationOf(documentOf(r), r);
      expect(patch?.parameters?.some((p) => p.name === 'fieldValidation' && p.in === 'query')).toBe(true);
      expect(patch?.['x-kubernetes-action']).toBe('patch');
    },
  );

  it.each(RESOURCES.filter((r) => r.verbs.includes('patch')).map((r) => ({ kind: r.kind, r })))(
    'offers the patch types the simulator serves for $kind, strategic merge only for a built-in kind',
    ({ r }) => {
      const content = Object.keys(patchOperationOf(documentOf(r), r)?.requestBody?.content ?? {});
      expect(content).toEqual(expect.arrayContaining(['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml']));
      expect(content.includes('application/strategic-merge-patch+json')).toBe(r.group === '');
    },
  );

  it.each(RESOURCES.map((r) => ({ apiVersion: apiVersionOf(r), kind: r.kind, r })))(
    'publishes a $kind schema that kubectl explain finds by its group-version-kind',
    ({ r }) => {
      const schemas = documentOf(r).components.schemas as Record<string, { 'x-kubernetes-group-version-kind'?: { group: string; kind: string; version: string }[]; properties?: Record<string, unknown> }>;
      const found = Object.values(schemas).filter((s) =>
        s['x-kubernetes-group-version-kind']?.some((g) => g.group === r.group && g.version === r.version && g.kind === r.kind));
      expect(found).toHaveLength(1);
      expect(Object.keys(found[0]?.properties ?? {})).toEqual(expect.arrayContaining(['apiVersion', 'kind', 'metadata']));
    },
  );

  it('resolves every $ref inside the same document', () => {
    for (const path of Object.keys(index().paths)) {
      const doc = mustDiscover(`/openapi/v3/${path}`, { accept: 'application/json' }).json<OpenApiV3Document>();
      const missing = refsOf(doc).filter((ref) => !(ref.replace('#/components/schemas/', '') in doc.components.schemas));
      expect(missing).toEqual([]);
    }
  });

  it('publishes VirtualMachine as its CRD schema with ObjectMeta by reference', () => {
    const vm = RESOURCES.find((r) => r.kind === 'VirtualMachine');
    if (!vm) throw new Error('no VirtualMachine in the table');
    const schema = documentOf(vm).components.schemas['io.kubevirt.v1.VirtualMachine'] as { properties: Record<string, { allOf?: { $ref: string }[]; properties?: Record<string, unknown> }> };
    expect(schema.properties.metadata?.allOf).toEqual([{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }]);
    expect(Object.keys(schema.properties.spec?.properties ?? {})).toEqual(expect.arrayContaining(['runStrategy', 'template', 'dataVolumeTemplates']));
  });

  it('lists only the paths of served verbs: the read-only CRD API has no PATCH', () => {
    const doc = mustDiscover('/openapi/v3/apis/apiextensions.k8s.io/v1', { accept: 'application/json' }).json<OpenApiV3Document>();
    const methods = Object.values(doc.paths).flatMap((item) => Object.keys(item).filter((k) => k !== 'parameters'));
    expect(new Set(methods)).toEqual(new Set(['get']));
  });

  it('leaves out the group-versions of groups that are not installed', () => {
    const paths = mustDiscover('/openapi/v3', { installedGroups: ['cdi.kubevirt.io'] }).json<Index>().paths;
    expect(Object.keys(paths)).not.toContain('apis/kubevirt.io/v1');
    expect(mustDiscover('/openapi/v3/apis/kubevirt.io/v1', { installedGroups: ['cdi.kubevirt.io'] }).status).toBe(404);
  });
});

describe.skipIf(!schemasAvailable)(`OpenAPI v2 ${schemasSkipReason}`, () => {
  interface Swagger {
    swagger: string;
    paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; 'x-kubernetes-group-version-kind'?: { kind: string } }>>;
    definitions: Record<string, unknown>;
  }

  it('serves one Swagger 2.0 document whose every $ref resolves in its definitions', () => {
    const answer = mustDiscover('/openapi/v2', { accept: 'application/json' });
    expect(answer.headers['content-type']).toBe('application/json');
    const doc = answer.json<Swagger>();
    expect(doc.swagger).toBe('2.0');
    const missing = refsOf(doc).filter((ref) => !(ref.replace('#/definitions/', '') in doc.definitions));
    expect(missing).toEqual([]);
    const patch = doc.paths['/apis/kubevirt.io/v1/namespaces/{namespace}/virtualmachines/{name}']?.patch;
    expect(patch?.['x-kubernetes-group-version-kind']?.kind).toBe('VirtualMachine');
    expect(patch?.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual(expect.arrayContaining(['body:body', 'query:fieldValidation']));
  });

  it('answers a protobuf-only request with 406, as a server without the protobuf form would', () => {
    expect(mustDiscover('/openapi/v2', { accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' }).status).toBe(406);
  });
});
