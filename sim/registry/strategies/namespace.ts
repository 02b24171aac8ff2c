/** Namespace (core/v1): RFC 1123 label names, the `kubernetes` finalizer in its spec, deletion through Terminating. */
import { ageColumn, col } from '../columns.js';
import type { KindStrategy } from '../strategy.js';

export const namespaces: KindStrategy = {
  resource: {
    group: '', version: 'v1', kind: 'Namespace', listKind: 'NamespaceList', plural: 'namespaces', singular: 'namespace',
    shortNames: ['ns'], namespaced: false, verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    schema: { source: 'kubernetes', definition: 'io.k8s.api.core.v1.Namespace' }, crd: false, statusSubresource: true,
  },
  // Spec and status are the server's: the finalizer on create, phase Active until deleted.
  prepareForWrite: (obj, _random, current) => ({
    ...obj,
    spec: current?.spec ?? { finalizers: ['kubernetes'] },
    status: current?.status ?? { phase: 'Active' },
  }),
  nameRule: 'label',
  // The namespace controller empties it, then removes the `kubernetes` finalizer.
  terminate: (marked) => ({ ...marked, status: { ...(marked.status as object | undefined), phase: 'Terminating' } }),
  specFinalizers: (obj) => {
    const finalizers = (obj.spec as { finalizers?: unknown } | undefined)?.finalizers;
    return Array.isArray(finalizers) ? (finalizers as string[]) : [];
  },
  columns: [col('Status', '.status.phase'), ageColumn],
  selectableFields: { 'status.phase': (o) => (o.status as { phase?: unknown } | undefined)?.phase },
};
