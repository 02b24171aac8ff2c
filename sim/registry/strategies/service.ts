/** Service (core/v1): RFC 1035 label names; a clusterIP, once allocated, and port defaults. */
import { ALL_VERBS } from '../resource-type.js';
import { ageColumn, col } from '../columns.js';
import type { Cell, KindStrategy } from '../strategy.js';
import type { StoredObject } from '../../storage/store.js';

interface ServicePort {
  port?: number;
  targetPort?: number | string | undefined;
  protocol?: string;
  nodePort?: number;
  [field: string]: unknown;
}

interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ports?: ServicePort[];
  [field: string]: unknown;
}

const ports = (o: StoredObject): Cell => {
  const list = (o.spec as ServiceSpec | undefined)?.ports ?? [];
  return list.length === 0 ? '<none>' : list.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',');
};

export const services: KindStrategy = {
  resource: {
    group: '', version: 'v1', kind: 'Service', listKind: 'ServiceList', plural: 'services', singular: 'service',
    shortNames: ['svc'], namespaced: true, verbs: ALL_VERBS,
    categories: ['all'], schema: { source: 'kubernetes', definition: 'io.k8s.api.core.v1.Service' }, crd: false, statusSubresource: true,
  },
  prepareForWrite: (obj, random, current) => {
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
  },
  nameRule: 'dns1035',
  columns: [
    col('Type', '.spec.type'),
    col('Cluster-IP', '.spec.clusterIP'),
    { name: 'External-IP', type: 'string', cell: () => '<none>' },
    { name: 'Port(s)', type: 'string', cell: ports },
    ageColumn,
  ],
};
