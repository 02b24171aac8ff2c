/**
 * CDI's DataVolume controller: each DataVolume gets a PVC of the same name (owned by it, its class
 * and modes rendered from the StorageProfiles as CDI does, see claim-spec.ts; no PVC and an
 * ErrClaimNotValid event when they cannot be) and
 * moves Pending -> (PendingPopulation, while WaitForFirstConsumer storage waits for a VMI to
 * use it) -> ImportScheduled -> ImportInProgress -> Succeeded, with `progress` strings and the
 * Bound / Ready / Running conditions CDI writes.
 */
import { resourceOfKind } from '../registry/index.js';
import { timestamp, type KubeObject, type StoreEvent, type StoredObject } from '../storage/store.js';
import { renderClaimSpec, type StorageSpec } from './claim-spec.js';
import { delay, setCondition, type Condition } from './context.js';
import { StoreController } from './controller.js';
import { recordEvent } from './events.js';

const DATA_VOLUMES = resourceOfKind('DataVolume');
const PVCS = resourceOfKind('PersistentVolumeClaim');
const VMIS = resourceOfKind('VirtualMachineInstance');

const PHASES = ['Pending', 'PendingPopulation', 'ImportScheduled', 'ImportInProgress', 'Succeeded'] as const;
export type DataVolumePhase = (typeof PHASES)[number];

interface DataVolumeSpec {
  storage?: StorageSpec;
  pvc?: StorageSpec;
}

interface DataVolumeStatus {
  phase?: DataVolumePhase;
  progress?: string;
  claimName?: string;
  conditions?: Condition[];
}

const conditionsFor = (phase: DataVolumePhase, claim: string, previous: Condition[], now: string): Condition[] => {
  const bound = phase === 'ImportInProgress' || phase === 'Succeeded';
  const running = phase === 'ImportInProgress';
  const base = { lastHeartbeatTime: now, lastTransitionTime: now };
  let out = setCondition(previous, {
    type: 'Bound',
    status: bound ? 'True' : 'False',
    reason: bound ? 'Bound' : 'Pending',
    message: `PVC ${claim} ${bound ? 'Bound' : 'Pending'}`,
    ...base,
  });
  out = setCondition(
    out,
    phase === 'Succeeded'
      ? { type: 'Ready', status: 'True', ...base }
      : { type: 'Ready', status: 'False', reason: running ? 'TransferRunning' : phase, ...base },
  );
  out = setCondition(
    out,
    running
      ? { type: 'Running', status: 'True', reason: 'Pod is running', ...base }
      : phase === 'Succeeded'
        ? { type: 'Running', status: 'False', reason: 'Completed', message: 'Import Complete', ...base }
        : { type: 'Running', status: 'False', ...base },
  );
  return out;
};

/** A DataVolume counts as ready for its VMI to start once it Succeeded. */
export const isDataVolumeReady = (dv: StoredObject | undefined): boolean => (dv?.status as DataVolumeStatus | undefined)?.phase === 'Succeeded';

/** WaitForFirstConsumer storage: the VMI may be created to become the consumer. */
export const isDataVolumeWaitingForConsumer = (dv: StoredObject | undefined): boolean =>
  (dv?.status as DataVolumeStatus | undefined)?.phase === 'PendingPopulation';

export class DataVolumeController extends StoreController {
  readonly name = 'datavolume-controller';
  readonly watches = [DATA_VOLUMES.kind, VMIS.kind];
  /** `<namespace>/<claim>` -> VMIs that mount it: their first consumer. */
  private readonly consumers = new Map<string, Set<string>>();

  protected observe(event: StoreEvent): void {
    const { namespace, name } = event.object.metadata;
    if (event.resource === DATA_VOLUMES && event.type === 'ADDED') {
      this.ctx.scheduler.soon(`dv/${namespace}/${name}`, () => this.startImport(namespace!, name));
    } else if (event.resource === VMIS && event.type === 'ADDED') {
      // A new VMI is the first consumer of the DataVolumes it mounts.
      for (const dvName of volumeClaims(event.object)) {
        const key = `${namespace}/${dvName}`;
        let set = this.consumers.get(key);
        if (!set) this.consumers.set(key, (set = new Set()));
        set.add(name);
        this.ctx.scheduler.soon(`dv-consumer/${key}`, () => this.consumerAppeared(namespace!, dvName));
      }
    } else if (event.resource === VMIS && event.type === 'DELETED') {
      for (const dvName of volumeClaims(event.object)) this.consumers.get(`${namespace}/${dvName}`)?.delete(name);
    }
  }

  private get(namespace: string, name: string): StoredObject | undefined {
    const dv = this.ctx.store.get(DATA_VOLUMES, namespace, name);
    return dv && dv.metadata.deletionTimestamp === undefined ? dv : undefined;
  }

  /** Moves a DataVolume forward to `phase`; never backwards (timers may fire out of order under load). */
  private setPhase(namespace: string, name: string, phase: DataVolumePhase, progress: string): void {
    const dv = this.get(namespace, name);
    if (!dv) return;
    const status = (dv.status as DataVolumeStatus | undefined) ?? {};
    if (status.phase !== undefined && PHASES.indexOf(status.phase) >= PHASES.indexOf(phase)) return;
    const conditions = conditionsFor(phase, name, status.conditions ?? [], timestamp());
    const updated = this.ctx.store.replace(DATA_VOLUMES, { ...dv, status: { ...status, claimName: name, phase, progress, conditions } });
    if (phase === 'ImportInProgress') {
      this.bindClaim(namespace, name);
      recordEvent(this.ctx.store, updated, 'Bound', `PVC ${name} Bound`, 'datavolume-import-controller');
    }
    if (phase === 'Succeeded') recordEvent(this.ctx.store, updated, 'ImportSucceeded', 'Import Successful', 'datavolume-import-controller');
  }

  private startImport(namespace: string, name: string): void {
    const dv = this.get(namespace, name);
    if (!dv) return;
    const claimed = this.createClaim(dv);
    this.setPhase(namespace, name, 'Pending', 'N/A');
    // Without a PVC the DataVolume stays Pending, and its VM never starts.
    if (!claimed) return;
    if (this.ctx.volumeBindingMode === 'WaitForFirstConsumer') {
      this.ctx.scheduler.after(delay(this.ctx, 'schedulingMs'), () => {
        this.setPhase(namespace, name, 'PendingPopulation', 'N/A');
        if (this.hasConsumer(namespace, name)) this.consumerAppeared(namespace, name);
      });
    } else {
      this.ctx.scheduler.after(delay(this.ctx, 'schedulingMs'), () => this.runImport(namespace, name));
    }
  }

  private consumerAppeared(namespace: string, name: string): void {
    if (isDataVolumeWaitingForConsumer(this.get(namespace, name))) this.runImport(namespace, name);
  }

  private hasConsumer(namespace: string, name: string): boolean {
    return (this.consumers.get(`${namespace}/${name}`)?.size ?? 0) > 0;
  }

  private runImport(namespace: string, name: string): void {
    this.setPhase(namespace, name, 'ImportScheduled', 'N/A');
    const total = delay(this.ctx, 'importMs');
    // Chained, not two timers: Node runs timers of different durations out of order when busy.
    this.ctx.scheduler.after(total / 3, () => {
      this.setPhase(namespace, name, 'ImportInProgress', '37.50%');
      this.ctx.scheduler.after((2 * total) / 3, () => this.setPhase(namespace, name, 'Succeeded', '100.0%'));
    });
  }

  /** Creates the DataVolume's PVC; false (and a Warning event) when CDI could not render its spec. */
  private createClaim(dv: StoredObject): boolean {
    const { namespace, name } = dv.metadata;
    if (this.ctx.store.get(PVCS, namespace, name)) return true;
    const spec = (dv.spec as DataVolumeSpec | undefined) ?? {};
    const rendered = spec.pvc ? renderClaimSpec(this.ctx.store, 'pvc', spec.pvc) : renderClaimSpec(this.ctx.store, 'storage', spec.storage ?? {});
    if ('invalid' in rendered) {
      recordEvent(this.ctx.store, dv, 'ErrClaimNotValid', rendered.invalid, 'datavolume-import-controller', 'Warning');
      return false;
    }
    const claim: KubeObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name,
        ...(namespace !== undefined ? { namespace } : {}),
        // CDI passes every DataVolume label on to its PVC (since CDI 1.57), then adds its own.
        labels: {
          ...dv.metadata.labels,
          app: 'containerized-data-importer',
          'app.kubernetes.io/component': 'storage',
          'app.kubernetes.io/managed-by': 'cdi-controller',
        },
        annotations: { 'cdi.kubevirt.io/storage.contentType': 'kubevirt', 'cdi.kubevirt.io/createdForDataVolume': dv.metadata.uid },
        ownerReferences: [
          { apiVersion: dv.apiVersion, kind: dv.kind, name, uid: dv.metadata.uid, controller: true, blockOwnerDeletion: true },
        ],
      },
      spec: rendered.spec,
      status: { phase: 'Pending' },
    };
    this.ctx.store.create(PVCS, claim);
    return true;
  }

  private bindClaim(namespace: string, name: string): void {
    const pvc = this.ctx.store.get(PVCS, namespace, name);
    if (!pvc || (pvc.status as { phase?: string } | undefined)?.phase === 'Bound') return;
    const spec = pvc.spec as { accessModes?: string[]; resources?: { requests?: { storage?: string } } };
    this.ctx.store.replace(PVCS, {
      ...pvc,
      spec: { ...spec, volumeName: `pvc-${pvc.metadata.uid}` },
      status: { phase: 'Bound', accessModes: spec.accessModes, capacity: { storage: spec.resources?.requests?.storage } },
    });
  }
}

/** The DataVolume and PVC names a VMI's volumes refer to. */
export const volumeClaims = (vmi: KubeObject): string[] => {
  const volumes = (vmi.spec as { volumes?: { dataVolume?: { name?: string }; persistentVolumeClaim?: { claimName?: string } }[] } | undefined)?.volumes ?? [];
  return volumes.flatMap((v) => [v.dataVolume?.name, v.persistentVolumeClaim?.claimName].filter((n): n is string => n !== undefined));
};
