/**
 * KubeVirt's and CDI's validating webhooks as the simulator runs them: each rule sends the bad
 * object through the real HTTP API and checks the denial's webhook, field and message (texts
 * from KubeVirt's admitters and CDI's datavolume-validate.go); a refused DataVolume template
 * shows on the VM's status and events; every object the CLI generates is admitted.
 */
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { beforeAll, describe, expect } from 'vitest';
import type { SimCluster } from '../../sim/index.js';
import type { Manifest } from '../cli/support/manifests.js';
import { BUILD_TIMEOUT_MS, ensureBuilt, runCli } from '../cli/support/run-cli.js';
import { schemasMissing, simTest } from './fixtures.js';
import { clients, DV_API, rejection, VM_API, VMI_API, vmManifest } from './helpers.js';

const ns = 'virtwork';
const test = simTest({ namespaces: [ns] });

const VM_WEBHOOK = 'virtualmachine-validator.kubevirt.io';
const VMI_CREATE_WEBHOOK = 'virtualmachineinstances-create-validator.kubevirt.io';
const VMI_UPDATE_WEBHOOK = 'virtualmachineinstances-update-validator.kubevirt.io';
const DV_WEBHOOK = 'datavolume-validate.cdi.kubevirt.io';

type Vm = ReturnType<typeof vmManifest>;
type Json = Record<string, unknown>;
interface Denial {
  code: number;
  message: string;
  reason?: string;
  causes: { reason?: string; message?: string; field?: string }[];
}

/** A VM with a DataVolume disk, a cloud-init Secret volume and an exec probe: every rule's starting point. */
const baseVm = (): Vm => structuredClone(vmManifest('vm-a', { dataVolume: true, readinessProbe: true }));
const templateSpec = (vm: Vm): Json => vm.spec.template.spec;
const devices = (vm: Vm): Json => (templateSpec(vm).domain as Json).devices as Json;

const denial = async (call: Promise<unknown>): Promise<Denial> => {
  const r = await rejection(call);
  const body = r.body as { message: string; reason?: string; details?: { causes?: Denial['causes'] } };
  return { code: r.code, message: body.message, ...(body.reason !== undefined && { reason: body.reason }), causes: body.details?.causes ?? [] };
};

const createVm = (sim: SimCluster, body: object) =>
  clients(sim.kubeConfig()).custom.createNamespacedCustomObject({ ...VM_API, namespace: ns, body, fieldValidation: 'Strict' });
const createVmi = (sim: SimCluster, body: object) =>
  clients(sim.kubeConfig()).custom.createNamespacedCustomObject({ ...VMI_API, namespace: ns, body, fieldValidation: 'Strict' });

/** One rule: how to break the VM, and the one cause KubeVirt answers with. */
interface VmRule {
  readonly rule: string;
  readonly mutate: (vm: Vm) => void;
  readonly field: string;
  readonly message: string;
  readonly reason?: string;
}

const T = 'spec.template.spec';
const DISKS = `${T}.domain.devices.disks`;

const VM_RULES: readonly VmRule[] = [
  {
    rule: 'running and runStrategy together',
    mutate: (vm) => Object.assign(vm.spec, { running: true }),
    field: 'spec.running',
    message: 'Running and RunStrategy are mutually exclusive. Note that Running is deprecated, please use RunStrategy instead',
  },
  {
    rule: 'neither running nor runStrategy',
    mutate: (vm) => delete (vm.spec as Partial<Vm['spec']>).runStrategy,
    field: 'spec.running',
    message: 'RunStrategy must be specified',
  },
  {
    rule: 'runStrategy WaitAsReceiver without its feature gate',
    mutate: (vm) => Object.assign(vm.spec, { runStrategy: 'WaitAsReceiver' }),
    field: 'spec.runStrategy',
    message: 'Invalid RunStrategy (WaitAsReceiver), DecentralizedLiveMigration feature gate is not enabled in kubevirt resource',
  },
  {
    rule: 'a disk without a volume',
    mutate: (vm) => (devices(vm).disks as Json[]).push({ name: 'orphan', disk: { bus: 'virtio' } }),
    field: `${DISKS}[2].name`,
    message: `${DISKS}[2].Name 'orphan' not found.`,
  },
  {
    rule: 'two disks of one name',
    mutate: (vm) => (devices(vm).disks as Json[]).push({ name: 'root', disk: { bus: 'virtio' } }),
    field: `${DISKS}[2].name`,
    message: `${DISKS}[2] and ${DISKS}[0] must not have the same Name.`,
  },
  {
    rule: 'a disk name that is no DNS-1123 label',
    mutate: (vm) => {
      (devices(vm).disks as Json[])[0]!.name = 'Root_Disk';
      (templateSpec(vm).volumes as Json[])[0]!.name = 'Root_Disk';
    },
    // KubeVirt appends domain.devices.disks to a path that already ends in it.
    field: `${DISKS}.domain.devices.disks[0].name`,
    message:
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
  },
  {
    rule: 'a disk serial with a space',
    mutate: (vm) => Object.assign((devices(vm).disks as Json[])[1]!, { serial: 'data disk' }),
    field: `${DISKS}[1].serial`,
    message: `${DISKS}[1] must be made up of the following characters [A-Za-z0-9_.+-], if specified`,
  },
  {
    rule: 'a disk serial of 257 characters',
    mutate: (vm) => Object.assign((devices(vm).disks as Json[])[1]!, { serial: 's'.repeat(257) }),
    field: `${DISKS}[1].serial`,
    message: `${DISKS}[1] must be less than or equal to 256 in length, if specified`,
  },
  {
    rule: 'cloudInitNoCloud without any data source',
    mutate: (vm) => addCloudInit(vm, {}),
    field: `${T}.volumes[2].cloudInitNoCloud`,
    message: `${T}.volumes[2].cloudInitNoCloud must have at least one userdatasource or one networkdatasource set.`,
  },
  {
    rule: 'cloudInitNoCloud with two user data sources',
    mutate: (vm) => addCloudInit(vm, { secretRef: { name: 'vm-a-cloudinit' }, userData: '#cloud-config\n' }),
    field: `${T}.volumes[2].cloudInitNoCloud`,
    message: `${T}.volumes[2].cloudInitNoCloud must have only one userdatasource set.`,
  },
  {
    rule: 'cloudInitNoCloud with two network data sources',
    mutate: (vm) => addCloudInit(vm, { secretRef: { name: 's' }, networkData: 'version: 2\n', networkDataSecretRef: { name: 'n' } }),
    field: `${T}.volumes[2].cloudInitNoCloud`,
    message: `${T}.volumes[2].cloudInitNoCloud must have only one networkdata source set.`,
  },
  {
    rule: 'inline network data over 2048 bytes',
    mutate: (vm) => addCloudInit(vm, { secretRef: { name: 's' }, networkData: 'x'.repeat(2049) }),
    field: `${T}.volumes[2].cloudInitNoCloud`,
    message: `${T}.volumes[2].cloudInitNoCloud networkdata exceeds 2048 byte limit. Should use NetworkDataSecretRef for larger data.`,
  },
  {
    rule: 'base64 user data over 2048 bytes once decoded',
    mutate: (vm) => addCloudInit(vm, { userDataBase64: Buffer.alloc(2049, 120).toString('base64') }),
    field: `${T}.volumes[2].cloudInitNoCloud`,
    message: `${T}.volumes[2].cloudInitNoCloud userdata exceeds 2048 byte limit. Should use UserDataSecretRef for larger data.`,
  },
  {
    rule: 'a readiness probe with two handlers',
    mutate: (vm) => Object.assign(templateSpec(vm).readinessProbe as Json, { httpGet: { port: 8099, path: '/readyz' } }),
    field: `${T}.readinessProbe`,
    message: `${T}.readinessProbe must have exactly one probe type set`,
  },
  {
    rule: 'a liveness probe without a handler',
    mutate: (vm) => Object.assign(templateSpec(vm), { livenessProbe: { periodSeconds: 10 } }),
    field: `${T}.livenessProbe`,
    reason: 'FieldValueRequired',
    message: `either ${T}.livenessProbe.tcpSocket, ${T}.livenessProbe.exec or ${T}.livenessProbe.httpGet must be set if a ${T}.livenessProbe is specified`,
  },
  {
    rule: 'masquerade on a Multus network',
    mutate: (vm) => Object.assign(templateSpec(vm), { networks: [{ name: 'default', multus: { networkName: 'vlan10' } }] }),
    field: `${T}.domain.devices.interfaces[0].name`,
    message: 'Masquerade interface only implemented with pod network',
  },
  {
    rule: 'an httpGet probe without the pod network',
    mutate: (vm) => {
      withoutPodNetwork(vm);
      templateSpec(vm).readinessProbe = { httpGet: { port: 8099, path: '/readyz' } };
    },
    field: `${T}.readinessProbe.httpGet`,
    message: `${T}.readinessProbe.httpGet is only allowed if the Pod Network is attached`,
  },
  {
    rule: 'a tcpSocket probe without the pod network',
    mutate: (vm) => {
      withoutPodNetwork(vm);
      templateSpec(vm).readinessProbe = { tcpSocket: { port: 8099 } };
    },
    field: `${T}.readinessProbe.tcpSocket`,
    message: `${T}.readinessProbe.tcpSocket is only allowed if the Pod Network is attached`,
  },
  ...['created-by', 'migrationJobUID', 'nodeName', 'migrationTargetNodeName', 'schedulable', 'install-strategy'].map(
    (key): VmRule => ({
      rule: `the reserved label kubevirt.io/${key} on the template`,
      mutate: (vm) => Object.assign(vm.spec.template.metadata.labels, { [`kubevirt.io/${key}`]: 'x' }),
      field: 'spec.template.metadata.labels',
      reason: 'FieldValueNotSupported',
      message: 'creation of the following reserved kubevirt.io/ labels on a VMI object is prohibited',
    }),
  ),
  {
    rule: 'a dataVolumeTemplate without a name',
    mutate: (vm) => delete dvTemplate(vm).metadata,
    field: 'spec.dataVolumeTemplate[0].name',
    reason: 'FieldValueRequired',
    message: "'name' field must not be empty for DataVolumeTemplate entry spec.dataVolumeTemplate[0].name.",
  },
  {
    rule: 'a dataVolumeTemplate no volume uses',
    mutate: (vm) => ((templateSpec(vm).volumes as Json[])[1] = { name: 'data', emptyDisk: { capacity: '1Gi' } }),
    field: 'spec.dataVolumeTemplate[0]',
    reason: 'FieldValueRequired',
    message: "DataVolumeTemplate entry spec.dataVolumeTemplate[0] must be referenced in the VMI template's 'volumes' list",
  },
  {
    rule: 'a dataVolumeTemplate with neither pvc nor storage',
    mutate: (vm) => delete dvTemplate(vm).spec.storage,
    field: 'spec.dataVolumeTemplate[0].PVC.Storage',
    message: 'Missing Data volume PVC or Storage',
  },
  {
    rule: 'a dataVolumeTemplate with both pvc and storage',
    mutate: (vm) => Object.assign(dvTemplate(vm).spec, { pvc: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }),
    field: 'spec.dataVolumeTemplate[0].PVC.Storage',
    message: 'Duplicate storage definition, both target storage and target pvc defined',
  },
  {
    rule: 'a dataVolumeTemplate without a source',
    mutate: (vm) => delete dvTemplate(vm).spec.source,
    field: 'spec.dataVolumeTemplate[0].source.sourceRef',
    message: 'Data volume should have either Source, SourceRef, or be externally populated',
  },
  {
    rule: 'a dataVolumeTemplate with an empty source',
    mutate: (vm) => (dvTemplate(vm).spec.source = {}),
    field: 'spec.dataVolumeTemplate[0].source',
    message: 'Missing dataVolume valid source',
  },
];

interface DvTemplate {
  metadata?: Json;
  spec: { source?: Json; storage?: Json; pvc?: Json };
}
const dvTemplate = (vm: Vm): DvTemplate => (vm.spec as unknown as { dataVolumeTemplates: DvTemplate[] }).dataVolumeTemplates[0]!;

const addCloudInit = (vm: Vm, source: Json): void => {
  (devices(vm).disks as Json[]).push({ name: 'cloudinitdisk', disk: { bus: 'virtio' } });
  (templateSpec(vm).volumes as Json[]).push({ name: 'cloudinitdisk', cloudInitNoCloud: source });
};

/** A bridge on a Multus network, the way VMs on a secondary network only are built. */
const withoutPodNetwork = (vm: Vm): void => {
  devices(vm).interfaces = [{ name: 'vlan', bridge: {} }];
  templateSpec(vm).networks = [{ name: 'vlan', multus: { networkName: 'vlan10' } }];
};

describe.skipIf(schemasMissing)('KubeVirt VirtualMachine webhook', () => {
  test.for(VM_RULES)('denies $rule', async ({ mutate, field, message, reason }, { sim }) => {
    const vm = baseVm();
    mutate(vm);
    const d = await denial(createVm(sim, vm));
    expect(d).toEqual({
      code: 422,
      reason: 'Invalid',
      message: `admission webhook "${VM_WEBHOOK}" denied the request: ${message}`,
      causes: [{ reason: reason ?? 'FieldValueInvalid', message, field }],
    });
    expect(sim.get('virtualmachines', ns, 'vm-a')).toBeUndefined();
  });

  test('the starting point of every rule is admitted, as are other kubevirt.io/ labels', async ({ sim }) => {
    const vm = baseVm();
    Object.assign(vm.spec.template.metadata.labels, { 'kubevirt.io/domain': 'vm-a', 'kubevirt.io/size': 'small' });
    addCloudInit(vm, { secretRef: { name: 'vm-a-cloudinit' } });
    await expect(createVm(sim, vm)).resolves.toMatchObject({ metadata: { name: 'vm-a' } });
  });

  test('without interfaces and networks KubeVirt attaches the pod network, so an httpGet probe is admitted', async ({ sim }) => {
    const vm = baseVm();
    delete devices(vm).interfaces;
    delete templateSpec(vm).networks;
    templateSpec(vm).readinessProbe = { httpGet: { port: 8099, path: '/readyz' } };
    await expect(createVm(sim, vm)).resolves.toMatchObject({ metadata: { name: 'vm-a' } });
  });

  test('all causes are listed, the eleventh onwards summed up as KubeVirt does', async ({ sim }) => {
    const vm = baseVm();
    for (let i = 0; i < 12; i++) (devices(vm).disks as Json[]).push({ name: `orphan-${i}`, disk: { bus: 'virtio' } });
    const d = await denial(createVm(sim, vm));
    expect(d.causes).toHaveLength(10);
    expect(d.message).toMatch(/disks\[11\]\.Name 'orphan-9' not found\., and 2 more validation errors$/);
  });

  test('an update is checked too, and a VM being deleted is let through', async ({ sim }) => {
    const { custom } = clients(sim.kubeConfig());
    await createVm(sim, { ...baseVm(), spec: { ...baseVm().spec, runStrategy: 'Halted' } });
    const live = (await custom.getNamespacedCustomObject({ ...VM_API, namespace: ns, name: 'vm-a' })) as Vm;
    (live.spec.template.spec.domain.devices.disks as Json[]).push({ name: 'orphan', disk: {} });
    const d = await denial(custom.replaceNamespacedCustomObject({ ...VM_API, namespace: ns, name: 'vm-a', body: live }));
    expect(d.message).toBe(`admission webhook "${VM_WEBHOOK}" denied the request: ${DISKS}[2].Name 'orphan' not found.`);
  });
});

describe.skipIf(schemasMissing)('KubeVirt VirtualMachineInstance webhooks', () => {
  const vmiOf = (vm: Vm, labels: Record<string, string> = { app: 'vmi-a' }) => ({
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name: 'vmi-a', labels },
    spec: vm.spec.template.spec,
  });

  test('creation denies a volume no disk uses (a VM template may have one)', async ({ sim }) => {
    const vm = vmManifest('vmi-a');
    (vm.spec.template.spec.volumes as Json[]).push({ name: 'extra', emptyDisk: { capacity: '1Gi' } });
    const field = 'spec.domain.volumes[1].name';
    const message = `${field} 'extra' not found.`;
    expect(await denial(createVmi(sim, vmiOf(vm)))).toEqual({
      code: 422,
      reason: 'Invalid',
      message: `admission webhook "${VMI_CREATE_WEBHOOK}" denied the request: ${message}`,
      causes: [{ reason: 'FieldValueInvalid', message, field }],
    });
    await expect(createVm(sim, { ...vm, metadata: { ...vm.metadata, name: 'vm-extra' } })).resolves.toMatchObject({
      kind: 'VirtualMachine',
      metadata: { name: 'vm-extra', namespace: ns },
    });
  });

  test('creation denies a disk without a volume and a reserved label, with VMI field paths', async ({ sim }) => {
    const vm = vmManifest('vmi-a');
    (vm.spec.template.spec.domain.devices.disks as Json[]).push({ name: 'orphan', disk: {} });
    const d = await denial(createVmi(sim, vmiOf(vm, { 'kubevirt.io/nodeName': 'node-1' })));
    expect(d.causes).toEqual([
      { reason: 'FieldValueInvalid', message: "spec.domain.devices.disks[1].Name 'orphan' not found.", field: 'spec.domain.devices.disks[1].name' },
      {
        reason: 'FieldValueNotSupported',
        message: 'creation of the following reserved kubevirt.io/ labels on a VMI object is prohibited',
        field: 'metadata.labels',
      },
    ]);
    expect(d.message).toContain(`admission webhook "${VMI_CREATE_WEBHOOK}" denied the request: `);
  });

  test('the controller may label a VMI with its node; a client may keep that label but not change it', async ({ sim }) => {
    const { custom } = clients(sim.kubeConfig());
    await createVm(sim, vmManifest('vm-b'));
    await expect.poll(() => sim.get('virtualmachineinstances', ns, 'vm-b')?.metadata.labels?.['kubevirt.io/nodeName']).toMatch(/^sim-worker-/);
    // Merge patches: the controller keeps writing the VMI, so no resourceVersion to race against.
    const patchLabels = (labels: Record<string, string>) =>
      custom.patchNamespacedCustomObject(
        { ...VMI_API, namespace: ns, name: 'vm-b', body: { metadata: { labels } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
    await expect(patchLabels({ team: 'a' })).resolves.toMatchObject({ metadata: { labels: { team: 'a' } } });
    expect(await denial(patchLabels({ 'kubevirt.io/nodeName': 'elsewhere' }))).toEqual({
      code: 422,
      reason: 'Invalid',
      message: `admission webhook "${VMI_UPDATE_WEBHOOK}" denied the request: modification of the following reserved kubevirt.io/ labels on a VMI object is prohibited`,
      causes: [{ reason: 'FieldValueNotSupported', message: 'modification of the following reserved kubevirt.io/ labels on a VMI object is prohibited' }],
    });
  });
});

const blankDataVolume = (name: string, storage: Json) => ({
  apiVersion: 'cdi.kubevirt.io/v1beta1',
  kind: 'DataVolume',
  metadata: { name },
  spec: { source: { blank: {} }, ...storage },
});

describe.skipIf(schemasMissing)('CDI DataVolume webhook', () => {
  test.for([
    ['a size below 1 MiB', { storage: { resources: { requests: { storage: '1023Ki' } } } }, 'spec.Storage.resources.requests.size', 'Storage size should be at least 1MiB'],
    ['a zero size', { pvc: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '0' } } } }, 'spec.PVC.resources.requests.size', "PVC size can't be equal or less than zero"],
    ['no size', { storage: {} }, 'spec.Storage.resources.requests.size', 'Storage size is missing'],
    ['a pvc without an access mode', { pvc: { resources: { requests: { storage: '1Gi' } } } }, 'spec.PVC.accessModes', 'Required value: at least 1 access mode is required'],
    ['neither pvc nor storage', {}, 'spec.PVC', 'Missing Data volume PVC'],
  ] as const)('denies %s, worded as CDI words it: no reason, a space before each message', async ([, storage, field, message], { sim }) => {
    const { custom } = clients(sim.kubeConfig());
    const d = await denial(custom.createNamespacedCustomObject({ ...DV_API, namespace: ns, body: blankDataVolume('dv-a', storage) }));
    expect(d).toEqual({
      code: 422,
      message: `admission webhook "${DV_WEBHOOK}" denied the request:  ${message}`,
      causes: [{ reason: 'FieldValueInvalid', message, field }],
    });
  });

  test('exactly 1 MiB is admitted, and its spec cannot change afterwards', async ({ sim }) => {
    const { custom } = clients(sim.kubeConfig());
    await custom.createNamespacedCustomObject({ ...DV_API, namespace: ns, body: blankDataVolume('dv-b', { storage: { resources: { requests: { storage: '1Mi' } } } }) });
    const live = (await custom.getNamespacedCustomObject({ ...DV_API, namespace: ns, name: 'dv-b' })) as { spec: { storage: { resources: { requests: { storage: string } } } } };
    live.spec.storage.resources.requests.storage = '2Mi';
    const d = await denial(custom.replaceNamespacedCustomObject({ ...DV_API, namespace: ns, name: 'dv-b', body: live }));
    expect(d.message).toBe(`admission webhook "${DV_WEBHOOK}" denied the request:  Cannot update DataVolume Spec`);
  });

  test('a VM whose template is too small is admitted; the DataVolume is not created and the VM says why', async ({ sim }) => {
    const { custom, core } = clients(sim.kubeConfig());
    const vm = baseVm();
    dvTemplate(vm).spec.storage = { resources: { requests: { storage: '512Ki' } } };
    await createVm(sim, vm);
    const refusal = `admission webhook "${DV_WEBHOOK}" denied the request:  Storage size should be at least 1MiB`;
    await expect
      .poll(() => (sim.get('virtualmachines', ns, 'vm-a')?.status as { conditions?: Json[] } | undefined)?.conditions?.find((c) => c.type === 'Failure'))
      .toMatchObject({ status: 'True', reason: 'FailedCreate', message: `Error encountered while creating DataVolumes: failed to create DataVolume: ${refusal}` });
    const events = await core.listNamespacedEvent({ namespace: ns, fieldSelector: 'involvedObject.name=vm-a,reason=FailedDataVolumeCreate' });
    expect(events.items.map((e) => [e.type, e.message])).toEqual([['Warning', `Error creating DataVolume vm-a-data: ${refusal}`]]);
    expect(sim.get('datavolumes', ns, 'vm-a-data')).toBeUndefined();
    expect(sim.get('virtualmachineinstances', ns, 'vm-a')).toBeUndefined();

    // Fixed, the VM's next sync creates the DataVolume, starts, and the Failure goes.
    const live = (await custom.getNamespacedCustomObject({ ...VM_API, namespace: ns, name: 'vm-a' })) as Vm;
    dvTemplate(live).spec.storage = { resources: { requests: { storage: '1Gi' } } };
    await custom.replaceNamespacedCustomObject({ ...VM_API, namespace: ns, name: 'vm-a', body: live });
    await expect
      .poll(() => sim.get('virtualmachineinstances', ns, 'vm-a')?.metadata.ownerReferences)
      .toMatchObject([{ kind: 'VirtualMachine', name: 'vm-a', controller: true }]);
    await expect
      .poll(() => (sim.get('virtualmachines', ns, 'vm-a')?.status as { conditions?: Json[] } | undefined)?.conditions?.some((c) => c.type === 'Failure'))
      .toBe(false);
  });
});

describe.skipIf(schemasMissing)('what the CLI generates', () => {
  beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);

  const ALL_WORKLOADS = 'cpu,memory,disk,database,network,tps,chaos-disk,chaos-network,chaos-process';

  test.for(['fedora', 'debian'])('every object of every workload for %s, data disks included, is admitted', async (guestOs, { sim }) => {
    const result = await runCli(['run', '--dry-run', '-o', 'json', '--workloads', ALL_WORKLOADS, '--guest-os', guestOs, '--namespace', 'generated']);
    expect(result.code, result.stderr).toBe(0);
    const { items } = JSON.parse(result.stdout) as { items: Manifest[] };
    expect(items.some((o) => o.kind === 'VirtualMachine' && ((o.spec as { dataVolumeTemplates?: unknown[] }).dataVolumeTemplates ?? []).length > 0)).toBe(true);
    const statuses: string[] = [];
    for (const item of items) {
      const res = await fetch(`${sim.url}${collectionPath(item)}?fieldValidation=Strict`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(item),
      });
      statuses.push(`${item.kind}/${item.metadata?.name}: ${res.status}${res.status === 201 ? '' : ` ${await res.text()}`}`);
    }
    expect(statuses).toEqual(items.map((o) => `${o.kind}/${o.metadata?.name}: 201`));
  });
});

const collectionPath = (item: Manifest): string => {
  const plural = { Namespace: 'namespaces', Service: 'services', Secret: 'secrets', VirtualMachine: 'virtualmachines' }[item.kind ?? ''];
  if (plural === undefined) throw new Error(`no path for ${item.kind}`);
  if (item.kind === 'Namespace') return '/api/v1/namespaces';
  const prefix = item.apiVersion === 'v1' ? '/api/v1' : `/apis/${item.apiVersion}`;
  return `${prefix}/namespaces/${item.metadata?.namespace}/${plural}`;
};
