/** PersistentVolumeClaim (core/v1): Pending until CDI's simulated provisioner binds it. */
import { ageColumn, col } from '../columns.js';
import { ALL_VERBS } from '../resource-type.js';
import type { KindStrategy } from '../strategy.js';

const shortAccessMode = (mode: string): string => mode.replace('ReadWriteOnce', 'RWO').replace('ReadWriteMany', 'RWX').replace('ReadOnlyMany', 'ROX');

export const persistentVolumeClaims: KindStrategy = {
  resource: {
    group: '', version: 'v1', kind: 'PersistentVolumeClaim', listKind: 'PersistentVolumeClaimList',
    plural: 'persistentvolumeclaims', singular: 'persistentvolumeclaim', shortNames: ['pvc'], namespaced: true,
    verbs: ALL_VERBS,
    schema: { source: 'kubernetes', definition: 'io.k8s.api.core.v1.PersistentVolumeClaim' }, crd: false, statusSubresource: true,
  },
  prepareForWrite: (obj, _random, current) => ({ ...obj, status: current?.status ?? { phase: 'Pending' } }),
  columns: [
    col('Status', '.status.phase'),
    col('Volume', '.spec.volumeName'),
    col('Capacity', '.status.capacity.storage'),
    {
      name: 'Access Modes',
      type: 'string',
      cell: (o) => ((o.status as { accessModes?: string[] } | undefined)?.accessModes ?? []).map(shortAccessMode).join(','),
    },
    col('StorageClass', '.spec.storageClassName'),
    ageColumn,
  ],
};
