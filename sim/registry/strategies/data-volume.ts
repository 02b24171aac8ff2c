/** DataVolume (cdi.kubevirt.io/v1beta1): CDI's validating webhook and printer columns. */
import { admitDataVolume } from '../../admission/data-volume.js';
import { ageColumn } from '../columns.js';
import { ALL_VERBS } from '../resource-type.js';
import type { KindStrategy } from '../strategy.js';

export const dataVolumes: KindStrategy = {
  resource: {
    group: 'cdi.kubevirt.io', version: 'v1beta1', kind: 'DataVolume', listKind: 'DataVolumeList',
    plural: 'datavolumes', singular: 'datavolume', shortNames: ['dv', 'dvs'], namespaced: true,
    verbs: ALL_VERBS,
    categories: ['all'], schema: { source: 'cdi', definition: 'v1beta1.DataVolume' }, crd: true, statusSubresource: true,
  },
  admit: admitDataVolume,
  columns: [
    { name: 'Phase', type: 'string', jsonPath: '.status.phase', description: 'The phase the data volume is in' },
    { name: 'Progress', type: 'string', jsonPath: '.status.progress', description: 'Transfer progress in percentage if known, N/A otherwise' },
    { name: 'Restarts', type: 'integer', jsonPath: '.status.restartCount', description: 'The number of times the transfer has been restarted.' },
    ageColumn,
  ],
};
