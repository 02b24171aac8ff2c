/**
 * What `virtwork run --dry-run --guest-os debian -o json` prints, read back as what a cluster would
 * boot: per VM, the exact user-data bytes of its Secret, its readiness probe command, its vCPUs and
 * memory, and its data disks by serial and size; per Service, the VMs it selects.
 */
import type { KubernetesObject, V1Secret, V1Service } from '@kubernetes/client-node';
import type { V1VirtualMachine } from '@kubevirt-ui-ext/kubevirt-api/kubevirt';
import { parse } from 'yaml';
import { ANNOTATION_GUEST_OS, LABEL_ROLE, LABEL_WORKLOAD, USERDATA_SECRET_KEY } from '../../../../src/constants.js';
import { runCli } from '../../../cli/support/run-cli.js';
import type { GuestRequest } from '../../lab/lab.js';
import { serviceDnsNames } from '../../lab/network.js';
import { quantityBytes } from '../../lab/quantity.js';

export interface PlannedDisk {
  readonly serial: string;
  readonly sizeBytes: number;
}

/** A file the cloud-config writes (`write_files`). */
export interface PlannedFile {
  readonly path: string;
  readonly content: string;
  readonly permissions?: string;
}

export interface PlannedVm {
  readonly name: string;
  readonly workload: string;
  readonly role?: string;
  readonly guestOs?: string;
  readonly cpuCores: number;
  readonly memoryBytes: number;
  /** The Secret's `userdata`, base64-decoded: the bytes the guest must receive. */
  readonly userData: Buffer;
  /** `spec.template.spec.readinessProbe`, as the kubelet (httpGet) or the guest agent (exec) runs it. */
  readonly probe: PlannedProbe;
  readonly dataDisks: readonly PlannedDisk[];
  /** The parsed cloud-config's `packages`, `write_files` and units (files under /etc/systemd/system). */
  readonly packages: readonly string[];
  readonly files: readonly PlannedFile[];
  readonly unitFiles: readonly PlannedFile[];
}

export type PlannedProbe =
  | {
      readonly kind: 'http';
      readonly port: number;
      readonly path: string;
      readonly timeoutSeconds: number;
      readonly periodSeconds: number;
      readonly failureThreshold: number;
    }
  | { readonly kind: 'exec'; readonly command: readonly string[] }
  | { readonly kind: 'none' };

export interface PlannedService {
  readonly name: string;
  readonly namespace: string;
  /** Names of the VMs whose labels the Service's selector matches. */
  readonly selects: readonly string[];
}

export interface PlannedRun {
  readonly namespace: string;
  readonly vms: readonly PlannedVm[];
  readonly services: readonly PlannedService[];
}

/** The dry-run's arguments: the debian profile, JSON, then the test's own (workloads, params, sizes). */
export const dryRunArgs = (args: readonly string[]): string[] => ['run', '--dry-run', '--guest-os', 'debian', '-o', 'json', ...args];

/** Runs the real CLI (built from the sources first when they changed) and reads its List back. */
export const planDryRun = async (args: readonly string[]): Promise<PlannedRun> => {
  const result = await runCli(dryRunArgs(args));
  if (result.code !== 0) throw new Error(`virtwork ${dryRunArgs(args).join(' ')} exited ${result.code}:\n${result.stderr}`);
  return readPlannedRun((JSON.parse(result.stdout) as { items: KubernetesObject[] }).items);
};

export const readPlannedRun = (items: readonly KubernetesObject[]): PlannedRun => {
  const secrets = new Map(items.filter((o): o is V1Secret => o.kind === 'Secret').map((s) => [s.metadata?.name, s]));
  const vmObjects = items.filter((o) => o.kind === 'VirtualMachine') as unknown as V1VirtualMachine[];
  const vms = vmObjects.map((vm) => readVm(vm, secrets));
  const services = items
    .filter((o): o is V1Service => o.kind === 'Service')
    .map((service) => ({
      name: service.metadata?.name ?? '',
      namespace: service.metadata?.namespace ?? '',
      selects: vmObjects.filter((vm) => matches(service.spec?.selector ?? {}, vm)).map((vm) => vm.metadata?.name ?? ''),
    }));
  const namespace = items.find((o) => o.kind === 'Namespace')?.metadata?.name ?? '';
  return { namespace, vms, services };
};

const matches = (selector: Record<string, string>, vm: V1VirtualMachine): boolean => {
  const labels = vm.spec?.template?.metadata?.labels ?? {};
  return Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);
};

const readVm = (vm: V1VirtualMachine, secrets: ReadonlyMap<string | undefined, V1Secret>): PlannedVm => {
  const name = vm.metadata?.name ?? '';
  const spec = vm.spec?.template?.spec;
  const secretName = spec?.volumes?.find((v) => v.cloudInitNoCloud)?.cloudInitNoCloud?.secretRef?.name;
  const secret = secrets.get(secretName);
  const encoded = secret?.data?.[USERDATA_SECRET_KEY];
  const plain = secret?.stringData?.[USERDATA_SECRET_KEY];
  if (encoded === undefined && plain === undefined) throw new Error(`${name}: Secret ${String(secretName)} has no ${USERDATA_SECRET_KEY}`);
  const userData = encoded !== undefined ? Buffer.from(encoded, 'base64') : Buffer.from(plain ?? '', 'utf8');
  const cloudConfig = parse(userData.toString('utf8')) as { packages?: string[]; write_files?: PlannedFile[] };
  const files = cloudConfig.write_files ?? [];
  const memory = spec?.domain?.memory?.guest ?? spec?.domain?.resources?.requests?.memory;
  if (typeof memory !== 'string') throw new Error(`${name}: no guest memory in the VM spec`);
  return {
    name,
    workload: vm.metadata?.labels?.[LABEL_WORKLOAD] ?? '',
    ...(vm.metadata?.labels?.[LABEL_ROLE] !== undefined && { role: vm.metadata.labels[LABEL_ROLE] }),
    ...(vm.metadata?.annotations?.[ANNOTATION_GUEST_OS] !== undefined && { guestOs: vm.metadata.annotations[ANNOTATION_GUEST_OS] }),
    cpuCores: spec?.domain?.cpu?.cores ?? 1,
    memoryBytes: quantityBytes(memory),
    userData,
    probe: probeOf(vm),
    dataDisks: dataDisksOf(vm),
    packages: cloudConfig.packages ?? [],
    files,
    unitFiles: files.filter((f) => /^\/etc\/systemd\/system\/[^/]+\.service$/.test(f.path)),
  };
};

const probeOf = (vm: V1VirtualMachine): PlannedProbe => {
  const probe = vm.spec?.template?.spec?.readinessProbe;
  if (probe === undefined) return { kind: 'none' };
  if (probe.exec?.command !== undefined) return { kind: 'exec', command: probe.exec.command };
  // KubeVirt's generated types leave out httpGet.port; the object has it.
  const httpGet: { port?: number | string; path?: string } | undefined = probe.httpGet;
  if (typeof httpGet?.port !== 'number' || httpGet.path === undefined) throw new Error(`${vm.metadata?.name}: a readiness probe virtwork does not make`);
  // The kubelet's defaults: timeout 1 s, period 10 s, failure threshold 3.
  return {
    kind: 'http',
    port: httpGet.port,
    path: httpGet.path,
    timeoutSeconds: probe.timeoutSeconds ?? 1,
    periodSeconds: probe.periodSeconds ?? 10,
    failureThreshold: probe.failureThreshold ?? 3,
  };
};

/** Disks with a serial, sized by the DataVolume template their volume names. */
const dataDisksOf = (vm: V1VirtualMachine): PlannedDisk[] => {
  const spec = vm.spec?.template?.spec;
  return (spec?.domain?.devices?.disks ?? []).flatMap((disk) => {
    if (disk.serial === undefined) return [];
    const dataVolume = spec?.volumes?.find((v) => v.name === disk.name)?.dataVolume?.name;
    const template = vm.spec?.dataVolumeTemplates?.find((t) => t.metadata?.name === dataVolume);
    const size = template?.spec?.storage?.resources?.requests?.storage ?? template?.spec?.pvc?.resources?.requests?.storage;
    if (size === undefined) throw new Error(`${vm.metadata?.name}: disk ${disk.name} has no DataVolume size`);
    return [{ serial: disk.serial, sizeBytes: quantityBytes(String(size)) }];
  });
};

/** The text of the unit file `unit` (`virtwork-cpu.service`) the VM's cloud-config writes. */
export const unitFileOf = (vm: PlannedVm, unit: string): string => {
  const file = vm.unitFiles.find((f) => f.path === `/etc/systemd/system/${unit}`);
  if (!file) throw new Error(`${vm.name} writes no unit ${unit} (it writes ${vm.unitFiles.map((f) => f.path).join(', ')})`);
  return file.content;
};

/** The plan's VM named `name`. */
export const vmNamed = (run: PlannedRun, name: string): PlannedVm => {
  const vm = run.vms.find((v) => v.name === name);
  if (!vm) throw new Error(`the dry run planned no VM ${name} (it planned ${run.vms.map((v) => v.name).join(', ')})`);
  return vm;
};

export interface BootOptions {
  /** Reach each VM's httpGet probe port from the host, as the kubelet reaches the launcher pod. */
  readonly forwardProbePort?: boolean;
}

/**
 * The lab's request for each VM: its own user-data, vCPUs, memory and disks, and the DNS names of the
 * Services that select it, so its peers reach it by name as they would through cluster DNS.
 */
export const guestRequests = (run: PlannedRun, vms: readonly PlannedVm[], options: BootOptions = {}): GuestRequest[] =>
  vms.map((vm) => ({
    ...(options.forwardProbePort && vm.probe.kind === 'http' && { forwardPorts: [vm.probe.port] }),
    name: vm.name,
    userData: vm.userData,
    cpus: vm.cpuCores,
    memoryBytes: vm.memoryBytes,
    dataDisks: vm.dataDisks,
    serviceNames: run.services.filter((s) => s.selects.includes(vm.name)).flatMap((s) => serviceDnsNames(s.name, s.namespace)),
  }));
