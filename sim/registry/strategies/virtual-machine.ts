/** VirtualMachine (kubevirt.io/v1): KubeVirt's validating webhook and printer columns. */
import { admitVirtualMachine } from '../../admission/virtual-machine.js';
import { ageColumn, col, readyColumn } from '../columns.js';
import { ALL_VERBS } from '../resource-type.js';
import type { KindStrategy } from '../strategy.js';

export const virtualMachines: KindStrategy = {
  resource: {
    group: 'kubevirt.io', version: 'v1', kind: 'VirtualMachine', listKind: 'VirtualMachineList',
    plural: 'virtualmachines', singular: 'virtualmachine', shortNames: ['vm', 'vms'], namespaced: true,
    verbs: ALL_VERBS, categories: ['all'],
    schema: { source: 'kubevirt', definition: 'v1.VirtualMachine' }, crd: true, statusSubresource: true,
  },
  admit: admitVirtualMachine,
  columns: [ageColumn, col('Status', '.status.printableStatus'), readyColumn()],
};
