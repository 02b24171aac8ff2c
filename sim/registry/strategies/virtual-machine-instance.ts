/** VirtualMachineInstance (kubevirt.io/v1): no status subresource, KubeVirt's create and update webhooks. */
import { admitVirtualMachineInstance } from '../../admission/virtual-machine-instance.js';
import { ageColumn, col, readyColumn } from '../columns.js';
import { ALL_VERBS } from '../resource-type.js';
import type { KindStrategy } from '../strategy.js';

export const virtualMachineInstances: KindStrategy = {
  resource: {
    group: 'kubevirt.io', version: 'v1', kind: 'VirtualMachineInstance', listKind: 'VirtualMachineInstanceList',
    plural: 'virtualmachineinstances', singular: 'virtualmachineinstance', shortNames: ['vmi', 'vmis'],
    namespaced: true, verbs: ALL_VERBS, categories: ['all'],
    schema: { source: 'kubevirt', definition: 'v1.VirtualMachineInstance' }, crd: true, statusSubresource: false,
  },
  admit: admitVirtualMachineInstance,
  columns: [
    ageColumn,
    col('Phase', '.status.phase'),
    col('IP', '.status.interfaces[0].ipAddress'),
    col('NodeName', '.status.nodeName'),
    readyColumn(),
    col('Live-Migratable', ".status.conditions[?(@.type=='LiveMigratable')].status", 'string', 1),
    col('Paused', ".status.conditions[?(@.type=='Paused')].status", 'string', 1),
  ],
};
