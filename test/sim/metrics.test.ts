import { describe, expect, test } from 'vitest';
import { FaultSet } from '../../sim/faults.js';
import { renderExposition, vmiLabelName } from '../../sim/metrics/exposition.js';
import { VmiMetricsExporter } from '../../sim/metrics/vmi-exporter.js';
import { createRandom } from '../../sim/random.js';
import { resourceOfKind } from '../../sim/registry/index.js';
import { Store } from '../../sim/storage/store.js';
import { simTest } from './fixtures.js';

const VMIS = resourceOfKind('VirtualMachineInstance');
const SECRETS = resourceOfKind('Secret');
const DATA_VOLUMES = resourceOfKind('DataVolume');

/** One sample's value from an exposition, by metric name and a subset of its labels. */
const sampleValue = (text: string, name: string, labels: Record<string, string>): number | undefined => {
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+)\{(.*)\} (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = new Map([...m[2]!.matchAll(/([a-zA-Z_]+)="((?:[^"\\]|\\.)*)"/g)].map((x): [string, string] => [x[1]!, x[2]!]));
    if (Object.entries(labels).every(([k, v]) => have.get(k) === v)) return Number(m[3]);
  }
  return undefined;
};

interface VmiInput {
  name: string;
  workload: string;
  role?: string;
  userData?: string;
  phase?: string;
  dataDisk?: boolean;
  agent?: boolean;
}

const seedVmi = (store: Store, input: VmiInput): void => {
  const ns = 'virtwork';
  store.create(SECRETS, { apiVersion: 'v1', kind: 'Secret', metadata: { name: `${input.name}-cloudinit`, namespace: ns }, data: { userdata: Buffer.from(input.userData ?? '').toString('base64') } });
  if (input.dataDisk) {
    store.create(DATA_VOLUMES, {
      apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', metadata: { name: `${input.name}-data`, namespace: ns },
      spec: { storage: { resources: { requests: { storage: '10Gi' } } }, source: { blank: {} } },
    });
  }
  store.create(VMIS, {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: {
      name: input.name,
      namespace: ns,
      labels: { 'virtwork/run-id': 'r1', 'virtwork/workload': input.workload, ...(input.role ? { 'virtwork/role': input.role } : {}), 'kubevirt.io/nodeName': 'sim-worker-1' },
    },
    spec: {
      domain: {
        cpu: { cores: 2 },
        memory: { guest: '2Gi' },
        devices: { disks: [{ name: 'containerdisk' }, { name: 'cloudinitdisk' }, ...(input.dataDisk ? [{ name: 'data' }] : [])], interfaces: [{ name: 'default' }] },
      },
      volumes: [
        { name: 'containerdisk', containerDisk: { image: 'x' } },
        { name: 'cloudinitdisk', cloudInitNoCloud: { secretRef: { name: `${input.name}-cloudinit` } } },
        ...(input.dataDisk ? [{ name: 'data', dataVolume: { name: `${input.name}-data` } }] : []),
      ],
    },
    status: {
      phase: input.phase ?? 'Running',
      nodeName: 'sim-worker-1',
      conditions: input.agent === false ? [] : [{ type: 'AgentConnected', status: 'True' }],
      volumeStatus: [{ name: 'containerdisk', target: 'vda' }, { name: 'cloudinitdisk', target: 'vdb' }, { name: 'data', target: 'vdc' }],
    },
  });
};

const exporterWith = (vmis: VmiInput[]): { exporter: VmiMetricsExporter; faults: FaultSet } => {
  const store = new Store();
  for (const vmi of vmis) seedVmi(store, vmi);
  const faults = new FaultSet(createRandom(1));
  return { exporter: new VmiMetricsExporter(store, faults), faults };
};

const T0 = 1_700_000_000_000;

describe('the exposition format', () => {
  test('escapes label values and writes HELP and TYPE once per family, leaving empty families out', () => {
    const text = renderExposition([
      { name: 'a_total', help: 'line\\one', type: 'counter', samples: [{ labels: { x: 'q"\\\n' }, value: 1.5 }, { labels: {}, value: 2 }] },
      { name: 'b', help: 'none', type: 'gauge', samples: [] },
    ]);
    expect(text).toBe('# HELP a_total line\\\\one\n# TYPE a_total counter\na_total{x="q\\"\\\\\\n"} 1.5\na_total 2\n');
  });

  test('a VMI label becomes kubernetes_vmi_label_<key> with every character outside [a-zA-Z0-9_] as _', () => {
    expect(vmiLabelName('virtwork/run-id')).toBe('kubernetes_vmi_label_virtwork_run_id');
    expect(vmiLabelName('app.kubernetes.io/managed-by')).toBe('kubernetes_vmi_label_app_kubernetes_io_managed_by');
  });
});

describe('the simulated virt-handler metrics', () => {
  test('a cpu VM at 30 % moves each of its two vCPUs at 0.3 s/s, with KubeVirt labels', () => {
    const { exporter } = exporterWith([{ name: 'virtwork-cpu-0', workload: 'cpu', userData: 'ExecStart=stress-ng --cpu 0 --cpu-load 30 --cpu-method all' }]);
    exporter.scrape(T0);
    const text = exporter.scrape(T0 + 10_000);
    const labels = { name: 'virtwork-cpu-0', namespace: 'virtwork', node: 'sim-worker-1', kubernetes_vmi_label_virtwork_run_id: 'r1', kubernetes_vmi_label_virtwork_workload: 'cpu', state: 'running' };
    expect(sampleValue(text, 'kubevirt_vmi_vcpu_seconds_total', { ...labels, id: '0' })).toBeCloseTo(3, 6);
    expect(sampleValue(text, 'kubevirt_vmi_vcpu_seconds_total', { ...labels, id: '1' })).toBeCloseTo(3, 6);
    expect(text).toContain('# TYPE kubevirt_vmi_vcpu_seconds_total counter');
  });

  test('a memory VM uses the share its stress-ng --vm-bytes asks for: available minus usable', () => {
    const { exporter } = exporterWith([{ name: 'virtwork-memory-0', workload: 'memory', userData: 'stress-ng --vm 1 --vm-bytes 60% --vm-method all' }]);
    const text = exporter.scrape(T0);
    const available = sampleValue(text, 'kubevirt_vmi_memory_available_bytes', { name: 'virtwork-memory-0' })!;
    const usable = sampleValue(text, 'kubevirt_vmi_memory_usable_bytes', { name: 'virtwork-memory-0' })!;
    expect(available).toBe(2 * 2 ** 30);
    expect((available - usable) / available).toBeCloseTo(0.6, 3);
  });

  test('a disk VM moves its data drive and a network pair moves bytes both ways on both ends', () => {
    const { exporter } = exporterWith([
      { name: 'virtwork-disk-0', workload: 'disk', dataDisk: true },
      { name: 'virtwork-network-0-server', workload: 'network', role: 'server' },
      { name: 'virtwork-network-0-client', workload: 'network', role: 'client' },
    ]);
    exporter.scrape(T0);
    const text = exporter.scrape(T0 + 1000);
    expect(sampleValue(text, 'kubevirt_vmi_storage_iops_write_total', { name: 'virtwork-disk-0', drive: 'data' })).toBeGreaterThan(100);
    expect(sampleValue(text, 'kubevirt_vmi_storage_write_traffic_bytes_total', { name: 'virtwork-disk-0', drive: 'data' })).toBeGreaterThan(1e6);
    expect(sampleValue(text, 'kubevirt_vmi_storage_iops_write_total', { name: 'virtwork-disk-0', drive: 'cloudinitdisk' })).toBe(0);
    for (const end of ['server', 'client']) {
      for (const dir of ['receive', 'transmit']) {
        expect(sampleValue(text, `kubevirt_vmi_network_${dir}_bytes_total`, { name: `virtwork-network-0-${end}`, interface: 'default' })).toBeGreaterThan(1e8);
      }
    }
  });

  test('a chaos-disk VM fills and empties its data filesystem; others keep it level', () => {
    const { exporter } = exporterWith([
      { name: 'virtwork-chaos-disk-0', workload: 'chaos-disk', dataDisk: true },
      { name: 'virtwork-disk-0', workload: 'disk', dataDisk: true },
    ]);
    const used = (name: string): number[] =>
      Array.from({ length: 13 }, (_, s) => sampleValue(exporter.scrape(T0 + s * 1000), 'kubevirt_vmi_filesystem_used_bytes', { name, mount_point: '/mnt/data', disk_name: 'vdc' })!);
    const chaos = used('virtwork-chaos-disk-0');
    expect(Math.max(...chaos) - Math.min(...chaos)).toBeGreaterThan(5 * 2 ** 30);
    const steady = used('virtwork-disk-0');
    expect(new Set(steady).size).toBe(1);
  });

  test('a VMI that is not Running has no series, and one without a guest agent has no filesystems', () => {
    const { exporter } = exporterWith([
      { name: 'virtwork-cpu-0', workload: 'cpu', phase: 'Failed' },
      { name: 'virtwork-cpu-1', workload: 'cpu', agent: false },
    ]);
    const text = exporter.scrape(T0);
    expect(text).not.toContain('name="virtwork-cpu-0"');
    expect(sampleValue(text, 'kubevirt_vmi_cpu_usage_seconds_total', { name: 'virtwork-cpu-1' })).toBe(0);
    expect(text).not.toContain('kubevirt_vmi_filesystem_used_bytes');
  });

  test('a stalledLoad fault freezes every counter of that VM and no other', () => {
    const { exporter, faults } = exporterWith([
      { name: 'virtwork-cpu-0', workload: 'cpu' },
      { name: 'virtwork-cpu-1', workload: 'cpu' },
    ]);
    exporter.scrape(T0);
    faults.add({ kind: 'vm', name: 'virtwork-cpu-0', behaviour: 'stalledLoad' });
    const before = exporter.scrape(T0 + 1000);
    const after = exporter.scrape(T0 + 11_000);
    const cpu = (text: string, name: string): number => sampleValue(text, 'kubevirt_vmi_cpu_usage_seconds_total', { name })!;
    expect(cpu(after, 'virtwork-cpu-0')).toBe(cpu(before, 'virtwork-cpu-0'));
    expect(cpu(after, 'virtwork-cpu-1') - cpu(before, 'virtwork-cpu-1')).toBeGreaterThan(19);
  });
});

simTest()('GET /metrics answers the text format without a token, as a scrape target', async ({ sim }) => {
  const res = await fetch(`${sim.url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  expect(await res.text()).toBe('');
});
