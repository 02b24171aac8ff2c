/**
 * Protobuf request bodies, as kubectl 1.32 sends them for `create namespace`, `create secret
 * generic`, `create configmap` and `create service clusterip` (bytes captured from the real
 * kubectl), decoded by the simulator into the objects their JSON form would be.
 */
import { describe, expect, it } from 'vitest';
import { decodeProtobuf } from '../../sim/apiserver/protobuf.js';
import { resourceOfKind } from '../../sim/registry/index.js';
import { simTest } from './fixtures.js';

const test = simTest({ namespaces: ['demo'] });

/** `kubectl create ... -n demo` request bodies, hex. */
const KUBECTL_BODIES = {
  namespace: '6b3873000a0f0a02763112094e616d657370616365121c0a140a0464656d6f12001a0022002a0032003800420012001a020a001a002200',
  secret: '6b3873000a0c0a027631120653656372657412270a150a017312001a0464656d6f22002a0032003800420012060a01611201621a064f70617175651a002200',
  configmap: '6b3873000a0f0a0276311209436f6e6669674d6170121f0a150a016312001a0464656d6f22002a0032003800420012060a01611201621a002200',
  service:
    '6b3873000a0d0a027631120753657276696365126d0a230a0377656212001a0464656d6f22002a003200380042005a0a0a03617070120377656212420a1b0a0738302d38303830120354435018502207080010903f1a002800120a0a0361707012037765621a002209436c757374657249503a00420052005a00600068001a020a001a002200',
} as const;

const post = (url: string, path: string, hex: string) =>
  fetch(`${url}${path}?fieldManager=kubectl-create&fieldValidation=Strict`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/vnd.kubernetes.protobuf', Accept: 'application/json, */*' },
    body: Buffer.from(hex, 'hex'),
  });

const bare = simTest();

describe('protobuf bodies', () => {
  bare('create namespace: answered in JSON with the decoded namespace, defaulted as usual', async ({ sim }) => {
    const res = await post(sim.url, '/api/v1/namespaces', KUBECTL_BODIES.namespace);
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toMatchObject({ kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'demo' }, status: { phase: 'Active' } });
  });

  test('create secret generic: data as base64, the empty type defaulted to Opaque', async ({ sim }) => {
    expect((await post(sim.url, '/api/v1/namespaces/demo/secrets', KUBECTL_BODIES.secret)).status).toBe(201);
    expect(sim.get('secrets', 'demo', 's')).toMatchObject({ type: 'Opaque', data: { a: Buffer.from('b').toString('base64') } });
  });

  test('create configmap', async ({ sim }) => {
    expect((await post(sim.url, '/api/v1/namespaces/demo/configmaps', KUBECTL_BODIES.configmap)).status).toBe(201);
    expect(sim.get('configmaps', 'demo', 'c')).toMatchObject({ data: { a: 'b' } });
  });

  test('create service clusterip: labels, selector, and a port whose targetPort is a number', async ({ sim }) => {
    expect((await post(sim.url, '/api/v1/namespaces/demo/services', KUBECTL_BODIES.service)).status).toBe(201);
    expect(sim.get('services', 'demo', 'web')).toMatchObject({
      metadata: { labels: { app: 'web' } },
      spec: { type: 'ClusterIP', selector: { app: 'web' }, ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }] },
    });
  });

  test('a body without the k8s magic prefix is 400', async ({ sim }) => {
    const res = await post(sim.url, '/api/v1/namespaces/demo/configmaps', KUBECTL_BODIES.configmap.slice(8));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe('provided object does not have the protobuf magic prefix');
  });
});

/** Bodies built here field by field, as k8s.io/api's generated.proto numbers them. */
const varint = (n: number): number[] => {
  const out: number[] = [];
  for (let v = n; ; v = Math.floor(v / 128)) {
    if (v < 128) return [...out, v];
    out.push((v % 128) | 0x80);
  }
};
/** A length-delimited field: a string or an embedded message. */
const field = (tag: number, value: string | Buffer): Buffer => {
  const bytes = typeof value === 'string' ? Buffer.from(value) : value;
  return Buffer.concat([Buffer.from([...varint(tag * 8 + 2), ...varint(bytes.length)]), bytes]);
};
const envelope = (apiVersion: string, kind: string, raw: Buffer): Buffer =>
  Buffer.concat([Buffer.from('k8s\0'), field(1, Buffer.concat([field(1, apiVersion), field(2, kind)])), field(2, raw)]);

describe('the reviews kubectl auth sends as protobuf', () => {
  const accessReview = resourceOfKind('SelfSubjectAccessReview');

  it('reads a SelfSubjectAccessReview with its resource attributes, leaving out the empty ones', () => {
    const attributes = Buffer.concat([field(1, 'virtwork'), field(2, 'create'), field(3, 'kubevirt.io'), field(4, ''), field(5, 'virtualmachines')]);
    const raw = Buffer.concat([field(1, Buffer.alloc(0)), field(2, field(1, attributes))]);
    expect(decodeProtobuf(accessReview, envelope('authorization.k8s.io/v1', 'SelfSubjectAccessReview', raw))).toEqual({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      metadata: {},
      spec: { resourceAttributes: { namespace: 'virtwork', verb: 'create', group: 'kubevirt.io', resource: 'virtualmachines' } },
    });
  });

  it('reads non-resource attributes', () => {
    const raw = field(2, field(2, Buffer.concat([field(1, '/apis'), field(2, 'get')])));
    expect(decodeProtobuf(accessReview, envelope('authorization.k8s.io/v1', 'SelfSubjectAccessReview', raw)).spec).toEqual({
      nonResourceAttributes: { path: '/apis', verb: 'get' },
    });
  });

  it('reads a SelfSubjectReview, which carries nothing but its kind', () => {
    expect(decodeProtobuf(resourceOfKind('SelfSubjectReview'), envelope('authentication.k8s.io/v1', 'SelfSubjectReview', Buffer.alloc(0)))).toEqual({
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'SelfSubjectReview',
    });
  });
});
