/** StorageClass (storage.k8s.io/v1): kubectl marks the default class in the Name column. */
import { ageColumn, col } from '../columns.js';
import { ALL_VERBS } from '../resource-type.js';
import type { KindStrategy } from '../strategy.js';

export const storageClasses: KindStrategy = {
  resource: {
    group: 'storage.k8s.io', version: 'v1', kind: 'StorageClass', listKind: 'StorageClassList', plural: 'storageclasses',
    singular: 'storageclass', shortNames: ['sc'], namespaced: false,
    verbs: ALL_VERBS,
    schema: { source: 'kubernetes', definition: 'io.k8s.api.storage.v1.StorageClass' }, crd: false, statusSubresource: false,
  },
  nameCell: (o) =>
    o.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true' ? `${o.metadata.name} (default)` : o.metadata.name,
  columns: [
    col('Provisioner', '.provisioner'),
    col('ReclaimPolicy', '.reclaimPolicy'),
    col('VolumeBindingMode', '.volumeBindingMode'),
    { name: 'AllowVolumeExpansion', type: 'string', cell: (o) => String((o as { allowVolumeExpansion?: boolean }).allowVolumeExpansion ?? false) },
    ageColumn,
  ],
};
