/** StorageProfile (cdi.kubevirt.io/v1beta1): CDI's view of each StorageClass (sim/inventory.ts seeds them). */
import { ALL_VERBS } from '../resource-type.js';
import type { KindStrategy } from '../strategy.js';

export const storageProfiles: KindStrategy = {
  resource: {
    group: 'cdi.kubevirt.io', version: 'v1beta1', kind: 'StorageProfile', listKind: 'StorageProfileList',
    plural: 'storageprofiles', singular: 'storageprofile', shortNames: [], namespaced: false,
    verbs: ALL_VERBS,
    schema: { source: 'cdi', definition: 'v1beta1.StorageProfile' }, crd: true, statusSubresource: true,
  },
};
