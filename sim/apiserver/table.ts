/**
 * Server-side printing: kubectl asks for `application/json;as=Table;g=meta.k8s.io` and prints
 * the columns the server chooses. Custom resources use their CRDs' additionalPrinterColumns
 * (KubeVirt's and CDI's); core kinds the columns of the Kubernetes printers.
 */
import type { ResourceType } from '../registry/resources.js';
import type { StoredObject } from '../storage/store.js';

export const wantsTable = (accept: string): boolean => /as=Table/.test(accept) && /g=meta\.k8s\.io/.test(accept);

/** k8s.io/apimachinery/pkg/util/duration.HumanDuration. */
export const humanDuration = (ms: number): string => {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${hours / 24}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 365 * 8) return days % 365 === 0 ? `${Math.floor(days / 365)}y` : `${Math.floor(days / 365)}y${days % 365}d`;
  return `${Math.floor(days / 365)}y`;
};

type Cell = string | number | boolean | null;

interface Column {
  name: string;
  type: 'string' | 'integer' | 'date' | 'boolean';
  priority?: number;
  description?: string;
  cell: (o: StoredObject) => Cell;
}

const age = (o: StoredObject): Cell => humanDuration(Date.now() - Date.parse(o.metadata.creationTimestamp));

/** Reads a dotted path; `[type=Ready]` picks a condition's status. */
const at = (o: unknown, path: string): Cell => {
  let node: unknown = o;
  for (const part of path.split('.')) {
    if (node === null || node === undefined) return null;
    const cond = /^conditions\[type=(\w+)\]$/.exec(part);
    if (cond) {
      const list = (node as { conditions?: { type: string; status: string }[] }).conditions ?? [];
      node = list.find((c) => c.type === cond[1]);
      continue;
    }
    const index = /^(\w+)\[(\d+)\]$/.exec(part);
    node = index ? (node as Record<string, unknown[] | undefined>)[index[1]!]?.[Number(index[2])] : (node as Record<string, unknown>)[part];
  }
  return node === undefined || typeof node === 'object' ? null : (node as Cell);
};

const col = (name: string, path: string, type: Column['type'] = 'string', priority = 0): Column => ({
  name,
  type,
  priority,
  cell: (o) => at(o, path),
});

const ageColumn: Column = { name: 'Age', type: 'date', cell: age };

const servicePorts = (o: StoredObject): Cell => {
  const ports = (o.spec as { ports?: { port: number; protocol?: string; nodePort?: number }[] } | undefined)?.ports ?? [];
  return ports.length === 0 ? '<none>' : ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',');
};

/** `Ready`, `NotReady` or `Unknown` from the Ready condition, `,SchedulingDisabled` when cordoned. */
const nodeStatus = (o: StoredObject): Cell => {
  const ready = (o.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions?.find((c) => c.type === 'Ready');
  const state = ready?.status === 'True' ? 'Ready' : ready?.status === 'False' ? 'NotReady' : 'Unknown';
  return (o.spec as { unschedulable?: boolean } | undefined)?.unschedulable ? `${state},SchedulingDisabled` : state;
};

/** The `node-role.kubernetes.io/<role>` labels, comma-separated, or `<none>`. */
const nodeRoles = (o: StoredObject): Cell => {
  const roles = Object.keys(o.metadata.labels ?? {})
    .filter((key) => key.startsWith('node-role.kubernetes.io/'))
    .map((key) => key.slice('node-role.kubernetes.io/'.length))
    .sort();
  return roles.length > 0 ? roles.join(',') : '<none>';
};

const COLUMNS: Record<string, Column[]> = {
  VirtualMachine: [ageColumn, col('Status', 'status.printableStatus'), col('Ready', 'status.conditions[type=Ready].status')],
  VirtualMachineInstance: [
    ageColumn,
    col('Phase', 'status.phase'),
    col('IP', 'status.interfaces[0].ipAddress'),
    col('NodeName', 'status.nodeName'),
    col('Ready', 'status.conditions[type=Ready].status'),
    col('Live-Migratable', 'status.conditions[type=LiveMigratable].status', 'string', 1),
    col('Paused', 'status.conditions[type=Paused].status', 'string', 1),
  ],
  DataVolume: [col('Phase', 'status.phase'), col('Progress', 'status.progress'), col('Restarts', 'status.restartCount', 'integer'), ageColumn],
  Namespace: [col('Status', 'status.phase'), ageColumn],
  Service: [
    col('Type', 'spec.type'),
    col('Cluster-IP', 'spec.clusterIP'),
    { name: 'External-IP', type: 'string', cell: () => '<none>' },
    { name: 'Port(s)', type: 'string', cell: servicePorts },
    ageColumn,
  ],
  Secret: [
    col('Type', 'type'),
    { name: 'Data', type: 'integer', cell: (o) => Object.keys((o.data as object | undefined) ?? {}).length },
    ageColumn,
  ],
  ConfigMap: [{ name: 'Data', type: 'integer', cell: (o) => Object.keys((o.data as object | undefined) ?? {}).length }, ageColumn],
  PersistentVolumeClaim: [
    col('Status', 'status.phase'),
    col('Volume', 'spec.volumeName'),
    col('Capacity', 'status.capacity.storage'),
    { name: 'Access Modes', type: 'string', cell: (o) => ((o.status as { accessModes?: string[] } | undefined)?.accessModes ?? []).map((m) => m.replace('ReadWriteOnce', 'RWO').replace('ReadWriteMany', 'RWX').replace('ReadOnlyMany', 'ROX')).join(',') },
    col('StorageClass', 'spec.storageClassName'),
    ageColumn,
  ],
  Event: [col('Type', 'type'), col('Reason', 'reason'), col('Message', 'message'), ageColumn],
  KubeVirt: [ageColumn, col('Phase', 'status.phase')],
  CDI: [ageColumn, col('Phase', 'status.phase')],
  Node: [
    { name: 'Status', type: 'string', cell: nodeStatus },
    { name: 'Roles', type: 'string', cell: nodeRoles },
    ageColumn,
    col('Version', 'status.nodeInfo.kubeletVersion'),
  ],
  StorageClass: [
    col('Provisioner', 'provisioner'),
    col('ReclaimPolicy', 'reclaimPolicy'),
    col('VolumeBindingMode', 'volumeBindingMode'),
    { name: 'AllowVolumeExpansion', type: 'string', cell: (o) => String((o as { allowVolumeExpansion?: boolean }).allowVolumeExpansion ?? false) },
    ageColumn,
  ],
};

/** The Name cell: kubectl marks the default StorageClass in it, as `standard (default)`. */
const nameCell = (r: ResourceType, o: StoredObject): Cell =>
  r.kind === 'StorageClass' && o.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true'
    ? `${o.metadata.name} (default)`
    : o.metadata.name;

/** A meta.k8s.io/v1 Table of the objects, rows carrying PartialObjectMetadata. */
export const toTable = (r: ResourceType, objects: readonly StoredObject[], listMeta: Record<string, unknown> | undefined): unknown => {
  const columns = [{ name: 'Name', type: 'string', cell: (o: StoredObject) => nameCell(r, o) } as Column, ...(COLUMNS[r.kind] ?? [ageColumn])];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta ?? { resourceVersion: objects[0]?.metadata.resourceVersion ?? '' },
    columnDefinitions: columns.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.name === 'Name' ? 'name' : '',
      description: c.description ?? '',
      priority: c.priority ?? 0,
    })),
    rows: objects.map((o) => ({
      cells: columns.map((c) => c.cell(o)),
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
    })),
  };
};
