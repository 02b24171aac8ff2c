import type { V1APIGroup, V1APIGroupList, V1APIResourceList, V1APIVersions, V1Status, VersionInfo } from '@kubernetes/client-node';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { APIGroupDiscoveryList } from '../../sim/discovery/documents.js';
import { RESOURCES, apiVersionOf } from '../../sim/registry/index.js';
import { discover, KUBECTL_DISCOVERY_ACCEPT, mustDiscover } from './discovery-request.js';

const AGGREGATED_V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

const resourceListOf = (apiVersion: string): V1APIResourceList =>
  mustDiscover(apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`).json<V1APIResourceList>();

describe('/version', () => {
  it('reports a Kubernetes 1.32 server, so kubectl 1.32 prints no version-skew warning', () => {
    const answer = mustDiscover('/version');
    expect(answer.headers['content-type']).toBe('application/json');
    const version = answer.json<VersionInfo>();
    expect(version).toMatchObject({ major: '1', minor: '32', platform: 'linux/amd64' });
    expect(version.gitVersion).toMatch(/^v1\.32\.\d+$/);
  });
});

describe('aggregated discovery (what kubectl asks for)', () => {
  it('answers /apis in apidiscovery.k8s.io/v2 with that media type as Content-Type', () => {
    const answer = mustDiscover('/apis', { accept: KUBECTL_DISCOVERY_ACCEPT });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe(AGGREGATED_V2);
    expect(answer.headers.vary).toBe('Accept');
    const list = answer.json<APIGroupDiscoveryList>();
    expect(list).toMatchObject({ kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2' });
    const kubevirt = list.items.find((g) => g.metadata.name === 'kubevirt.io');
    const vms = kubevirt?.versions[0]?.resources.find((r) => r.resource === 'virtualmachines');
    expect(vms).toEqual({
      resource: 'virtualmachines',
      responseKind: { group: 'kubevirt.io', version: 'v1', kind: 'VirtualMachine' },
      scope: 'Namespaced',
      singularResource: 'virtualmachine',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['vm', 'vms'],
      categories: ['all'],
      subresources: [{ subresource: 'status', responseKind: { group: 'kubevirt.io', version: 'v1', kind: 'VirtualMachine' }, verbs: ['get', 'patch', 'update'] }],
    });
    expect(kubevirt?.versions[0]?.freshness).toBe('Current');
  });

  it('answers /api with the core group only, which has no name', () => {
    const list = mustDiscover('/api', { accept: KUBECTL_DISCOVERY_ACCEPT }).json<APIGroupDiscoveryList>();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]?.metadata).toEqual({ creationTimestamp: null });
    const names = list.items[0]?.versions[0]?.resources.map((r) => r.resource);
    expect(names).toEqual(['configmaps', 'events', 'namespaces', 'nodes', 'persistentvolumeclaims', 'secrets', 'serviceaccounts', 'services']);
    const namespaces = list.items[0]?.versions[0]?.resources.find((r) => r.resource === 'namespaces');
    expect(namespaces?.scope).toBe('Cluster');
    expect(namespaces?.responseKind).toEqual({ group: '', version: 'v1', kind: 'Namespace' });
  });

  it('serves v2beta1 to a client that asks only for it', () => {
    const accept = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';
    const answer = mustDiscover('/apis', { accept });
    expect(answer.headers['content-type']).toBe(accept);
    expect(answer.json<APIGroupDiscoveryList>().apiVersion).toBe('apidiscovery.k8s.io/v2beta1');
  });

  it('lists every kind of the resource table, in its group-version, with its short names', () => {
    const core = mustDiscover('/api', { accept: KUBECTL_DISCOVERY_ACCEPT }).json<APIGroupDiscoveryList>();
    const named = mustDiscover('/apis', { accept: KUBECTL_DISCOVERY_ACCEPT }).json<APIGroupDiscoveryList>();
    const served = [...core.items, ...named.items].flatMap((g) =>
      g.versions.flatMap((v) => v.resources.map((r) => `${r.responseKind.group}/${v.version}/${r.resource}/${(r.shortNames ?? []).join(',')}`)),
    );
    for (const r of RESOURCES) expect(served).toContain(`${r.group}/${r.version}/${r.plural}/${r.shortNames.join(',')}`);
  });

  it('answers a protobuf-only Accept with 406 and a NotAcceptable Status', () => {
    const answer = mustDiscover('/apis', { accept: 'application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' });
    expect(answer.status).toBe(406);
    expect(answer.json<V1Status>()).toMatchObject({ kind: 'Status', reason: 'NotAcceptable', code: 406 });
  });
});

describe('legacy discovery (what client-node reads)', () => {
  it('answers /api with APIVersions and /apis with an APIGroupList to a plain JSON Accept', () => {
    expect(mustDiscover('/api', { accept: 'application/json' }).json<V1APIVersions>()).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const groups = mustDiscover('/apis', { accept: 'application/json' });
    expect(groups.headers['content-type']).toBe('application/json');
    const cdi = groups.json<V1APIGroupList>().groups.find((g) => g.name === 'cdi.kubevirt.io');
    expect(cdi).toEqual({
      name: 'cdi.kubevirt.io',
      versions: [{ groupVersion: 'cdi.kubevirt.io/v1beta1', version: 'v1beta1' }],
      preferredVersion: { groupVersion: 'cdi.kubevirt.io/v1beta1', version: 'v1beta1' },
    });
  });

  it('answers /apis/<group> with the group and its preferred version', () => {
    const group = mustDiscover('/apis/kubevirt.io').json<V1APIGroup>();
    expect(group).toMatchObject({ kind: 'APIGroup', apiVersion: 'v1', name: 'kubevirt.io', preferredVersion: { groupVersion: 'kubevirt.io/v1' } });
  });

  it.each(RESOURCES.map((r) => ({ apiVersion: apiVersionOf(r), r })))('lists $r.plural under $apiVersion with its kind, scope and verbs', ({ apiVersion, r }) => {
    const list = resourceListOf(apiVersion);
    expect(list.groupVersion).toBe(apiVersion);
    expect(list.resources.find((x) => x.name === r.plural)).toMatchObject({
      kind: r.kind,
      namespaced: r.namespaced,
      singularName: r.singular,
      verbs: [...r.verbs],
    });
  });

  it('puts each main resource before its status subresource, since client-node takes the first entry of a kind', () => {
    const list = resourceListOf('kubevirt.io/v1');
    const ofKind = list.resources.filter((r) => r.kind === 'VirtualMachine').map((r) => r.name);
    expect(ofKind).toEqual(['virtualmachines', 'virtualmachines/status']);
    expect(list.resources.find((r) => r.name === 'virtualmachines/status')?.verbs).toEqual(['get', 'patch', 'update']);
  });

  it('sends /api/v1 without apiVersion and /apis/<group>/<version> with it, as a real server does', () => {
    expect(resourceListOf('v1')).not.toHaveProperty('apiVersion');
    expect(resourceListOf('kubevirt.io/v1')).toHaveProperty('apiVersion', 'v1');
  });

  it('lists the CRD API under apiextensions.k8s.io/v1, read-only', () => {
    const crds = resourceListOf('apiextensions.k8s.io/v1').resources.find((r) => r.name === 'customresourcedefinitions');
    expect(crds).toMatchObject({ kind: 'CustomResourceDefinition', namespaced: false, verbs: ['get', 'list'], shortNames: ['crd', 'crds'] });
  });
});

describe('caching and request handling', () => {
  it('answers a matching If-None-Match with 304 and no body, and a stale one with the document', () => {
    const first = mustDiscover('/apis', { accept: KUBECTL_DISCOVERY_ACCEPT });
    const etag = first.headers.etag ?? '';
    expect(etag).toMatch(/^"[0-9A-F]{128}"$/);
    const again = mustDiscover('/apis', { accept: KUBECTL_DISCOVERY_ACCEPT, ifNoneMatch: etag });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(mustDiscover('/apis', { accept: KUBECTL_DISCOVERY_ACCEPT, ifNoneMatch: '"0123"' }).status).toBe(200);
  });

  it('gives the aggregated and legacy forms of /apis different ETags, so a cache never mixes them', () => {
    const aggregated = mustDiscover('/apis', { accept: KUBECTL_DISCOVERY_ACCEPT }).headers.etag;
    const legacy = mustDiscover('/apis', { accept: 'application/json' }).headers.etag;
    expect(aggregated).not.toBe(legacy);
  });

  it('refuses writes to discovery paths with 405 MethodNotAllowed', () => {
    const answer = mustDiscover('/apis/kubevirt.io/v1', { method: 'POST' });
    expect(answer.status).toBe(405);
    expect(answer.json<V1Status>().reason).toBe('MethodNotAllowed');
  });

  it('answers HEAD like GET without a body', () => {
    const answer = mustDiscover('/api/v1', { method: 'HEAD' });
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('');
  });

  it('leaves resource paths to the resource router', () => {
    expect(discover('/api/v1/namespaces')).toBeUndefined();
    expect(discover('/apis/kubevirt.io/v1/namespaces/default/virtualmachines')).toBeUndefined();
    expect(discover('/apis/kubevirt.io/v1/virtualmachines?watch=true')).toBeUndefined();
  });

  it('answers an unknown group-version with a NotFound Status', () => {
    const answer = mustDiscover('/apis/kubevirt.io/v2');
    expect(answer.status).toBe(404);
    expect(answer.json<V1Status>()).toMatchObject({ reason: 'NotFound', message: 'the server could not find the requested resource' });
  });
});

describe('a cluster without KubeVirt', () => {
  const withoutKubevirt = { installedGroups: ['cdi.kubevirt.io'] };

  it('leaves kubevirt.io out of /apis in both forms', () => {
    const aggregated = mustDiscover('/apis', { ...withoutKubevirt, accept: KUBECTL_DISCOVERY_ACCEPT }).json<APIGroupDiscoveryList>();
    expect(aggregated.items.map((g) => g.metadata.name)).toEqual(['apiextensions.k8s.io', 'cdi.kubevirt.io']);
    const legacy = mustDiscover('/apis', { ...withoutKubevirt, accept: 'application/json' }).json<V1APIGroupList>();
    expect(legacy.groups.map((g) => g.name)).not.toContain('kubevirt.io');
  });

  it('answers /apis/kubevirt.io and /apis/kubevirt.io/v1 with 404, as a virtwork presence check expects', () => {
    expect(mustDiscover('/apis/kubevirt.io', withoutKubevirt).status).toBe(404);
    expect(mustDiscover('/apis/kubevirt.io/v1', withoutKubevirt).status).toBe(404);
  });

  it('still serves the installed groups', () => {
    expect(mustDiscover('/apis/cdi.kubevirt.io/v1beta1', withoutKubevirt).status).toBe(200);
    expect(mustDiscover('/api/v1', withoutKubevirt).status).toBe(200);
  });
});

describe('without the schemas directory', () => {
  it('still serves discovery, and fails OpenAPI and CRD requests with a 500 that names the fix', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'virtwork-no-schemas-'));
    vi.stubEnv('VIRTWORK_SCHEMAS_DIR', empty);
    try {
      expect(mustDiscover('/apis', { accept: KUBECTL_DISCOVERY_ACCEPT }).status).toBe(200);
      for (const url of ['/openapi/v3', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions']) {
        const answer = mustDiscover(url);
        expect(answer.status).toBe(500);
        expect(answer.json<V1Status>()).toMatchObject({ reason: 'InternalError', message: expect.stringContaining('set VIRTWORK_SCHEMAS_DIR') as unknown });
      }
    } finally {
      vi.unstubAllEnvs();
      rmSync(empty, { recursive: true });
    }
  });
});
