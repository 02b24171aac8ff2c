/**
 * What the API server's per-kind strategies do to an object before storing it: defaults
 * (Service clusterIP and port protocol, Secret type, Namespace phase and finalizer), Secret
 * `stringData` folded into `data`, and `status` kept out of reach of the main resource for
 * kinds with a status subresource.
 */
import type { Random } from '../random.js';
import type { ResourceType } from '../registry/resources.js';
import type { KubeObject, StoredObject } from '../storage/store.js';

interface ServicePort {
  port?: number;
  targetPort?: number | string | undefined;
  protocol?: string;
  [field: string]: unknown;
}

interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ports?: ServicePort[];
  [field: string]: unknown;
}

const defaultService = (obj: KubeObject, random: Random, current?: StoredObject): KubeObject => {
  const spec = { ...((obj.spec as ServiceSpec | undefined) ?? {}) };
  const previous = current?.spec as ServiceSpec | undefined;
  spec.type ??= 'ClusterIP';
  if (spec.clusterIP === undefined) {
    // clusterIP is immutable: keep the allocated one across updates.
    spec.clusterIP = previous?.clusterIP ?? `172.30.${Math.floor(random.next() * 256)}.${1 + Math.floor(random.next() * 254)}`;
  }
  spec.clusterIPs ??= previous?.clusterIPs ?? (spec.clusterIP === 'None' ? ['None'] : [spec.clusterIP]);
  spec.ipFamilies ??= ['IPv4'];
  spec.ipFamilyPolicy ??= 'SingleStack';
  spec.sessionAffinity ??= 'None';
  spec.internalTrafficPolicy ??= 'Cluster';
  if (spec.ports) spec.ports = spec.ports.map((p) => ({ ...p, protocol: p.protocol ?? 'TCP', targetPort: p.targetPort ?? p.port }));
  return { ...obj, spec, status: current?.status ?? { loadBalancer: {} } };
};

const defaultSecret = (obj: KubeObject): KubeObject => {
  const { stringData, ...rest } = obj as KubeObject & { stringData?: Record<string, string> };
  const data = { ...((rest.data as Record<string, string> | undefined) ?? {}) };
  for (const [key, value] of Object.entries(stringData ?? {})) data[key] = Buffer.from(value, 'utf8').toString('base64');
  return { ...rest, type: (rest.type) ?? 'Opaque', ...(Object.keys(data).length > 0 || rest.data ? { data } : {}) };
};

const defaultNamespace = (obj: KubeObject, current?: StoredObject): KubeObject => ({
  ...obj,
  spec: current?.spec ?? { finalizers: ['kubernetes'] },
  status: current?.status ?? { phase: 'Active' },
});

const defaultPvc = (obj: KubeObject, current?: StoredObject): KubeObject => ({
  ...obj,
  status: current?.status ?? { phase: 'Pending' },
});

/**
 * Prepares a create (`current` undefined) or an update of the main resource. With a status
 * subresource, the main resource never changes status: dropped on create, kept on update.
 */
export const prepareForWrite = (r: ResourceType, obj: KubeObject, random: Random, current?: StoredObject): KubeObject => {
  switch (r.kind) {
    case 'Service':
      return defaultService(obj, random, current);
    case 'Secret':
      return defaultSecret(obj);
    case 'Namespace':
      return defaultNamespace(obj, current);
    case 'PersistentVolumeClaim':
      return defaultPvc(obj, current);
  }
  if (!r.statusSubresource) return obj;
  const { status: _ignored, ...rest } = obj;
  return current?.status !== undefined ? { ...rest, status: current.status } : rest;
};

/** A write to `/status`: the new status on the current object; spec and metadata stay. */
export const prepareStatusWrite = (obj: KubeObject, current: StoredObject): KubeObject => ({
  ...current,
  metadata: { ...current.metadata, resourceVersion: obj.metadata?.resourceVersion ?? current.metadata.resourceVersion },
  ...(obj.status !== undefined ? { status: obj.status } : {}),
});
