/**
 * KubeVirt's VirtualMachine controller: creates the DataVolumes of `dataVolumeTemplates`
 * (owned by the VM), starts a VMI from the template per `runStrategy` once its volumes can be
 * consumed, stops it for Halted, and reports `printableStatus`, `ready`, `created` and the VMI's
 * conditions. A DataVolume that CDI's webhook refuses is not created and the VM does not start:
 * a `Failure` condition and a `FailedDataVolumeCreate` event say why. Deleting a VM stops its VMI
 * before the VM's finalizer is released.
 */
import { admitDataVolume } from '../admission/data-volume.js';
import { deleteObject } from '../apiserver/deletion.js';
import { resourceOfKind } from '../registry/index.js';
import { StatusError } from '../apiserver/status.js';
import { timestamp, type KubeObject, type StoreEvent, type StoredObject } from '../storage/store.js';
import { setCondition, type Condition } from './context.js';
import { StoreController } from './controller.js';
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
  obj.metadata.ownerReferences?.find((o) => o.controller && o.kind === VMS.kind)?.name;

const volumeSnapshotStatuses = (spec: VmSpec, storageClass: string): Record<string, unknown>[] =>
  ((spec.template?.spec?.volumes as { name: string; dataVolume?: unknown; persistentVolumeClaim?: unknown }[] | undefined) ?? []).map((v) =>
    v.dataVolume !== undefined || v.persistentVolumeClaim !== undefined
      ? { enabled: false, name: v.name, reason: `No VolumeSnapshotClass: Volume snapshots are not configured for this StorageClass [${storageClass}] [${v.name}]` }
      : { enabled: false, name: v.name, reason: `Snapshot is not supported for this volumeSource type [${v.name}]` },
  );

export class VmController extends StoreController {
  readonly name = 'virtualmachine-controller';
  readonly watches = [VMS.kind, VMIS.kind, DATA_VOLUMES.kind];

  protected observe(event: StoreEvent): void {
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

    const { dataVolumes, failure } = this.ensureDataVolumes(vm, spec);
    const strategy = runStrategyOf(spec);
    const shouldRun = RUNNING_STRATEGIES.includes(strategy);
    const volumesReady = dataVolumes.every(isDataVolumeReady);
    const consumable = dataVolumes.every((dv) => isDataVolumeReady(dv) || isDataVolumeWaitingForConsumer(dv));

    // KubeVirt's sync stops at a DataVolume it could not create: no VMI.
    if (shouldRun && !vmi && consumable && failure === undefined) this.createVmi(vm, spec);
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
    this.writeStatus(vm, current, this.printableStatus(strategy, current, volumesReady), failure);
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

  private writeStatus(vm: StoredObject, vmi: StoredObject | undefined, printableStatus: string, failure?: string): void {
    const spec = (vm.spec as VmSpec | undefined) ?? {};
    const previous = (vm.status as { conditions?: Condition[] } | undefined)?.conditions ?? [];
    const vmiConditions = ((vmi?.status as VmiStatus | undefined)?.conditions ?? []).filter((c) => COPIED_CONDITIONS.includes(c.type));
    const now = timestamp();
    let conditions = vmi
      ? vmiConditions.reduce((acc, c) => setCondition(acc, c), previous.filter((c) => vmiConditions.some((v) => v.type === c.type)))
      : setCondition([], {
          type: 'Ready',
          status: 'False',
          reason: 'VMINotExists',
          message: 'VMI does not exist',
          lastProbeTime: now,
          lastTransitionTime: previous.find((c) => c.type === 'Ready' && c.reason === 'VMINotExists')?.lastTransitionTime ?? now,
        });
    // processFailureCondition (pkg/virt-controller/watch/vm/vm.go): the sync error, until a sync succeeds.
    if (failure !== undefined) {
      conditions = setCondition(
        conditions,
        { ...failureCondition(failure, now), lastTransitionTime: previous.find((c) => c.type === 'Failure' && c.message === failure)?.lastTransitionTime ?? now },
      );
    }
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

  /**
   * handleDataVolumes (pkg/virt-controller/watch/vm/vm.go): creates the missing DataVolumes through
   * CDI's webhook; the first it refuses stops the sync with a Failure message and a Warning event.
   */
  private ensureDataVolumes(vm: StoredObject, spec: VmSpec): { dataVolumes: StoredObject[]; failure?: string } {
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
            ...(ns !== undefined ? { namespace: ns } : {}),
            ...(template.metadata?.labels ? { labels: template.metadata.labels } : {}),
            ...(template.metadata?.annotations ? { annotations: template.metadata.annotations } : {}),
            ownerReferences: [
              { apiVersion: vm.apiVersion, kind: vm.kind, name: vm.metadata.name, uid: vm.metadata.uid, controller: true, blockOwnerDeletion: true },
            ],
          },
          spec: template.spec,
        };
        const refusal = this.admitDataVolume(fresh);
        if (refusal !== undefined) {
          const failure = `Error encountered while creating DataVolumes: failed to create DataVolume: ${refusal}`;
          if (!hasFailure(vm, failure)) {
            recordEvent(this.ctx.store, vm, 'FailedDataVolumeCreate', `Error creating DataVolume ${name}: ${refusal}`, 'virtualmachine-controller', 'Warning');
          }
          return { dataVolumes: out, failure };
        }
        dv = this.ctx.store.create(DATA_VOLUMES, fresh);
        recordEvent(this.ctx.store, vm, 'SuccessfulDataVolumeCreate', `Created DataVolume ${name}`, 'virtualmachine-controller');
      }
      out.push(dv);
    }
    return { dataVolumes: out };
  }

  /** The denial's message when CDI's webhook refuses the DataVolume, as virt-controller's create call returns it. */
  private admitDataVolume(dataVolume: KubeObject): string | undefined {
    try {
      admitDataVolume({ operation: 'create', object: dataVolume });
      return undefined;
    } catch (error) {
      if (error instanceof StatusError) return error.message;
      throw error;
    }
  }

  private createVmi(vm: StoredObject, spec: VmSpec): void {
    const template = spec.template ?? {};
    const vmi: KubeObject = {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachineInstance',
      metadata: {
        name: vm.metadata.name,
        ...(vm.metadata.namespace !== undefined ? { namespace: vm.metadata.namespace } : {}),
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

/** The VM's Failure condition for a sync error (reason failedCreateReason). */
const failureCondition = (message: string, now: string): Condition => ({
  type: 'Failure',
  status: 'True',
  reason: 'FailedCreate',
  message,
  lastProbeTime: null,
  lastTransitionTime: now,
});

/** The event is recorded once per distinct failure, as the event recorder folds repeats into a count. */
const hasFailure = (vm: StoredObject, message: string): boolean =>
  ((vm.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).some((c) => c.type === 'Failure' && c.message === message);
