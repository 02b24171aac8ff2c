/** ConfigMap (core/v1): stored as sent. */
import { ageColumn, dataCount } from '../columns.js';
import { ALL_VERBS } from '../resource-type.js';
import type { KindStrategy } from '../strategy.js';

export const configMaps: KindStrategy = {
  resource: {
    group: '', version: 'v1', kind: 'ConfigMap', listKind: 'ConfigMapList', plural: 'configmaps', singular: 'configmap',
    shortNames: ['cm'], namespaced: true, verbs: ALL_VERBS,
    schema: { source: 'kubernetes', definition: 'io.k8s.api.core.v1.ConfigMap' }, crd: false, statusSubresource: false,
  },
  columns: [dataCount, ageColumn],
};
