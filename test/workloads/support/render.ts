/** Renders built-in workloads the way a run does, and reads the parts tests look at. */
import { hashPassword } from '../../../src/cloudinit/password.js';
import type { ReadinessMode } from '../../../src/constants.js';
import type { GuestOsName } from '../../../src/workloads/guest/guest-profile.js';
import type { ParamValues } from '../../../src/workloads/params.js';
import { createWorkload } from '../../../src/workloads/registry.js';
import type { SshCredentials, Workload, WorkloadConfig, WorkloadContext } from '../../../src/workloads/workload.js';
import { isMultiVM } from '../../../src/workloads/workload.js';
import { parseCloudConfig } from '../../support/cloud-config-schema.js';

export const PLAIN_PASSWORD = 'Plain-Text-Secret-42';
/** Hashed once, as a run does. */
export const PASSWORD_HASH = hashPassword(PLAIN_PASSWORD, 'virtworktest');
export const SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGJ0b3Rlc3RrZXlmb3J2aXJ0d29yaw virtwork@test';

export const SSH: Readonly<Record<string, SshCredentials>> = {
  'no password, no keys': { user: 'virtwork', authorizedKeys: [] },
  'password only': { user: 'virtwork', passwordHash: PASSWORD_HASH, authorizedKeys: [] },
  'keys only': { user: 'virtwork', authorizedKeys: [SSH_KEY] },
  'password and keys': { user: 'virtwork', passwordHash: PASSWORD_HASH, authorizedKeys: [SSH_KEY, `${SSH_KEY}-second`] },
};

export const CONFIG: WorkloadConfig = { vmCount: 1, cpuCores: 2, memory: '2Gi', diskSize: '10Gi', params: {} };

export interface RenderOptions {
  readonly params?: ParamValues | undefined;
  readonly guestOs?: GuestOsName | undefined;
  readonly role?: string | undefined;
  /** The pair of a multi-VM workload's role document. @default 0 */
  readonly index?: number | undefined;
  readonly namespace?: string | undefined;
  readonly readiness?: ReadinessMode | undefined;
  readonly clusterDomain?: string | undefined;
  readonly ssh?: SshCredentials | undefined;
  readonly skipPackageInstall?: boolean | undefined;
  readonly vmCount?: number | undefined;
}

export const create = (name: string, options: RenderOptions = {}): Workload => {
  const ctx: WorkloadContext = {
    namespace: options.namespace ?? 'virtwork',
    ssh: options.ssh ?? SSH['password and keys']!,
    ...(options.guestOs && { guestOs: options.guestOs }),
    ...(options.skipPackageInstall && { skipPackageInstall: true }),
    ...(options.readiness && { readiness: options.readiness }),
    ...(options.clusterDomain && { clusterDomain: options.clusterDomain }),
  };
  return createWorkload(name, { ...CONFIG, vmCount: options.vmCount ?? 1, params: options.params ?? {} }, ctx);
};

export interface WriteFileEntry {
  readonly path: string;
  readonly content: string;
  readonly permissions: string;
}

/** The parsed document, as cloud-init reads it. */
export interface CloudConfigDoc {
  readonly users?: unknown[];
  readonly ssh_pwauth?: boolean;
  readonly packages?: string[];
  readonly write_files: WriteFileEntry[];
  readonly runcmd: (string | string[])[];
}

export interface Rendered {
  readonly text: string;
  readonly doc: CloudConfigDoc;
  /** Content of the file written at `path`; throws when there is none. */
  file(path: string): string;
  /** The unit file `/etc/systemd/system/<unit>`. */
  unit(unit: string): string;
  /** The unit's `Key=` lines' values, in order. */
  unitValues(unit: string, key: string): string[];
}

export const render = (name: string, options: RenderOptions = {}): Rendered => {
  const workload = create(name, options);
  const text = isMultiVM(workload)
    ? workload.userdataForRole(options.role ?? 'server', options.index ?? 0)
    : workload.cloudInitUserdata();
  return readDocument(text);
};

export const readDocument = (text: string): Rendered => {
  const doc = parseCloudConfig(text) as CloudConfigDoc;
  const file = (path: string): string => {
    const entry = doc.write_files.find((f) => f.path === path);
    if (entry === undefined) throw new Error(`no write_files entry ${path}; have ${doc.write_files.map((f) => f.path).join(', ')}`);
    return entry.content;
  };
  const unit = (name: string): string => file(`/etc/systemd/system/${name}`);
  const unitValues = (name: string, key: string): string[] =>
    unit(name)
      .split('\n')
      .filter((line) => line.startsWith(`${key}=`))
      .map((line) => line.slice(key.length + 1));
  return { text, doc, file, unit, unitValues };
};
