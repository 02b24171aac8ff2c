/**
 * The simulated KubeVirt and CDI controllers: VM -> VMI lifecycle, conditions shaped like real
 * captures, DataVolumes before the VMI runs, readiness-probe gating, run strategies and the
 * per-VM faults (never Ready, Failed, slow boot).
 */
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { describe, expect } from 'vitest';
import type { SimCluster, StoredObject } from '../../sim/index.js';
import { simTest } from './fixtures.js';
import { clients, VM_API, vmManifest } from './helpers.js';

const ns = 'virtwork';
const test = simTest({ namespaces: [ns] });

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string | null;
}
interface VmiStatus {
  phase?: string;
  nodeName?: string;
  reason?: string;
  conditions?: Condition[];
  interfaces?: { ipAddress?: string; name?: string }[];
  phaseTransitionTimestamps?: { phase: string; phaseTransitionTimestamp: string }[];
}
interface VmStatus {
  printableStatus?: string;
  ready?: boolean;
  created?: boolean;
  conditions?: Condition[];
}

const vmiStatus = (sim: SimCluster, name: string): VmiStatus | undefined => sim.get('virtualmachineinstances', ns, name)?.status as VmiStatus | undefined;
const vmStatus = (sim: SimCluster, name: string): VmStatus | undefined => sim.get('virtualmachines', ns, name)?.status as VmStatus | undefined;
const condition = (status: { conditions?: Condition[] } | undefined, type: string): Condition | undefined => status?.conditions?.find((c) => c.type === type);

const createVm = async (sim: SimCluster, manifest: object): Promise<void> => {
  await clients(sim.kubeConfig()).custom.createNamespacedCustomObject({ ...VM_API, namespace: ns, body: manifest });
};

/** Every status a resource goes through, in store order. */
const recordPhases = (sim: SimCluster, plural: string, name: string, pick: (o: StoredObject) => string | undefined): { rv: number; value: string }[] => {
  const seen: { rv: number; value: string }[] = [];
  sim.store.subscribe((e) => {
    if (e.resource.plural !== plural || e.object.metadata.name !== name) return;
    const value = pick(e.object);
    if (value !== undefined && seen.at(-1)?.value !== value) seen.push({ rv: e.rv, value });
  });
  return seen;
};

describe('VM to running VMI', () => {
  test('runStrategy Always starts a VMI of the same name with the template labels and a controller owner reference', async ({ sim }) => {
    await createVm(sim, vmManifest('vm1', { labels: { 'virtwork/run-id': 'r1', app: 'x' } }));
    await expect.poll(() => vmiStatus(sim, 'vm1')?.phase).toBe('Running');
    const vm = sim.get('virtualmachines', ns, 'vm1')!;
    const vmi = sim.get('virtualmachineinstances', ns, 'vm1')!;
    expect(vmi.metadata.labels).toEqual({ 'virtwork/run-id': 'r1', app: 'x', 'kubevirt.io/nodeName': vmiStatus(sim, 'vm1')!.nodeName });
    expect(vmi.metadata.ownerReferences).toEqual([
      { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', name: 'vm1', uid: vm.metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
  });

  test('the VMI goes Pending, Scheduling, Scheduled, Running with a timestamp per phase, a node and an IP', async ({ sim }) => {
    const phases = recordPhases(sim, 'virtualmachineinstances', 'vm1', (o) => (o.status as VmiStatus | undefined)?.phase);
    await createVm(sim, vmManifest('vm1'));
    await expect.poll(() => vmiStatus(sim, 'vm1')?.phase).toBe('Running');
    expect(phases.map((p) => p.value)).toEqual(['Pending', 'Scheduling', 'Scheduled', 'Running']);
    const status = vmiStatus(sim, 'vm1')!;
    expect(status.phaseTransitionTimestamps?.map((p) => p.phase)).toEqual(['Pending', 'Scheduling', 'Scheduled', 'Running']);
    expect(status.nodeName).toMatch(/^sim-worker-\d$/);
    expect(status.interfaces?.[0]).toMatchObject({ name: 'default', ipAddress: expect.stringMatching(/^10\.128\.\d+\.\d+$/) as unknown });
  });

  test('a running VMI without a probe is Ready, and the VM reports Running, ready and created', async ({ sim }) => {
    await createVm(sim, vmManifest('vm1'));
    await expect.poll(() => condition(vmiStatus(sim, 'vm1'), 'AgentConnected')?.status).toBe('True');
    expect(condition(vmiStatus(sim, 'vm1'), 'Ready')).toMatchObject({ status: 'True', lastProbeTime: null });
    await expect.poll(() => vmStatus(sim, 'vm1')?.ready).toBe(true);
    expect(vmStatus(sim, 'vm1')).toMatchObject({ printableStatus: 'Running', created: true });
    expect(condition(vmStatus(sim, 'vm1'), 'Ready')?.status).toBe('True');
  });

  test('conditions carry the explicit nulls real clusters send', async ({ sim }) => {
    await createVm(sim, vmManifest('vm1', { dataVolume: true }));
    await expect.poll(() => condition(vmiStatus(sim, 'vm1'), 'AgentConnected')?.status).toBe('True');
    const status = vmiStatus(sim, 'vm1');
    expect(condition(status, 'LiveMigratable')).toMatchObject({ status: 'False', reason: 'DisksNotLiveMigratable', lastProbeTime: null, lastTransitionTime: null });
    expect(condition(status, 'AgentConnected')).toMatchObject({ lastTransitionTime: null });
    expect(condition(status, 'AgentConnected')?.lastProbeTime).toMatch(/Z$/);
    expect(condition(status, 'DataVolumesReady')).toMatchObject({ status: 'True', reason: 'AllDVsReady' });
  });
});

describe('DataVolumes', () => {
  test('dataVolumeTemplates become a DataVolume owned by the VM and a PVC owned by the DataVolume', async ({ sim }) => {
    await createVm(sim, vmManifest('vm1', { dataVolume: true }));
    await expect.poll(() => (sim.get('datavolumes', ns, 'vm1-data')?.status as { phase?: string } | undefined)?.phase).toBe('Succeeded');
    const vm = sim.get('virtualmachines', ns, 'vm1')!;
    const dv = sim.get('datavolumes', ns, 'vm1-data')!;
    const pvc = sim.get('persistentvolumeclaims', ns, 'vm1-data')!;
    expect(dv.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'VirtualMachine', uid: vm.metadata.uid, controller: true });
    expect(pvc.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'DataVolume', uid: dv.metadata.uid, controller: true });
    expect(dv.status).toMatchObject({ phase: 'Succeeded', progress: '100.0%', claimName: 'vm1-data' });
    expect(pvc.status).toMatchObject({ phase: 'Bound', capacity: { storage: '1Gi' } });
  });

  test('the PVC carries the DataVolume template\'s labels, with CDI\'s own on top, as CDI labels it', async ({ sim }) => {
    const manifest = vmManifest('vm1', { dataVolume: true });
    const dvLabels = { 'app.kubernetes.io/managed-by': 'virtwork', 'virtwork/run-id': 'run-1', 'virtwork/workload': 'disk' };
    const templates = manifest.spec.dataVolumeTemplates!.map((t) => ({ ...t, metadata: { ...t.metadata, labels: dvLabels } }));
    await createVm(sim, { ...manifest, spec: { ...manifest.spec, dataVolumeTemplates: templates } });
    await expect
      .poll(() => sim.get('persistentvolumeclaims', ns, 'vm1-data')?.metadata.ownerReferences)
      .toMatchObject([{ kind: 'DataVolume', name: 'vm1-data', controller: true }]);
    expect(sim.get('datavolumes', ns, 'vm1-data')!.metadata.labels).toEqual(dvLabels);
    // CDI copies every DataVolume label, then sets its recommended labels over them: managed-by is CDI's.
    expect(sim.get('persistentvolumeclaims', ns, 'vm1-data')!.metadata.labels).toEqual({
      'virtwork/run-id': 'run-1',
      'virtwork/workload': 'disk',
      app: 'containerized-data-importer',
      'app.kubernetes.io/component': 'storage',
      'app.kubernetes.io/managed-by': 'cdi-controller',
    });
  });

  test('with WaitForFirstConsumer storage the DataVolume waits in PendingPopulation and the VMI runs only after it Succeeded', async ({ sim }) => {
    const dvPhases = recordPhases(sim, 'datavolumes', 'vm1-data', (o) => (o.status as { phase?: string } | undefined)?.phase);
    const vmiPhases = recordPhases(sim, 'virtualmachineinstances', 'vm1', (o) => (o.status as VmiStatus | undefined)?.phase);
    const printable = recordPhases(sim, 'virtualmachines', 'vm1', (o) => (o.status as VmStatus | undefined)?.printableStatus);
    await createVm(sim, vmManifest('vm1', { dataVolume: true }));
    await expect.poll(() => vmiStatus(sim, 'vm1')?.phase).toBe('Running');
    expect(dvPhases.map((p) => p.value)).toEqual(['Pending', 'PendingPopulation', 'ImportScheduled', 'ImportInProgress', 'Succeeded']);
    const succeededAt = dvPhases.find((p) => p.value === 'Succeeded')!.rv;
    expect(vmiPhases.find((p) => p.value === 'Scheduled')!.rv).toBeGreaterThan(succeededAt);
    await expect.poll(() => printable.at(-1)?.value).toBe('Running');
    expect(printable.map((p) => p.value)).toContain('Provisioning');
  });

  test('a provisioning VM reports created without a ready key', async ({ sim }) => {
    // Record every stored status: Provisioning may be over before a poll would look.
    const provisioning: VmStatus[] = [];
    sim.store.subscribe((e) => {
      const status = e.object.status as VmStatus | undefined;
      if (e.resource.plural === 'virtualmachines' && status?.printableStatus === 'Provisioning') provisioning.push(status);
    });
    await createVm(sim, vmManifest('vm1', { dataVolume: true }));
    await expect.poll(() => vmStatus(sim, 'vm1')?.printableStatus).toBe('Running');
    // With WaitForFirstConsumer storage the VMI exists while its DataVolume populates, as in the capture.
    expect(provisioning.some((status) => status.created === true)).toBe(true);
    for (const status of provisioning) expect(status).not.toHaveProperty('ready');
  });
});

describe("the PVC's StorageClass and modes, from CDI's StorageProfiles", () => {
  const claimEvents = async (sim: SimCluster): Promise<(string | undefined)[][]> =>
    (await clients(sim.kubeConfig()).core.listNamespacedEvent({ namespace: ns, fieldSelector: 'involvedObject.kind=DataVolume' }))
      .items.map((e) => [e.reason, e.type, e.message]);

  test('a DataVolume without a class gets the default for virtualization and the first claim property set of its profile', async ({ sim }) => {
    await createVm(sim, vmManifest('vm1', { dataVolume: true }));
    await expect
      .poll(() => sim.get('persistentvolumeclaims', ns, 'vm1-data')?.metadata.ownerReferences)
      .toMatchObject([{ kind: 'DataVolume', name: 'vm1-data', controller: true }]);
    expect(sim.get('persistentvolumeclaims', ns, 'vm1-data')!.spec).toMatchObject({
      storageClassName: 'ocs-storagecluster-ceph-rbd-virtualization',
      accessModes: ['ReadWriteMany'],
      volumeMode: 'Block',
    });
  });

  const noDefault = simTest({ namespaces: [ns], defaultStorageClass: false });
  noDefault('without a default class and without access modes there is no PVC, only ErrClaimNotValid, and the VM never starts', async ({ sim }) => {
    await createVm(sim, vmManifest('vm1', { dataVolume: true }));
    await expect.poll(() => claimEvents(sim)).toContainEqual(['ErrClaimNotValid', 'Warning', 'PVC spec is missing accessMode and no storageClass to choose profile']);
    expect(sim.get('persistentvolumeclaims', ns, 'vm1-data')).toBeUndefined();
    expect((sim.get('datavolumes', ns, 'vm1-data')?.status as { phase?: string } | undefined)?.phase).toBe('Pending');
    expect(vmStatus(sim, 'vm1')?.printableStatus).not.toBe('Running');
  });

  const incomplete = simTest({ namespaces: [ns], storageProfiles: 'incomplete' });
  incomplete('with an incomplete profile there is no PVC either, and the event names the profile', async ({ sim }) => {
    await createVm(sim, vmManifest('vm1', { dataVolume: true }));
    await expect.poll(() => claimEvents(sim)).toContainEqual([
      'ErrClaimNotValid', 'Warning', 'Spec is missing accessMode and volumeMode, cannot get access mode from StorageProfile ocs-storagecluster-ceph-rbd-virtualization',
    ]);
    expect(sim.get('persistentvolumeclaims', ns, 'vm1-data')).toBeUndefined();
  });

  incomplete('access and volume modes given in the DataVolume need no profile', async ({ sim }) => {
    const manifest = vmManifest('vm1', { dataVolume: true });
    const templates = manifest.spec.dataVolumeTemplates!.map((t) => ({
      ...t, spec: { ...t.spec, storage: { ...t.spec.storage, accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem' } },
    }));
    await createVm(sim, { ...manifest, spec: { ...manifest.spec, dataVolumeTemplates: templates } });
    await expect.poll(() => sim.get('persistentvolumeclaims', ns, 'vm1-data')?.spec).toMatchObject({ accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem' });
  });
});

describe('Immediate storage', () => {
  const immediate = simTest({ namespaces: [ns], volumeBindingMode: 'Immediate' });
  immediate('the VMI is created only once its DataVolume Succeeded', async ({ sim }) => {
    let vmiCreatedAt = 0;
    let dvSucceededAt = 0;
    sim.store.subscribe((e) => {
      if (e.resource.plural === 'virtualmachineinstances' && e.type === 'ADDED') vmiCreatedAt = e.rv;
      if (e.resource.plural === 'datavolumes' && (e.object.status as { phase?: string } | undefined)?.phase === 'Succeeded' && !dvSucceededAt) dvSucceededAt = e.rv;
    });
    await createVm(sim, vmManifest('vm1', { dataVolume: true }));
    await expect.poll(() => vmiStatus(sim, 'vm1')?.phase).toBe('Running');
    expect(vmiCreatedAt).toBeGreaterThan(dvSucceededAt);
  });
});

describe('readiness probes', () => {
  test('Ready stays False (ContainersNotReady) until the guest passes the probe, and drops when it fails', async ({ sim }) => {
    await createVm(sim, vmManifest('vm1', { readinessProbe: true }));
    await expect.poll(() => condition(vmiStatus(sim, 'vm1'), 'AgentConnected')?.status).toBe('True');
    expect(condition(vmiStatus(sim, 'vm1'), 'Ready')).toMatchObject({
      status: 'False',
      reason: 'ContainersNotReady',
      message: 'containers with unready status: [compute]',
    });
    expect(vmStatus(sim, 'vm1')).not.toHaveProperty('ready');
    sim.guest('vm1').passProbe();
    await expect.poll(() => condition(vmiStatus(sim, 'vm1'), 'Ready')?.status).toBe('True');
    await expect.poll(() => vmStatus(sim, 'vm1')?.ready).toBe(true);
    sim.guest('vm1', ns).failProbe();
    await expect.poll(() => condition(vmiStatus(sim, 'vm1'), 'Ready')?.status).toBe('False');
  });

  const readyAfter = simTest({ namespaces: [ns], readyAfterMs: 30 });
  readyAfter('with readyAfterMs the probe passes by itself after the VMI runs', async ({ sim }) => {
    await createVm(sim, vmManifest('vm1', { readinessProbe: true }));
    await expect.poll(() => condition(vmiStatus(sim, 'vm1'), 'Ready')?.status).toBe('True');
    expect(vmiStatus(sim, 'vm1')?.phase).toBe('Running');
  });
});

describe('probe kinds', () => {
  const still = simTest({ namespaces: [ns], bootDelays: { jitter: 0 } });

  test.for(['httpGet', 'tcpSocket'] as const)('%s passes once the units are active, without the guest agent', async (kind, { sim }) => {
    sim.faults.add({ kind: 'vm', name: 'vm1', behaviour: 'noGuestAgent' });
    await createVm(sim, vmManifest('vm1', { readinessProbe: kind }));
    await expect.poll(() => vmiStatus(sim, 'vm1')?.phase).toBe('Running');
    expect(condition(vmiStatus(sim, 'vm1'), 'Ready')?.status).toBe('False');
    sim.guest('vm1').passProbe();
    await expect.poll(() => condition(vmiStatus(sim, 'vm1'), 'Ready')?.status).toBe('True');
    expect(condition(vmiStatus(sim, 'vm1'), 'AgentConnected')).toBeUndefined();
  });

  test('exec runs through the guest agent: active units turn the VMI Ready only once the agent connects', async ({ sim }) => {
    const ready = recordPhases(sim, 'virtualmachineinstances', 'vm1', (o) => condition(o.status as VmiStatus, 'Ready')?.status);
    const agent = recordPhases(sim, 'virtualmachineinstances', 'vm1', (o) => condition(o.status as VmiStatus, 'AgentConnected')?.status);
    sim.guest('vm1').passProbe();
    await createVm(sim, vmManifest('vm1', { readinessProbe: 'exec' }));
    await expect.poll(() => condition(vmiStatus(sim, 'vm1'), 'Ready')?.status).toBe('True');
    expect(ready.find((r) => r.value === 'True')!.rv).toBeGreaterThan(agent.find((a) => a.value === 'True')!.rv);
  });

  still('exec never passes on a guest whose agent never connects, while an httpGet probe on the same kind of guest does', async ({ sim }) => {
    // Created first, so with no jitter each of its steps comes before the others' same step.
    sim.faults.add({ kind: 'vm', name: 'exec-no-agent', behaviour: 'noGuestAgent' });
    sim.faults.add({ kind: 'vm', name: 'http-no-agent', behaviour: 'noGuestAgent' });
    for (const name of ['exec-no-agent', 'http-no-agent', 'exec-agent']) sim.guest(name).passProbe();
    await createVm(sim, vmManifest('exec-no-agent', { readinessProbe: 'exec' }));
    await createVm(sim, vmManifest('http-no-agent', { readinessProbe: 'httpGet' }));
    await createVm(sim, vmManifest('exec-agent', { readinessProbe: 'exec' }));
    await expect.poll(() => condition(vmiStatus(sim, 'exec-agent'), 'Ready')?.status).toBe('True');
    await expect.poll(() => condition(vmiStatus(sim, 'http-no-agent'), 'Ready')?.status).toBe('True');
    expect(vmiStatus(sim, 'exec-no-agent')?.phase).toBe('Running');
    expect(condition(vmiStatus(sim, 'exec-no-agent'), 'AgentConnected')).toBeUndefined();
    expect(condition(vmiStatus(sim, 'exec-no-agent'), 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady' });
  });

  test('guestAgentPing passes when the agent connects, whatever the units', async ({ sim }) => {
    await createVm(sim, vmManifest('vm1', { readinessProbe: 'guestAgentPing' }));
    await expect.poll(() => condition(vmiStatus(sim, 'vm1'), 'Ready')?.status).toBe('True');
    expect(sim.guest('vm1').probePassing).toBe(false);
  });

  test('noGuestAgent is part of the JSON fault model', async ({ sim }) => {
    const res = await fetch(`${sim.url}/_sim/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'vm', name: 'vm1', behaviour: 'noGuestAgent' }),
    });
    expect(res.status).toBe(201);
    expect(sim.faults.list()).toEqual([{ kind: 'vm', name: 'vm1', behaviour: 'noGuestAgent' }]);
  });
});

describe('cloud-init Secrets', () => {
  const secret = (name: string, data: Record<string, string>) => ({
    metadata: { name },
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  });

  test('a missing Secret fails the launcher pod\'s mount: the VMI stays Scheduling until the Secret exists', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    const stuck = recordPhases(sim, 'virtualmachineinstances', 'vm1', (o) => (o.status as VmiStatus | undefined)?.phase);
    await createVm(sim, vmManifest('vm1', { cloudInitSecret: 'vm1-cloudinit' }));
    await createVm(sim, vmManifest('vm2'));
    const mount = async () => (await core.listNamespacedEvent({ namespace: ns, fieldSelector: 'reason=FailedMount' })).items;
    await expect.poll(async () => (await mount()).length).toBe(1);
    const [event] = await mount();
    const pods = Object.keys((sim.get('virtualmachineinstances', ns, 'vm1')?.status as { activePods?: object }).activePods ?? {});
    expect(event).toMatchObject({
      type: 'Warning',
      message: 'MountVolume.SetUp failed for volume "cloudinit-udata" : secret "vm1-cloudinit" not found',
      involvedObject: { kind: 'Pod', apiVersion: 'v1', uid: pods[0] },
      source: { component: 'kubelet' },
    });
    expect(event!.involvedObject.name).toMatch(/^virt-launcher-vm1-[a-z0-9]{5}$/);
    await expect.poll(() => vmiStatus(sim, 'vm2')?.phase).toBe('Running');
    expect(vmiStatus(sim, 'vm1')?.phase).toBe('Scheduling');

    await core.createNamespacedSecret({ namespace: ns, body: secret('vm1-cloudinit', { userdata: '#cloud-config\n' }) });
    await expect.poll(() => vmiStatus(sim, 'vm1')?.phase).toBe('Running');
    expect(stuck.map((p) => p.value)).toEqual(['Pending', 'Scheduling', 'Scheduled', 'Running']);
  });

  test('a Secret without userdata keeps the VMI Scheduled, Synchronized False with virt-handler\'s error', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    await core.createNamespacedSecret({ namespace: ns, body: secret('vm1-cloudinit', { password: 'x' }) });
    await createVm(sim, vmManifest('vm1', { cloudInitSecret: 'vm1-cloudinit' }));
    const message =
      'server error. command SyncVMI failed: "ReadCloudInitVolumeDataSource failed: userDataBase64, userData, networkDataBase64 or networkData is required for a cloud-init data source"';
    await expect.poll(() => condition(vmiStatus(sim, 'vm1'), 'Synchronized')).toMatchObject({
      status: 'False',
      reason: 'Synchronizing with the Domain failed.',
      message,
    });
    expect(vmiStatus(sim, 'vm1')?.phase).toBe('Scheduled');
    const events = await core.listNamespacedEvent({ namespace: ns, fieldSelector: 'involvedObject.name=vm1,reason=SyncFailed' });
    expect(events.items.map((e) => [e.type, e.message, e.source?.component])).toEqual([['Warning', message, 'virt-handler']]);
  });

  test.for(['userdata', 'userData'])('a Secret with %s starts the VMI', async (key, { sim }) => {
    await clients(sim.kubeConfig()).core.createNamespacedSecret({ namespace: ns, body: secret('vm1-cloudinit', { [key]: '#cloud-config\n' }) });
    await createVm(sim, vmManifest('vm1', { cloudInitSecret: 'vm1-cloudinit' }));
    await expect.poll(() => vmiStatus(sim, 'vm1')?.phase).toBe('Running');
    expect(condition(vmiStatus(sim, 'vm1'), 'Synchronized')).toBeUndefined();
  });
});

describe('per-VM faults', () => {
  test('a failing VM ends in phase Failed with a reason; its VM shows CrashLoopBackOff', async ({ sim }) => {
    sim.faults.add({ kind: 'vm', name: 'vm1', behaviour: 'fail' });
    await createVm(sim, vmManifest('vm1'));
    await expect.poll(() => vmiStatus(sim, 'vm1')?.phase).toBe('Failed');
    expect(vmiStatus(sim, 'vm1')?.reason).toBe('NodeUnresponsive');
    await expect.poll(() => vmStatus(sim, 'vm1')?.printableStatus).toBe('CrashLoopBackOff');
  });

  test('a never-ready VM with a probe runs but never turns Ready, even when the probe is passed', async ({ sim }) => {
    sim.faults.add({ kind: 'vm', name: 'stuck', behaviour: 'neverReady' });
    await createVm(sim, vmManifest('stuck', { readinessProbe: true }));
    await createVm(sim, vmManifest('fine', { readinessProbe: true }));
    sim.guest('stuck').passProbe();
    sim.guest('fine').passProbe();
    await expect.poll(() => condition(vmiStatus(sim, 'fine'), 'Ready')?.status).toBe('True');
    await expect.poll(() => condition(vmiStatus(sim, 'stuck'), 'AgentConnected')?.status).toBe('True');
    expect(vmiStatus(sim, 'stuck')?.phase).toBe('Running');
    expect(condition(vmiStatus(sim, 'stuck'), 'Ready')?.status).toBe('False');
  });

  test('a never-ready VM without a probe never reports its guest running', async ({ sim }) => {
    sim.faults.add({ kind: 'vm', name: 'stuck', behaviour: 'neverReady' });
    await createVm(sim, vmManifest('stuck'));
    await createVm(sim, vmManifest('fine'));
    await expect.poll(() => vmiStatus(sim, 'fine')?.phase).toBe('Running');
    await expect.poll(() => vmiStatus(sim, 'stuck')?.phase).toBe('Scheduled');
    expect(condition(vmiStatus(sim, 'stuck'), 'Ready')).toMatchObject({ status: 'False', reason: 'GuestNotRunning' });
  });

  test('a slow boot keeps the VMI Scheduled after its neighbours run', async ({ sim }) => {
    sim.faults.add({ kind: 'vm', name: 'slow', behaviour: 'slowBoot', delayMs: 60_000 });
    await createVm(sim, vmManifest('slow'));
    await createVm(sim, vmManifest('fast'));
    await expect.poll(() => condition(vmiStatus(sim, 'fast'), 'AgentConnected')?.status).toBe('True');
    expect(vmiStatus(sim, 'slow')?.phase).toBe('Scheduled');
  });
});

describe('run strategies', () => {
  test('Halted has no VMI and reports Stopped with Ready False VMINotExists; Always starts it; Halted stops it again', async ({ sim }) => {
    const { custom } = clients(sim.kubeConfig());
    await createVm(sim, vmManifest('vm1', { runStrategy: 'Halted' }));
    await expect.poll(() => vmStatus(sim, 'vm1')?.printableStatus).toBe('Stopped');
    expect(condition(vmStatus(sim, 'vm1'), 'Ready')).toMatchObject({ status: 'False', reason: 'VMINotExists', message: 'VMI does not exist' });
    expect(vmStatus(sim, 'vm1')).not.toHaveProperty('created');
    const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
    await custom.patchNamespacedCustomObject({ ...VM_API, namespace: ns, name: 'vm1', body: { spec: { runStrategy: 'Always' } } }, merge);
    await expect.poll(() => vmStatus(sim, 'vm1')?.printableStatus).toBe('Running');
    await custom.patchNamespacedCustomObject({ ...VM_API, namespace: ns, name: 'vm1', body: { spec: { runStrategy: 'Halted' } } }, merge);
    await expect.poll(() => sim.get('virtualmachineinstances', ns, 'vm1')).toBeUndefined();
    await expect.poll(() => vmStatus(sim, 'vm1')?.printableStatus).toBe('Stopped');
  });

  test('a deleted VM keeps its finalizer until its VMI has stopped', async ({ sim }) => {
    const { custom } = clients(sim.kubeConfig());
    await createVm(sim, vmManifest('vm1'));
    await expect.poll(() => vmiStatus(sim, 'vm1')?.phase).toBe('Running');
    const deleted = (await custom.deleteNamespacedCustomObject({ ...VM_API, namespace: ns, name: 'vm1' })) as { metadata: { deletionTimestamp?: string; finalizers?: string[] } };
    expect(deleted.metadata.deletionTimestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(deleted.metadata.finalizers).toEqual(['kubevirt.io/virtualMachineControllerFinalize']);
    await expect.poll(() => sim.get('virtualmachines', ns, 'vm1')).toBeUndefined();
    expect(sim.get('virtualmachineinstances', ns, 'vm1')).toBeUndefined();
  });
});

describe('events', () => {
  test('the controllers record the events kubectl describe shows, selectable by involvedObject', async ({ sim }) => {
    const { core } = clients(sim.kubeConfig());
    await createVm(sim, vmManifest('vm1', { dataVolume: true }));
    await expect.poll(() => vmiStatus(sim, 'vm1')?.phase).toBe('Running');
    const vm = sim.get('virtualmachines', ns, 'vm1')!;
    await expect
      .poll(async () => {
        const events = await core.listNamespacedEvent({
          namespace: ns,
          fieldSelector: `involvedObject.name=vm1,involvedObject.namespace=${ns},involvedObject.kind=VirtualMachine,involvedObject.uid=${vm.metadata.uid}`,
        });
        // Event names end in random hex: compare in reason order.
        return events.items.map((e) => [e.reason, e.message, e.source?.component, e.type]).sort();
      })
      .toEqual([
        ['SuccessfulCreate', 'Started the virtual machine by creating the new virtual machine instance vm1', 'virtualmachine-controller', 'Normal'],
        ['SuccessfulDataVolumeCreate', 'Created DataVolume vm1-data', 'virtualmachine-controller', 'Normal'],
      ]);
    const started = await core.listNamespacedEvent({ namespace: ns, fieldSelector: 'involvedObject.kind=VirtualMachineInstance,reason=Started' });
    expect(started.items.map((e) => [e.involvedObject.name, e.message])).toEqual([['vm1', 'VirtualMachineInstance started.']]);
    const imported = await core.listNamespacedEvent({ namespace: ns, fieldSelector: 'involvedObject.kind=DataVolume,reason=ImportSucceeded' });
    expect(imported.items).toHaveLength(1);
  });
});
