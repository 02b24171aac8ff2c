/**
 * virt-controller and virt-handler for VirtualMachineInstances: Pending -> Scheduling ->
 * (volumes ready) -> Scheduled -> Running, with phaseTransitionTimestamps, a node, an IP, the
 * guest agent, and conditions shaped like real captures (explicit null timestamps, reasons
 * PodNotExists / GuestNotRunning / ContainersNotReady). A readiness probe keeps Ready False
 * until it passes, by its kind (probePasses). A missing cloud-init Secret keeps the VMI
 * Scheduling (the launcher pod's mount fails) until the Secret appears; a Secret without the
 * data keeps it Scheduled with Synchronized False. Per-VM faults: never Ready, Failed, slow boot,
 * no guest agent.
 */
import { randomUUID } from 'node:crypto';
import type { V1Probe, V1Volume } from '@kubevirt-ui-ext/kubevirt-api/kubevirt';
import { resourceOfKind } from '../registry/index.js';
import { timestamp, type KubeObject, type StoreEvent, type StoredObject } from '../storage/store.js';
import { delay, setCondition, type Condition } from './context.js';
import { StoreController } from './controller.js';
import { cloudInitDataError, missingSecret, type SecretKeys } from './cloud-init-secrets.js';
import { isDataVolumeReady, volumeClaims } from './datavolume-controller.js';
import { recordEvent } from './events.js';

const VMIS = resourceOfKind('VirtualMachineInstance');
const DATA_VOLUMES = resourceOfKind('DataVolume');
const PVCS = resourceOfKind('PersistentVolumeClaim');
const SECRETS = resourceOfKind('Secret');

export const VMI_FINALIZERS = ['kubevirt.io/virtualMachineControllerFinalize', 'foregroundDeleteVirtualMachine'];
const NODES = ['sim-worker-0', 'sim-worker-1', 'sim-worker-2'];
const LAUNCHER_IMAGE =
  'registry.redhat.io/container-native-virtualization/virt-launcher-rhel9@sha256:250bbd4d6f93670a26e559869004bddf34744e86a8e7d1ef534932e7f443417d';

type Phase = 'Pending' | 'Scheduling' | 'Scheduled' | 'Running' | 'Succeeded' | 'Failed';

interface VmiStatus {
  phase?: Phase;
  phaseTransitionTimestamps?: { phase: string; phaseTransitionTimestamp: string }[];
  conditions?: Condition[];
  nodeName?: string;
  reason?: string;
  activePods?: Record<string, string>;
  interfaces?: Record<string, unknown>[];
  guestOSInfo?: Record<string, unknown>;
  [field: string]: unknown;
}

interface VmiSpec {
  readinessProbe?: Pick<V1Probe, 'exec' | 'httpGet' | 'tcpSocket' | 'guestAgentPing'>;
  domain?: {
    cpu?: { cores?: number; sockets?: number; threads?: number };
    memory?: { guest?: string };
    resources?: { requests?: { memory?: string } };
    machine?: { type?: string };
    devices?: { interfaces?: { name: string; macAddress?: string }[] };
  };
  volumes?: V1Volume[];
}

/** Per-VMI bookkeeping the controller keeps in memory (a real virt-handler keeps it in the domain). */
interface Guest {
  readonly uid: string;
  readonly podUid: string;
  readonly node: string;
  readonly ip: string;
  readonly mac: string;
  runningSince?: number;
  agentConnected: boolean;
  /** readyAfterMs has elapsed since Running. */
  probeTimeElapsed: boolean;
  /** The kubelet's FailedMount event was recorded (it repeats on a cluster; once is enough here). */
  mountFailureRecorded?: boolean;
}

/** Ready False while no guest runs: Scheduling, and Failed. */
const guestNotRunning = (now: string): Condition => ({
  type: 'Ready',
  status: 'False',
  reason: 'GuestNotRunning',
  message: 'Guest VM is not reported as running',
  lastProbeTime: now,
  lastTransitionTime: now,
});

/** The five-character pod suffix of a guest's virt-launcher pod. */
const launcherSuffix = (guests: Map<string, Guest>, ns: string, name: string): string =>
  (guests.get(`${ns}/${name}`)?.podUid ?? '').replace(/-/g, '').slice(0, 5);

const hasDataVolumes = (vmi: StoredObject): boolean => ((vmi.spec as VmiSpec | undefined)?.volumes ?? []).some((v) => v.dataVolume !== undefined);

/**
 * Whether a readiness probe passes, by kind. httpGet and tcpSocket reach the guest's health
 * endpoint through the pod network (the kubelet runs them on the virt-launcher pod): they pass
 * while the guest's units are active. exec runs inside the guest through the guest agent, so it
 * also needs the agent connected; guestAgentPing needs only the agent.
 */
const probePasses = (
  probe: NonNullable<VmiSpec['readinessProbe']>,
  guest: { readonly unitsActive: boolean; readonly agentConnected: boolean },
): boolean => {
  if (probe.guestAgentPing !== undefined) return guest.agentConnected;
  if (probe.exec !== undefined) return guest.unitsActive && guest.agentConnected;
  return guest.unitsActive;
};

export class VmiController extends StoreController {
  readonly name = 'virtualmachineinstance-controller';
  readonly watches = [VMIS.kind, DATA_VOLUMES.kind, PVCS.kind, SECRETS.kind];
  private readonly guests = new Map<string, Guest>();
  /** `<namespace>/<claim>` -> VMIs waiting for that volume to be ready. */
  private readonly waitingOnVolume = new Map<string, Set<string>>();
  /** `<namespace>/<secret>` -> VMIs whose launcher pod waits to mount that Secret. */
  private readonly waitingOnSecret = new Map<string, Set<string>>();
  private nextIp = 10;
  private stopProbes: (() => void) | undefined;

  // Besides the store, a test or /_sim/guests changing a guest's probe.
  override start(): void {
    super.start();
    this.stopProbes = this.ctx.guests.onChange((ns, name) => this.probeChanged(ns, name));
  }

  override stop(): void {
    super.stop();
    this.stopProbes?.();
    this.stopProbes = undefined;
  }

  private probeChanged(namespace: string | undefined, name: string): void {
    for (const key of this.guests.keys()) {
      const [ns = '', vmiName] = key.split('/');
      if (vmiName === name && (namespace === undefined || namespace === ns)) {
        this.ctx.scheduler.soon(`vmi-ready/${key}`, () => this.updateReady(ns, name));
      }
    }
  }

  protected observe(event: StoreEvent): void {
    const { namespace, name } = event.object.metadata;
    const ns = namespace ?? '';
    if (event.resource === VMIS) {
      const key = `${ns}/${name}`;
      if (event.type === 'DELETED') this.guests.delete(key);
      else if (event.type === 'ADDED') this.ctx.scheduler.soon(`vmi/${key}`, () => this.pending(ns, name));
      else if (event.object.metadata.deletionTimestamp !== undefined && event.previous?.metadata.deletionTimestamp === undefined) {
        this.ctx.scheduler.after(delay(this.ctx, 'stopMs'), () => this.shutDown(ns, name));
      }
    } else if ((event.resource === DATA_VOLUMES || event.resource === PVCS) && event.type !== 'DELETED') {
      const waiting = this.waitingOnVolume.get(`${ns}/${name}`);
      for (const vmiName of waiting ?? []) this.ctx.scheduler.soon(`vmi-volumes/${ns}/${vmiName}`, () => this.checkVolumes(ns, vmiName));
    } else if (event.resource === SECRETS && event.type === 'ADDED') {
      // The kubelet retries the mount: a Secret created late lets the pod start.
      const waiting = this.waitingOnSecret.get(`${ns}/${name}`);
      this.waitingOnSecret.delete(`${ns}/${name}`);
      for (const vmiName of waiting ?? []) this.ctx.scheduler.soon(`vmi-scheduled/${ns}/${vmiName}`, () => this.scheduled(ns, vmiName));
    }
  }

  /** The live VMI with its guest and status while it runs, else undefined. */
  private runningGuest(ns: string, name: string): { vmi: StoredObject; guest: Guest; status: VmiStatus } | undefined {
    const vmi = this.live(ns, name);
    const guest = this.guests.get(`${ns}/${name}`);
    const status = vmi?.status as VmiStatus | undefined;
    return vmi && guest && status?.phase === 'Running' ? { vmi, guest, status } : undefined;
  }

  /** The live VMI, unless it is gone, being deleted, or a different object of the same name. */
  private live(ns: string, name: string): StoredObject | undefined {
    const vmi = this.ctx.store.get(VMIS, ns, name);
    if (!vmi || vmi.metadata.deletionTimestamp !== undefined) return undefined;
    const guest = this.guests.get(`${ns}/${name}`);
    return guest && guest.uid !== vmi.metadata.uid ? undefined : vmi;
  }

  private write(vmi: StoredObject, status: VmiStatus, meta: Partial<StoredObject['metadata']> = {}): void {
    this.ctx.store.replace(VMIS, { ...vmi, metadata: { ...vmi.metadata, ...meta }, status });
  }

  private transition(status: VmiStatus, phase: Phase, now: string): VmiStatus {
    return {
      ...status,
      phase,
      phaseTransitionTimestamps: [...(status.phaseTransitionTimestamps ?? []), { phase, phaseTransitionTimestamp: now }],
    };
  }

  private pending(ns: string, name: string): void {
    const vmi = this.ctx.store.get(VMIS, ns, name);
    if (!vmi || vmi.metadata.deletionTimestamp !== undefined) return;
    const n = this.nextIp++;
    const node = NODES[[...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 0) % NODES.length]!;
    this.guests.set(`${ns}/${name}`, {
      uid: vmi.metadata.uid,
      podUid: randomUUID(),
      node,
      ip: `10.128.${(n >> 8) & 255}.${n & 255}`,
      mac: `02:${[n >> 16, n >> 8, n, 0x40].map((b) => (b & 255).toString(16).padStart(2, '0')).join(':')}:00`,
      agentConnected: false,
      probeTimeElapsed: false,
    });
    const now = timestamp();
    const owner = vmi.metadata.ownerReferences?.find((o) => o.controller);
    const status = this.transition(
      {
        conditions: [
          {
            type: 'Ready',
            status: 'False',
            reason: 'PodNotExists',
            message: 'virt-launcher pod has not yet been scheduled',
            lastProbeTime: now,
            lastTransitionTime: now,
          },
        ],
        guestOSInfo: {},
        qosClass: 'Burstable',
        runtimeUser: 107,
        ...(owner ? { virtualMachineRevisionName: `revision-start-vm-${owner.uid}-1` } : {}),
      },
      'Pending',
      now,
    );
    const finalizers = [...new Set([...(vmi.metadata.finalizers ?? []), ...VMI_FINALIZERS])];
    const annotations = {
      ...vmi.metadata.annotations,
      'kubevirt.io/latest-observed-api-version': 'v1',
      'kubevirt.io/storage-observed-api-version': 'v1',
    };
    this.write(vmi, status, { finalizers, annotations });
    recordEvent(this.ctx.store, vmi, 'SuccessfulCreate', `Created virtual machine pod virt-launcher-${name}-${launcherSuffix(this.guests, ns, name)}`, 'virtualmachine-controller');
    this.ctx.scheduler.after(delay(this.ctx, 'schedulingMs'), () => this.scheduling(ns, name));
  }

  private scheduling(ns: string, name: string): void {
    const vmi = this.live(ns, name);
    const guest = this.guests.get(`${ns}/${name}`);
    if (!vmi || !guest) return;
    const now = timestamp();
    const spec = (vmi.spec as VmiSpec | undefined) ?? {};
    const cpu = spec.domain?.cpu ?? {};
    const memory = spec.domain?.memory?.guest ?? spec.domain?.resources?.requests?.memory;
    let status = this.transition((vmi.status as VmiStatus | undefined) ?? {}, 'Scheduling', now);
    status = {
      ...status,
      activePods: { [guest.podUid]: '' },
      conditions: setCondition(status.conditions ?? [], guestNotRunning(now)),
      currentCPUTopology: { cores: cpu.cores ?? 1, sockets: cpu.sockets ?? 1, threads: cpu.threads ?? 1 },
      ...(memory ? { memory: { guestAtBoot: memory, guestCurrent: memory, guestRequested: memory } } : {}),
      launcherContainerImageVersion: LAUNCHER_IMAGE,
    };
    this.write(vmi, this.withVolumesCondition(vmi, status, this.volumesReady(vmi)));
    this.checkVolumes(ns, name);
  }

  private volumesReady(vmi: StoredObject): boolean {
    const ns = vmi.metadata.namespace;
    return volumeClaims(vmi).every((claim) => {
      const dv = this.ctx.store.get(DATA_VOLUMES, ns, claim);
      if (dv) return isDataVolumeReady(dv);
      return this.ctx.store.get(PVCS, ns, claim) !== undefined;
    });
  }

  private withVolumesCondition(vmi: StoredObject, status: VmiStatus, ready: boolean): VmiStatus {
    if (!hasDataVolumes(vmi)) return status;
    const condition: Condition = ready
      ? { type: 'DataVolumesReady', status: 'True', reason: 'AllDVsReady', message: "All of the VMI's DVs are bound and not running", lastProbeTime: null, lastTransitionTime: null }
      : { type: 'DataVolumesReady', status: 'False', reason: 'NotAllDVsReady', message: "Not all of the VMI's DVs are ready", lastProbeTime: null, lastTransitionTime: null };
    return { ...status, conditions: setCondition(status.conditions ?? [], condition) };
  }

  /** Scheduling waits here until every volume is ready; DataVolume events bring it back. */
  private checkVolumes(ns: string, name: string): void {
    const vmi = this.live(ns, name);
    if (!vmi || (vmi.status as VmiStatus | undefined)?.phase !== 'Scheduling') return;
    const claims = volumeClaims(vmi);
    if (!this.volumesReady(vmi)) {
      for (const claim of claims) {
        const key = `${ns}/${claim}`;
        let set = this.waitingOnVolume.get(key);
        if (!set) this.waitingOnVolume.set(key, (set = new Set()));
        set.add(name);
      }
      return;
    }
    for (const claim of claims) this.waitingOnVolume.get(`${ns}/${claim}`)?.delete(name);
    this.ctx.scheduler.after(delay(this.ctx, 'scheduledMs'), () => this.scheduled(ns, name));
  }

  private scheduled(ns: string, name: string): void {
    const vmi = this.live(ns, name);
    const guest = this.guests.get(`${ns}/${name}`);
    if (!vmi || !guest || (vmi.status as VmiStatus | undefined)?.phase !== 'Scheduling') return;
    const volumes = (vmi.spec as VmiSpec | undefined)?.volumes;
    const unmounted = missingSecret(volumes, this.secretKeys(ns));
    if (unmounted) {
      this.failMount(vmi, guest, unmounted.podVolume, unmounted.secret);
      return;
    }
    const now = timestamp();
    let status = this.transition((vmi.status as VmiStatus | undefined) ?? {}, 'Scheduled', now);
    status = this.withVolumesCondition(vmi, { ...status, nodeName: guest.node, activePods: { [guest.podUid]: guest.node } }, true);
    this.write(vmi, status, { labels: { ...vmi.metadata.labels, 'kubevirt.io/nodeName': guest.node } });

    // Adding the key later does not help: subPath mounts never see a Secret's updates.
    const dataError = cloudInitDataError(volumes, this.secretKeys(ns));
    if (dataError !== undefined) {
      this.failSync(ns, name, `ReadCloudInitVolumeDataSource failed: ${dataError}`);
      return;
    }

    const fault = this.ctx.faults.vmFault(ns, name);
    if (fault?.behaviour === 'fail') {
      this.ctx.scheduler.after(delay(this.ctx, 'runningMs'), () => this.fail(ns, name, fault.reason ?? 'NodeUnresponsive'));
      return;
    }
    // A guest that never gets ready and has no probe to report it never reports running.
    if (fault?.behaviour === 'neverReady' && !this.hasProbe(vmi)) return;
    const extra = fault?.behaviour === 'slowBoot' ? (fault.delayMs ?? 5_000) : 0;
    this.ctx.scheduler.after(delay(this.ctx, 'runningMs', extra), () => this.running(ns, name));
  }

  private secretKeys(ns: string): SecretKeys {
    return (secret) => {
      const found = this.ctx.store.get(SECRETS, ns, secret);
      return found ? Object.keys((found.data as Record<string, string> | undefined) ?? {}) : undefined;
    };
  }

  /** The kubelet cannot mount a Secret into the launcher pod: it stays ContainerCreating, the VMI Scheduling. */
  private failMount(vmi: StoredObject, guest: Guest, podVolume: string, secret: string): void {
    const ns = vmi.metadata.namespace ?? '';
    const key = `${ns}/${secret}`;
    let waiting = this.waitingOnSecret.get(key);
    if (!waiting) this.waitingOnSecret.set(key, (waiting = new Set()));
    waiting.add(vmi.metadata.name);
    if (guest.mountFailureRecorded) return;
    guest.mountFailureRecorded = true;
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `virt-launcher-${vmi.metadata.name}-${launcherSuffix(this.guests, ns, vmi.metadata.name)}`, namespace: ns, uid: guest.podUid },
    };
    recordEvent(
      this.ctx.store,
      pod,
      'FailedMount',
      `MountVolume.SetUp failed for volume "${podVolume}" : secret "${secret}" not found`,
      'kubelet',
      'Warning',
      guest.node,
    );
  }

  /**
   * virt-handler's sync fails (the launcher cannot build the domain): Synchronized False and a
   * SyncFailed event (pkg/virt-handler/vm.go, handleSyncError and CheckFailure), phase unchanged.
   */
  private failSync(ns: string, name: string, launcherError: string): void {
    const vmi = this.live(ns, name);
    const status = vmi?.status as VmiStatus | undefined;
    if (!vmi || !status) return;
    const message = `server error. command SyncVMI failed: ${JSON.stringify(launcherError)}`;
    this.write(vmi, {
      ...status,
      conditions: setCondition(status.conditions ?? [], {
        type: 'Synchronized',
        status: 'False',
        reason: 'Synchronizing with the Domain failed.',
        message,
        lastProbeTime: null,
        lastTransitionTime: timestamp(),
      }),
    });
    recordEvent(this.ctx.store, vmi, 'SyncFailed', message, 'virt-handler', 'Warning', this.guests.get(`${ns}/${name}`)?.node);
  }

  private hasProbe(vmi: StoredObject): boolean {
    return (vmi.spec as VmiSpec | undefined)?.readinessProbe !== undefined;
  }

  private isReady(vmi: StoredObject, guest: Guest): boolean {
    const ns = vmi.metadata.namespace ?? '';
    if (this.ctx.faults.vmFault(ns, vmi.metadata.name)?.behaviour === 'neverReady') return false;
    const probe = (vmi.spec as VmiSpec | undefined)?.readinessProbe;
    if (probe === undefined) return true;
    const unitsActive = this.ctx.guests.probeState(ns, vmi.metadata.name) ?? guest.probeTimeElapsed;
    return probePasses(probe, { unitsActive, agentConnected: guest.agentConnected });
  }

  private readyCondition(ready: boolean, now: string): Condition {
    return ready
      ? { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: now }
      : {
          type: 'Ready',
          status: 'False',
          reason: 'ContainersNotReady',
          message: 'containers with unready status: [compute]',
          lastProbeTime: null,
          lastTransitionTime: now,
        };
  }

  private running(ns: string, name: string): void {
    const vmi = this.live(ns, name);
    const guest = this.guests.get(`${ns}/${name}`);
    if (!vmi || !guest || (vmi.status as VmiStatus | undefined)?.phase !== 'Scheduled') return;
    guest.runningSince = Date.now();
    const now = timestamp();
    const spec = (vmi.spec as VmiSpec | undefined) ?? {};
    // Without interfaces, KubeVirt attaches the pod network as "default".
    const iface = spec.domain?.devices?.interfaces?.[0] ?? { name: 'default' };
    const usesClaims = volumeClaims(vmi).length > 0;
    let status = this.transition((vmi.status as VmiStatus | undefined) ?? {}, 'Running', now);
    let conditions = setCondition(status.conditions ?? [], this.readyCondition(this.isReady(vmi, guest), now));
    conditions = setCondition(
      conditions,
      usesClaims
        ? {
            type: 'LiveMigratable',
            status: 'False',
            reason: 'DisksNotLiveMigratable',
            message: `cannot migrate VMI: PVC ${volumeClaims(vmi)[0]} is not shared, live migration requires that all PVCs must be shared (using ReadWriteMany access mode)`,
            lastProbeTime: null,
            lastTransitionTime: null,
          }
        : { type: 'LiveMigratable', status: 'True', lastProbeTime: null, lastTransitionTime: null },
    );
    conditions = setCondition(conditions, { type: 'StorageLiveMigratable', status: 'True', lastProbeTime: null, lastTransitionTime: null });
    status = {
      ...status,
      conditions,
      interfaces: iface
        ? [{ infoSource: 'domain', ipAddress: guest.ip, ipAddresses: [guest.ip], mac: iface.macAddress ?? guest.mac, name: iface.name, podInterfaceName: 'eth0', queueCount: 1 }]
        : [],
      machine: { type: spec.domain?.machine?.type ?? 'pc-q35-rhel9.4.0' },
      migrationMethod: 'BlockMigration',
      migrationTransport: 'Unix',
      volumeStatus: (spec.volumes ?? []).map((v, i) => ({ name: v.name, target: `vd${String.fromCharCode(97 + i)}` })),
    };
    this.write(vmi, status);
    recordEvent(this.ctx.store, vmi, 'Started', 'VirtualMachineInstance started.', 'virt-handler');
    this.ctx.scheduler.after(delay(this.ctx, 'agentMs'), () => this.agentConnected(ns, name));
    if (this.hasProbe(vmi) && this.ctx.readyAfterMs !== undefined) {
      this.ctx.scheduler.after(this.ctx.readyAfterMs, () => {
        guest.probeTimeElapsed = true;
        this.updateReady(ns, name);
      });
    }
  }

  private agentConnected(ns: string, name: string): void {
    const running = this.runningGuest(ns, name);
    if (!running) return;
    const { vmi, guest, status } = running;
    if (this.ctx.faults.vmFault(ns, name)?.behaviour === 'noGuestAgent') return;
    guest.agentConnected = true;
    const now = timestamp();
    this.write(vmi, {
      ...status,
      conditions: setCondition(status.conditions ?? [], { type: 'AgentConnected', status: 'True', lastProbeTime: now, lastTransitionTime: null }),
      guestOSInfo: {
        id: 'fedora',
        kernelRelease: '6.14.0-63.fc42.x86_64',
        kernelVersion: '#1 SMP PREEMPT_DYNAMIC Mon Mar 24 19:53:37 UTC 2025',
        name: 'Fedora Linux',
        prettyName: 'Fedora Linux 42 (Cloud Edition)',
        version: '42 (Cloud Edition)',
        versionId: '42',
      },
      interfaces: (status.interfaces ?? []).map((i) => ({ ...i, infoSource: 'domain, guest-agent', interfaceName: 'eth0' })),
    });
    // An exec probe runs through the agent: it can pass from now on.
    this.updateReady(ns, name);
  }

  /** Re-evaluates the Ready condition of a running VMI (probe state changed). */
  private updateReady(ns: string, name: string): void {
    const running = this.runningGuest(ns, name);
    if (!running) return;
    const { vmi, guest, status } = running;
    const ready = this.isReady(vmi, guest);
    const current = status.conditions?.find((c) => c.type === 'Ready');
    if ((current?.status === 'True') === ready) return;
    this.write(vmi, { ...status, conditions: setCondition(status.conditions ?? [], this.readyCondition(ready, timestamp())) });
  }

  private fail(ns: string, name: string, reason: string): void {
    const vmi = this.live(ns, name);
    if (!vmi) return;
    const now = timestamp();
    const status = this.transition((vmi.status as VmiStatus | undefined) ?? {}, 'Failed', now);
    this.write(vmi, {
      ...status,
      reason,
      conditions: setCondition(status.conditions ?? [], guestNotRunning(now)),
    });
  }

  /** A deleted VMI: the guest stops, the finalizers go, the object goes. */
  private shutDown(ns: string, name: string): void {
    const vmi = this.ctx.store.get(VMIS, ns, name);
    if (!vmi || vmi.metadata.deletionTimestamp === undefined) return;
    const finalizers = (vmi.metadata.finalizers ?? []).filter((f) => !VMI_FINALIZERS.includes(f));
    const status = (vmi.status as VmiStatus | undefined) ?? {};
    const final: KubeObject = {
      ...vmi,
      metadata: { ...vmi.metadata, finalizers },
      status: status.phase === 'Failed' ? status : this.transition(status, 'Succeeded', timestamp()),
    };
    this.ctx.store.replace(VMIS, final);
  }
}
