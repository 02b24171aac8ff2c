/**
 * Objects as earlier `virtwork run`s (or someone else) left them, stored straight into the
 * simulator. Free of vitest, so benchmarks seed with it too.
 */
import { LABEL_MANAGED_BY, LABEL_RUN_ID, LABEL_WORKLOAD, MANAGED_BY } from '../../src/constants.js';
import type { KubeObject, SimCluster } from '../../sim/index.js';

export const NAMESPACE = 'virtwork';

export const managed = (runId: string, workload: string): Record<string, string> => ({
  [LABEL_MANAGED_BY]: MANAGED_BY,
  [LABEL_RUN_ID]: runId,
  [LABEL_WORKLOAD]: workload,
});

/** The namespace as `virtwork run` creates it: labelled, so `--delete-namespace` may remove it. */
export const seedNamespace = (sim: SimCluster, runId: string | undefined, name = NAMESPACE): void => {
  sim.seed({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, ...(runId ? { labels: { [LABEL_MANAGED_BY]: MANAGED_BY, [LABEL_RUN_ID]: runId } } : {}) },
  });
};

export interface SeedOptions {
  readonly vms: number;
  readonly workload?: string;
  /** Each VM gets a blank data DataVolume (owned by the VM) as `virtwork run` makes for disk workloads. */
  readonly dataDisks?: boolean;
  /** A Service for the workload. */
  readonly service?: boolean;
  /** `Halted` keeps large seeds cheap: no VMIs. @default 'Always' */
  readonly runStrategy?: 'Always' | 'Halted';
  readonly namespace?: string;
}

/** What one earlier run left: VMs with their cloud-init Secrets, optionally DataVolumes and a Service. */
export const seedRun = (sim: SimCluster, runId: string, options: SeedOptions): string[] => {
  const workload = options.workload ?? 'cpu';
  const namespace = options.namespace ?? NAMESPACE;
  const labels = managed(runId, workload);
  const names: string[] = [];
  for (let i = 0; i < options.vms; i++) {
    const name = `virtwork-${workload}-${i}`;
    names.push(name);
    sim.seed({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: `${name}-cloudinit`, namespace, labels },
      type: 'Opaque',
      data: { userdata: Buffer.from('#cloud-config\n').toString('base64') },
    });
    sim.seed(vm(name, namespace, labels, options));
  }
  if (options.service) {
    sim.seed({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: `virtwork-${workload}-server`, namespace, labels },
      spec: { selector: { [LABEL_WORKLOAD]: workload }, ports: [{ name: 'tcp', port: 5201 }] },
    });
  }
  return names;
};

const vm = (name: string, namespace: string, labels: Record<string, string>, options: SeedOptions): KubeObject => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachine',
  metadata: { name, namespace, labels },
  spec: {
    runStrategy: options.runStrategy ?? 'Always',
    ...(options.dataDisks
      ? {
          dataVolumeTemplates: [
            {
              metadata: { name: `${name}-data`, labels },
              spec: { source: { blank: {} }, storage: { resources: { requests: { storage: '1Gi' } } } },
            },
          ],
        }
      : {}),
    template: {
      metadata: { labels },
      spec: {
        domain: { devices: { disks: [{ name: 'root', disk: { bus: 'virtio' } }] }, resources: { requests: { memory: '1Gi' } } },
        // Ready only once the guest passes it (the simulator's guests decide, see sim.guest()).
        readinessProbe: { exec: { command: ['systemctl', 'is-active', 'virtwork-cpu.service'] }, periodSeconds: 10 },
        volumes: [
          { name: 'root', containerDisk: { image: 'quay.io/containerdisks/fedora:42' } },
          ...(options.dataDisks ? [{ name: 'data', dataVolume: { name: `${name}-data` } }] : []),
        ],
      },
    },
  },
});

/** Something virtwork did not make: no managed-by label. */
export const seedForeign = (sim: SimCluster, kind: 'Secret' | 'ConfigMap' | 'Service', name: string, namespace = NAMESPACE): void => {
  const metadata = { name, namespace, labels: { app: 'someone-else' } };
  if (kind === 'Secret') sim.seed({ apiVersion: 'v1', kind, metadata, type: 'Opaque', data: {} });
  else if (kind === 'ConfigMap') sim.seed({ apiVersion: 'v1', kind, metadata, data: { a: 'b' } });
  else sim.seed({ apiVersion: 'v1', kind, metadata, spec: { ports: [{ port: 80 }] } });
};

/** Names of the objects of a URL plural in the namespace, optionally label-selected. */
export const names = (sim: SimCluster, plural: string, labelSelector?: string, namespace = NAMESPACE): string[] =>
  sim.list(plural, namespace, labelSelector).map((o) => o.metadata.name).sort();

/**
 * What a run of the Go implementation of virtwork leaves: its labels (recommended labels, run id,
 * `virtwork/role` on pairs, no `virtwork/workload`), its names (`virtwork-<workload>-<role>-<index>`
 * for pairs), cloud-init Secrets, the iperf3 Service, and a disk VM whose DataVolume carries no labels.
 */
export const seedGoRun = (sim: SimCluster, runId: string, namespace = NAMESPACE): void => {
  const goLabels = (workload: string, role?: string): Record<string, string> => ({
    'app.kubernetes.io/name': `virtwork-${workload}`,
    [LABEL_MANAGED_BY]: MANAGED_BY,
    'app.kubernetes.io/component': workload,
    [LABEL_RUN_ID]: runId,
    ...(role !== undefined && { 'virtwork/role': role }),
  });
  const goVm = (name: string, labels: Record<string, string>, dataVolume?: string): KubeObject => ({
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: { name, namespace, labels },
    spec: {
      runStrategy: 'Always',
      ...(dataVolume !== undefined && {
        dataVolumeTemplates: [
          { metadata: { name: dataVolume }, spec: { source: { blank: {} }, storage: { resources: { requests: { storage: '1Gi' } } } } },
        ],
      }),
      template: {
        metadata: { labels },
        spec: {
          domain: { devices: { disks: [{ name: 'root', disk: { bus: 'virtio' } }] }, resources: { requests: { memory: '1Gi' } } },
          volumes: [
            { name: 'root', containerDisk: { image: 'quay.io/containerdisks/fedora:41' } },
            ...(dataVolume !== undefined ? [{ name: 'data', dataVolume: { name: dataVolume } }] : []),
          ],
        },
      },
    },
  });
  const vms = [
    { name: 'virtwork-network-server-0', labels: goLabels('network', 'server') },
    { name: 'virtwork-network-client-0', labels: goLabels('network', 'client') },
    { name: 'virtwork-disk-0', labels: goLabels('disk'), dataVolume: 'data-virtwork-disk-0' },
  ];
  for (const { name, labels, dataVolume } of vms) {
    sim.seed({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: `${name}-cloudinit`, namespace, labels },
      type: 'Opaque',
      data: { userdata: Buffer.from('#cloud-config\n').toString('base64') },
    });
    sim.seed(goVm(name, labels, dataVolume));
  }
  sim.seed({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'virtwork-iperf3-server', namespace, labels: goLabels('network') },
    spec: { selector: { 'virtwork/role': 'server' }, ports: [{ name: 'iperf3', port: 5201 }] },
  });
};
