/**
 * Kubernetes protobuf request bodies (`application/vnd.kubernetes.protobuf`), which kubectl sends
 * for the built-in objects it builds itself: its imperative commands (`kubectl create namespace`,
 * `create secret`, `create configmap`, `create service`) and its reviews (`auth can-i`, `auth whoami`). A body is the magic `k8s\0` followed by
 * a runtime.Unknown holding the TypeMeta and the object's own protobuf encoding
 * (k8s.io/apimachinery/pkg/runtime/serializer/protobuf). The description below carries only the
 * fields of k8s.io/api core/v1 and apimachinery's generated.proto those commands set, with the
 * upstream field numbers; protobufjs skips any other field, as a decoder skips unknown ones.
 */
import protobuf from 'protobufjs';
import type { ResourceType } from '../registry/index.js';
import { badRequest, unsupportedMediaType } from './status.js';
import type { KubeObject } from '../storage/store.js';

export const PROTOBUF = 'application/vnd.kubernetes.protobuf';
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

const PROTO = `
syntax = "proto2";
package k8s;

message TypeMeta { optional string apiVersion = 1; optional string kind = 2; }
message Unknown {
  optional TypeMeta typeMeta = 1;
  optional bytes raw = 2;
  optional string contentEncoding = 3;
  optional string contentType = 4;
}
message ObjectMeta {
  optional string name = 1;
  optional string generateName = 2;
  optional string namespace = 3;
  map<string, string> labels = 11;
  map<string, string> annotations = 12;
  repeated string finalizers = 14;
}
message IntOrString { optional int64 type = 1; optional int32 intVal = 2; optional string strVal = 3; }

message NamespaceSpec { repeated string finalizers = 1; }
message Namespace { optional ObjectMeta metadata = 1; optional NamespaceSpec spec = 2; }
message Secret {
  optional ObjectMeta metadata = 1;
  map<string, bytes> data = 2;
  optional string type = 3;
  map<string, string> stringData = 4;
  optional bool immutable = 5;
}
message ConfigMap {
  optional ObjectMeta metadata = 1;
  map<string, string> data = 2;
  map<string, bytes> binaryData = 3;
  optional bool immutable = 4;
}
message ServicePort {
  optional string name = 1;
  optional string protocol = 2;
  optional int32 port = 3;
  optional IntOrString targetPort = 4;
  optional int32 nodePort = 5;
  optional string appProtocol = 6;
}
message ServiceSpec {
  repeated ServicePort ports = 1;
  map<string, string> selector = 2;
  optional string clusterIP = 3;
  optional string type = 4;
  repeated string externalIPs = 5;
  optional string sessionAffinity = 7;
  optional string externalName = 10;
  optional string externalTrafficPolicy = 11;
  optional string ipFamilyPolicy = 17;
  repeated string clusterIPs = 18;
  repeated string ipFamilies = 19;
  optional string internalTrafficPolicy = 22;
}
message Service { optional ObjectMeta metadata = 1; optional ServiceSpec spec = 2; }

message ResourceAttributes {
  optional string namespace = 1;
  optional string verb = 2;
  optional string group = 3;
  optional string version = 4;
  optional string resource = 5;
  optional string subresource = 6;
  optional string name = 7;
}
message NonResourceAttributes { optional string path = 1; optional string verb = 2; }
message SelfSubjectAccessReviewSpec {
  optional ResourceAttributes resourceAttributes = 1;
  optional NonResourceAttributes nonResourceAttributes = 2;
}
message SelfSubjectAccessReview { optional ObjectMeta metadata = 1; optional SelfSubjectAccessReviewSpec spec = 2; }
message SelfSubjectReview { optional ObjectMeta metadata = 1; }
`;

const root = protobuf.parse(PROTO, { keepCase: true }).root;
const UNKNOWN = root.lookupType('k8s.Unknown');

/** A protobuf body may carry a kind the description above has a message for; others answer 415. */
const isDecodable = (r: ResourceType): boolean => root.lookup(`k8s.${r.kind}`) instanceof protobuf.Type;

export const isProtobuf = (contentType: string): boolean => contentType === PROTOBUF;

/** intstr.IntOrString's wire form (type 0: int, 1: string) as JSON writes it. */
const intOrString = (value: { type?: number; intVal?: number; strVal?: string }): number | string =>
  value.type === 1 ? (value.strVal ?? '') : (value.intVal ?? 0);

/**
 * Go writes every string of these structs to the wire, set or not; in JSON an empty one is left
 * out (omitempty), so the object reads as its JSON form would, and defaulting sees it unset.
 */
const withoutEmptyStrings = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(withoutEmptyStrings);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== '').map(([k, v]) => [k, withoutEmptyStrings(v)]));
};

const toJson = (object: Record<string, unknown>): KubeObject => {
  const spec = object.spec as { ports?: { targetPort?: { type?: number; intVal?: number; strVal?: string } }[] } | undefined;
  for (const port of spec?.ports ?? []) if (port.targetPort) (port as { targetPort: unknown }).targetPort = intOrString(port.targetPort);
  return withoutEmptyStrings(object) as KubeObject;
};

/** Decodes a protobuf create or update body of a core kind into the object its JSON form would be. */
export const decodeProtobuf = (r: ResourceType, body: Buffer): KubeObject => {
  if (!isDecodable(r)) throw unsupportedMediaType(PROTOBUF, ['application/json', 'application/yaml']);
  if (body.length < MAGIC.length || !body.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw badRequest('provided object does not have the protobuf magic prefix');
  }
  try {
    const envelope = UNKNOWN.toObject(UNKNOWN.decode(body.subarray(MAGIC.length))) as {
      typeMeta?: { apiVersion?: string; kind?: string };
      raw?: Uint8Array;
    };
    const type = root.lookupType(`k8s.${r.kind}`);
    const object = type.toObject(type.decode(envelope.raw ?? new Uint8Array()), { bytes: String, longs: Number });
    return toJson({ apiVersion: envelope.typeMeta?.apiVersion, kind: envelope.typeMeta?.kind, ...object });
  } catch (e) {
    throw badRequest(`the object provided is unrecognized (must be of type ${r.kind}): ${(e as Error).message}`);
  }
};
