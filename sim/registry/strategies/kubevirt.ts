/** KubeVirt (kubevirt.io/v1): virt-operator's custom resource, saying what is deployed. */
import { ageColumn, col } from '../columns.js';
import { ALL_VERBS } from '../resource-type.js';
import type { KindStrategy } from '../strategy.js';

export const kubevirts: KindStrategy = {
  resource: {
    group: 'kubevirt.io', version: 'v1', kind: 'KubeVirt', listKind: 'KubeVirtList', plural: 'kubevirts',
    singular: 'kubevirt', shortNames: ['kv', 'kvs'], namespaced: true,
    verbs: ALL_VERBS, categories: ['all'],
    schema: { source: 'kubevirt', definition: 'v1.KubeVirt' }, crd: true, statusSubresource: true,
  },
  columns: [ageColumn, col('Phase', '.status.phase')],
  // Its CRD is installed before virt-operator manages anything, under a label of its own (NewKubeVirtCrd).
  crdLabels: { 'operator.kubevirt.io': '' },
};
