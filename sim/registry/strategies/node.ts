/** Node (core/v1): the workers VMs are scheduled on (sim/inventory.ts seeds them). */
import { ALL_VERBS } from '../resource-type.js';
import { ageColumn, col } from '../columns.js';
import type { Cell, KindStrategy } from '../strategy.js';
import type { StoredObject } from '../../storage/store.js';

/** `Ready`, `NotReady` or `Unknown` from the Ready condition, `,SchedulingDisabled` when cordoned. */
const status = (o: StoredObject): Cell => {
  const ready = (o.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions?.find((c) => c.type === 'Ready');
  const state = ready?.status === 'True' ? 'Ready' : ready?.status === 'False' ? 'NotReady' : 'Unknown';
  return (o.spec as { unschedulable?: boolean } | undefined)?.unschedulable ? `${state},SchedulingDisabled` : state;
};

const ROLE_PREFIX = 'node-role.kubernetes.io/';

/** The `node-role.kubernetes.io/<role>` labels, comma-separated, or `<none>`. */
const roles = (o: StoredObject): Cell => {
  const found = Object.keys(o.metadata.labels ?? {})
    .filter((key) => key.startsWith(ROLE_PREFIX))
    .map((key) => key.slice(ROLE_PREFIX.length))
    .sort();
  return found.length > 0 ? found.join(',') : '<none>';
};

export const nodes: KindStrategy = {
  resource: {
    group: '', version: 'v1', kind: 'Node', listKind: 'NodeList', plural: 'nodes', singular: 'node', shortNames: ['no'],
    namespaced: false, verbs: ALL_VERBS,
    schema: { source: 'kubernetes', definition: 'io.k8s.api.core.v1.Node' }, crd: false, statusSubresource: true,
  },
  columns: [
    { name: 'Status', type: 'string', cell: status },
    { name: 'Roles', type: 'string', cell: roles },
    ageColumn,
    col('Version', '.status.nodeInfo.kubeletVersion'),
  ],
};
