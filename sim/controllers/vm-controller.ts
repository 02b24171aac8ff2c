/**
 * KubeVirt's VirtualMachine controller: creates the DataVolumes of `dataVolumeTemplates`
 * (owned by the VM), starts a VMI from the template per `runStrategy` once its volumes can be
 * consumed, stops it for Halted, and reports `printableStatus`, `ready`, `created` and the VMI's
 * conditions. Deleting a VM stops its VMI before the VM's finalizer is released.
 */
import { deleteObject } from '../deletion.js';
import { resourceOfKind } from '../resources.js';
import { timestamp, type KubeObject, type StoreEvent, type StoredObject } from '../store.js';
import { setCondition, type Condition, type ControllerContext } from './context.js';
import { isDataVolumeReady, isDataVolumeWaitingForConsumer } from './datavolume-controller.js';
import { recordEvent } from './events.js';

const VMS = resourceOfKind('VirtualMachine');
const VMIS = resourceOfKind('VirtualMachineInstance');
const DATA_VOLUMES = resourceOfKind('DataVolume');

export const VM_FINALIZER = 'kubevirt.io/virtualMachineControllerFinalize';
const COPIED_CONDITIONS = ['Ready', 'DataVolumesReady', 'LiveMigratable', 'StorageLiveMigratable', 'AgentConnected', 'Paused'];
const RUNNING_STRATEGIES = ['Always', 'RerunOnFailure', 'Once'];

interface DataVolumeTemplate {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: unknown;
}

interface VmSpec {
  running?: boolean;
  runStrategy?: string;
  dataVolumeTemplates?: DataVolumeTemplate[];
  template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Record<string, unknown> };
}

interface VmiStatus {
  phase?: string;
  conditions?: Condition[];
}

const runStrategyOf = (spec: VmSpec): string =>
  spec.runStrategy ?? (spec.running === true ? 'Always' : 'Halted');

const controllerOwner = (obj: StoredObject): string | undefined =>
  obj.metadata.ownerReferences?.find((o) => o.controller && o.kind === 'VirtualMachine')?.name;

const volumeSnapshotStatuses = (spec: VmSpec, storageClass: string): Record<string, unknown>[] =>
  ((spec.template?.spec?.volumes as { name: string; dataVolume?: unknown; persistentVolumeClaim?: unknown }[] | undefined) ?? []).map((v) =>
    v.dataVolume !== undefined || v.persistentVolumeClaim !== undefined
      ? { enabled: false, name: v.name, reason: `No VolumeSnapshotClass: Volume snapshots are not configured for this StorageClass [${storageClass}] [${v.name}]` }
      : { enabled: false, name: v.name, reason: `Snapshot is not supported for this volumeSource type [${v.name}]` },
  );

export class VmController {
  private readonly unsubscribe: () => void;

  constructor(private readonly ctx: ControllerContext) {
    this.unsubscribe = ctx.store.subscribe((e) => this.observe(e));
  }

  stop(): void {
    this.unsubscribe();
  }

  private observe(event: StoreEvent): void {
    const ns = event.object.metadata.namespace ?? '';
    let vmName: string | undefined;
    if (event.resource === VMS) vmName = event.type === 'DELETED' ? undefined : event.object.metadata.name;
    else if (event.resource === VMIS || event.resource === DATA_VOLUMES) vmName = controllerOwner(event.object);
    if (vmName !== undefined) {
      const name = vmName;
      this.ctx.scheduler.soon(`vm/${ns}/${name}`, () => this.reconcile(ns, name));
    }
  }

  private reconcile(ns: string, name: string): void {
    const vm = this.ctx.store.get(VMS, ns, name);
    if (!vm) return;
    const spec = (vm.spec as VmSpec | undefined) ?? {};
    const vmi = this.ctx.store.get(VMIS, ns, name);
    const ownedVmi = vmi && vmi.metadata.ownerReferences?.some((o) => o.uid === vm.metadata.uid) ? vmi : undefined;

    if (vm.metadata.deletionTimestamp !== undefined) {
      if (ownedVmi) {
        if (ownedVmi.metadata.deletionTimestamp === undefined) deleteObject(this.ctx.store, VMIS, ns, name);
        this.writeStatus(vm, ownedVmi, 'Terminating');
      } else {
        const finalizers = (vm.metadata.finalizers ?? []).filter((f) => f !== VM_FINALIZER);
        this.ctx.store.replace(VMS, { ...vm, metadata: { ...vm.metadata, finalizers } });
      }
      return;
    }

    const dataVolumes = this.ensureDataVolumes(vm, spec);
    const strategy = runStrategyOf(spec);
    const shouldRun = RUNNING_STRATEGIES.includes(strategy);
    const volumesReady = dataVolumes.every(isDataVolumeReady);
    const consumable = dataVolumes.every((dv) => isDataVolumeReady(dv) || isDataVolumeWaitingForConsumer(dv));

    if (shouldRun && !vmi && consumable) this.createVmi(vm, spec);
    if (strategy === 'Halted' && ownedVmi && ownedVmi.metadata.deletionTimestamp === undefined) {
      deleteObject(this.ctx.store, VMIS, ns, name);
      recordEvent(
        this.ctx.store,
        vm,
        'SuccessfulDelete',
        `Stopped the virtual machine by deleting the virtual machine instance ${ownedVmi.metadata.uid}`,
        'virtualmachine-controller',
      );
    }
    const current = this.ctx.store.get(VMIS, ns, name);
    this.writeStatus(vm, current, this.printableStatus(strategy, current, volumesReady));
  }

  private printableStatus(strategy: string, vmi: StoredObject | undefined, volumesReady: boolean): string {
    const phase = (vmi?.status as VmiStatus | undefined)?.phase;
    if (vmi?.metadata.deletionTimestamp !== undefined) return 'Stopping';
    if (!volumesReady && RUNNING_STRATEGIES.includes(strategy)) return 'Provisioning';
    if (!vmi) return RUNNING_STRATEGIES.includes(strategy) ? 'Starting' : 'Stopped';
    if (phase === 'Running') return 'Running';
    if (phase === 'Failed') return 'CrashLoopBackOff';
    if (phase === 'Succeeded') return 'Stopped';
    return 'Starting';
  }

  private writeStatus(vm: StoredObject, vmi: StoredObject | undefined, printableStatus: string): void {
    const spec = (vm.spec as VmSpec | undefined) ?? {};
    const previous = (vm.status as { conditions?: Condition[] } | undefined)?.conditions ?? [];
    const vmiConditions = ((vmi?.status as VmiStatus | undefined)?.conditions ?? []).filter((c) => COPIED_CONDITIONS.includes(c.type));
    const now = timestamp();
    const conditions = vmi
      ? vmiConditions.reduce((acc, c) => setCondition(acc, c), previous.filter((c) => vmiConditions.some((v) => v.type === c.type)))
      : setCondition([], {
          type: 'Ready',
          status: 'False',
          reason: 'VMINotExists',
          message: 'VMI does not exist',
          lastProbeTime: now,
          lastTransitionTime: previous.find((c) => c.type === 'Ready' && c.reason === 'VMINotExists')?.lastTransitionTime ?? now,
        });
    const ready = conditions.some((c) => c.type === 'Ready' && c.status === 'True') && printableStatus === 'Running';
    const status = {
      conditions,
      // Left out when false, as KubeVirt's omitempty does.
      ...(vmi ? { created: true } : {}),
      ...(ready ? { ready: true } : {}),
      printableStatus,
      desiredGeneration: vm.metadata.generation,
      observedGeneration: vm.metadata.generation,
      runStrategy: runStrategyOf(spec),
      volumeSnapshotStatuses: volumeSnapshotStatuses(spec, this.ctx.storageClassName),
    };
    const finalizers =
      vm.metadata.deletionTimestamp === undefined ? [...new Set([...(vm.metadata.finalizers ?? []), VM_FINALIZER])] : (vm.metadata.finalizers ?? []);
    const unchanged =
      JSON.stringify({ ...status, conditions: status.conditions.map(withoutProbeTime) }) ===
        JSON.stringify({ ...(vm.status as object), conditions: previous.map(withoutProbeTime) }) &&
      finalizers.length === (vm.metadata.finalizers ?? []).length;
    if (unchanged) return;
    this.ctx.store.replace(VMS, { ...vm, metadata: { ...vm.metadata, finalizers }, status });
  }

  private ensureDataVolumes(vm: StoredObject, spec: VmSpec): StoredObject[] {
    const ns = vm.metadata.namespace;
    const out: StoredObject[] = [];
    for (const template of spec.dataVolumeTemplates ?? []) {
      const name = template.metadata?.name;
      if (!name) continue;
      let dv = this.ctx.store.get(DATA_VOLUMES, ns, name);
      if (!dv) {
        const fresh: KubeObject = {
          apiVersion: 'cdi.kubevirt.io/v1beta1',
          kind: 'DataVolume',
          metadata: {
            name,
            namespace: ns,
            ...(template.metadata?.labels ? { labels: template.metadata.labels } : {}),
            ...(template.metadata?.annotations ? { annotations: template.metadata.annotations } : {}),
            ownerReferences: [
              { apiVersion: vm.apiVersion, kind: vm.kind, name: vm.metadata.name, uid: vm.metadata.uid, controller: true, blockOwnerDeletion: true },
            ],
          },
          spec: template.spec,
        };
        dv = this.ctx.store.create(DATA_VOLUMES, fresh);
        recordEvent(this.ctx.store, vm, 'SuccessfulDataVolumeCreate', `Created DataVolume ${name}`, 'virtualmachine-controller');
      }
      out.push(dv);
    }
    return out;
  }

  private createVmi(vm: StoredObject, spec: VmSpec): void {
    const template = spec.template ?? {};
    const vmi: KubeObject = {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachineInstance',
      metadata: {
        name: vm.metadata.name,
        namespace: vm.metadata.namespace,
        // KubeVirt copies the template's labels as they are (setupVMIFromVM).
        ...(template.metadata?.labels ? { labels: template.metadata.labels } : {}),
        annotations: {
          ...template.metadata?.annotations,
          'kubevirt.io/vm-generation': String(vm.metadata.generation ?? 1),
        },
        ownerReferences: [
          { apiVersion: vm.apiVersion, kind: vm.kind, name: vm.metadata.name, uid: vm.metadata.uid, controller: true, blockOwnerDeletion: true },
        ],
      },
      spec: template.spec ?? {},
    };
    this.ctx.store.create(VMIS, vmi);
    recordEvent(
      this.ctx.store,
      vm,
      'SuccessfulCreate',
      `Started the virtual machine by creating the new virtual machine instance ${vm.metadata.name}`,
      'virtualmachine-controller',
    );
  }
}

const withoutProbeTime = (c: Condition): Condition => ({ ...c, lastProbeTime: undefined });
