/**
 * kubectl sends the reviews it builds itself (`auth can-i`, `auth whoami`) as protobuf, asking for
 * protobuf or JSON back. The simulator speaks JSON, so it decodes just these two messages: the
 * `k8s\0` magic, the runtime.Unknown envelope (typeMeta 1 {apiVersion 1, kind 2}, raw 2), and in
 * raw the review's fields by their tags in k8s.io/api's generated.proto. The answer goes back as JSON.
 */
import type { KubeObject } from './store.js';

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** Field number -> its length-delimited payloads (strings and sub-messages alike); varints are skipped. */
type Fields = Map<number, Buffer[]>;

const readVarint = (buf: Buffer, at: number): [value: number, next: number] => {
  let value = 0;
  for (let shift = 0, i = at; i < buf.length; shift += 7, i++) {
    const byte = buf[i]!;
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return [value, i + 1];
  }
  throw new Error('truncated varint');
};

/** One message's fields; fixed-width and varint fields are read past, since no field used here has them. */
const readFields = (buf: Buffer): Fields => {
  const fields: Fields = new Map();
  for (let at = 0; at < buf.length; ) {
    const [key, afterKey] = readVarint(buf, at);
    const field = Math.floor(key / 8);
    switch (key % 8) {
      case 0:
        at = readVarint(buf, afterKey)[1];
        break;
      case 1:
        at = afterKey + 8;
        break;
      case 2: {
        const [length, start] = readVarint(buf, afterKey);
        fields.set(field, [...(fields.get(field) ?? []), buf.subarray(start, start + length)]);
        at = start + length;
        break;
      }
      case 5:
        at = afterKey + 4;
        break;
      default:
        throw new Error(`unsupported wire type ${key % 8}`);
    }
  }
  return fields;
};

const text = (fields: Fields, field: number): string | undefined => fields.get(field)?.at(-1)?.toString('utf8');
const message = (fields: Fields, field: number): Fields | undefined => {
  const raw = fields.get(field)?.at(-1);
  return raw === undefined ? undefined : readFields(raw);
};

/** Only the set fields, as a JSON decoder of the Go struct would show them (`omitempty`). */
const strings = (fields: Fields, names: readonly string[]): Record<string, string> =>
  Object.fromEntries(names.flatMap((name, i) => {
    const value = text(fields, i + 1);
    return value === undefined || value === '' ? [] : [[name, value]];
  }));

/** authorization/v1 ResourceAttributes, fields 1-7 (the selector fields 8 and 9 are not read). */
const RESOURCE_ATTRIBUTES = ['namespace', 'verb', 'group', 'version', 'resource', 'subresource', 'name'] as const;
const NON_RESOURCE_ATTRIBUTES = ['path', 'verb'] as const;

const accessReviewSpec = (spec: Fields | undefined): Record<string, unknown> => {
  const resource = spec && message(spec, 1);
  const nonResource = spec && message(spec, 2);
  return {
    ...(resource ? { resourceAttributes: strings(resource, RESOURCE_ATTRIBUTES) } : {}),
    ...(nonResource ? { nonResourceAttributes: strings(nonResource, NON_RESOURCE_ATTRIBUTES) } : {}),
  };
};

/** The review a protobuf body carries, as JSON; undefined when it is no review this module knows. */
export const decodeReview = (body: Buffer): KubeObject | undefined => {
  if (!body.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const envelope = readFields(body.subarray(MAGIC.length));
  const typeMeta = message(envelope, 1);
  const raw = envelope.get(2)?.at(-1) ?? Buffer.alloc(0);
  const apiVersion = typeMeta && text(typeMeta, 1);
  const kind = typeMeta && text(typeMeta, 2);
  // SelfSubjectReview: metadata 1, status 2; SelfSubjectAccessReview: metadata 1, spec 2, status 3.
  if (kind === 'SelfSubjectReview') return { apiVersion, kind, metadata: {} };
  if (kind === 'SelfSubjectAccessReview') return { apiVersion, kind, metadata: {}, spec: accessReviewSpec(message(readFields(raw), 2)) };
  return undefined;
};
