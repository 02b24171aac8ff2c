/** CDI (cdi.kubevirt.io/v1beta1): cdi-operator's custom resource, saying what is deployed. */
import { ageColumn, col } from '../columns.js';
import { ALL_VERBS } from '../resource-type.js';
import type { KindStrategy } from '../strategy.js';

export const cdis: KindStrategy = {
  resource: {
    group: 'cdi.kubevirt.io', version: 'v1beta1', kind: 'CDI', listKind: 'CDIList', plural: 'cdis', singular: 'cdi',
    shortNames: ['cdi', 'cdis'], namespaced: false, verbs: ALL_VERBS,
    schema: { source: 'cdi', definition: 'v1beta1.CDI' }, crd: true, statusSubresource: true,
  },
  columns: [ageColumn, col('Phase', '.status.phase')],
};
