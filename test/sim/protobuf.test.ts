/**
 * The protobuf reviews kubectl sends (`auth can-i`, `auth whoami`), decoded as the simulator needs
 * them. The bodies are built here field by field, as k8s.io/api's generated.proto numbers them.
 */
import { describe, expect, it } from 'vitest';
import { decodeReview } from '../../sim/protobuf.js';

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

describe('decodeReview', () => {
  it('reads a SelfSubjectAccessReview with its resource attributes, leaving out the empty ones', () => {
    const attributes = Buffer.concat([field(1, 'virtwork'), field(2, 'create'), field(3, 'kubevirt.io'), field(5, 'virtualmachines')]);
    const raw = Buffer.concat([field(1, Buffer.alloc(0)), field(2, field(1, attributes))]);
    expect(decodeReview(envelope('authorization.k8s.io/v1', 'SelfSubjectAccessReview', raw))).toEqual({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      metadata: {},
      spec: { resourceAttributes: { namespace: 'virtwork', verb: 'create', group: 'kubevirt.io', resource: 'virtualmachines' } },
    });
  });

  it('reads non-resource attributes', () => {
    const raw = field(2, field(2, Buffer.concat([field(1, '/apis'), field(2, 'get')])));
    expect(decodeReview(envelope('authorization.k8s.io/v1', 'SelfSubjectAccessReview', raw))?.spec).toEqual({
      nonResourceAttributes: { path: '/apis', verb: 'get' },
    });
  });

  it('reads a SelfSubjectReview, which carries nothing but its kind', () => {
    expect(decodeReview(envelope('authentication.k8s.io/v1', 'SelfSubjectReview', Buffer.alloc(0)))).toEqual({
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'SelfSubjectReview',
      metadata: {},
    });
  });

  it('knows nothing else: another kind, or a body without the k8s magic', () => {
    expect(decodeReview(envelope('v1', 'Namespace', field(1, field(1, 'demo'))))).toBeUndefined();
    expect(decodeReview(Buffer.from('{"kind":"SelfSubjectReview"}'))).toBeUndefined();
  });
});
