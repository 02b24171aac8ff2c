/** ServiceAccount (core/v1): stored as sent; the simulator mints its tokens (sim/apiserver/authentication.ts). */
import { ageColumn, col } from '../columns.js';
import { ALL_VERBS } from '../resource-type.js';
import type { KindStrategy } from '../strategy.js';

export const serviceAccounts: KindStrategy = {
  resource: {
    group: '', version: 'v1', kind: 'ServiceAccount', listKind: 'ServiceAccountList', plural: 'serviceaccounts', singular: 'serviceaccount',
    shortNames: ['sa'], namespaced: true, verbs: ALL_VERBS,
    schema: { source: 'kubernetes', definition: 'io.k8s.api.core.v1.ServiceAccount' }, crd: false, statusSubresource: false,
  },
  columns: [col('Secrets', '.secrets.length'), ageColumn],
};
