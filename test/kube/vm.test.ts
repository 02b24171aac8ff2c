import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { V1VirtualMachine } from '@kubevirt-ui-ext/kubevirt-api/kubevirt';
import { stringify } from 'yaml';
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import { LABEL_MANAGED_BY, LABEL_ROLE, LABEL_RUN_ID } from '../../src/constants.js';
import { InternalError } from '../../src/errors.js';
import { managedLabels, roleLabels } from '../../src/kube/labels.js';
import type { VmSpecInput } from '../../src/kube/vm.js';
import { buildVirtualMachine, readinessProbe, toKubernetesObject } from '../../src/kube/vm.js';
import { schemaErrors, schemasAvailable, schemasSkipReason } from '../support/k8s-schemas.js';

const RUN_ID = '0b7f4d8e-2c4a-4a57-9d1e-5f3c2b1a0e9d';

const vmInput = (overrides: Partial<VmSpecInput> = {}): VmSpecInput => ({
  name: 'virtwork-database-0',
  namespace: 'virtwork',
  labels: { ...managedLabels(RUN_ID), ...roleLabels('database') },
  cpuCores: 4,
  memory: '4Gi',
  image: 'quay.io/containerdisks/fedora:42',
  secretName: 'virtwork-database-0-cloudinit',
  dataDisks: [{ name: 'data', serial: 'virtwork-data', size: '20Gi' }],
  unitNames: ['virtwork-database.service'],
  readiness: 'http',
  ...overrides,
});

const templateSpec = (vm: V1VirtualMachine) => {
  const spec = vm.spec.template.spec;
  if (!spec) throw new Error('VM has no template spec');
  return spec;
};

describe.skipIf(!schemasAvailable)(`VirtualMachine against the KubeVirt schema ${schemasSkipReason}`, () => {
  it.each([
    ['with a data disk', vmInput()],
    ['without data disks', vmInput({ dataDisks: [] })],
    ['with two data disks and two units', vmInput({
      dataDisks: [{ name: 'data', serial: 'vw-data', size: '10Gi' }, { name: 'logs', serial: 'vw-logs', size: '1Gi' }],
      unitNames: ['virtwork-a.service', 'virtwork-b.service'],
    })],
    ['with the guest-agent exec probe', vmInput({ readiness: 'guest-agent' })],
    ['with no probe (--readiness running)', vmInput({ readiness: 'running' })],
    ['with a storage class', vmInput({ storageClassName: 'ocs-storagecluster-ceph-rbd-virtualization' })],
  ])('validates %s, unknown fields rejected', (_, input) => {
    expect(schemaErrors('v1.VirtualMachine', buildVirtualMachine(input))).toEqual([]);
  });

  it('would be caught by the schema with a misspelled field', () => {
    const vm = buildVirtualMachine(vmInput());
    const misspelled = { ...vm, spec: { ...vm.spec, runStrategyy: 'Always' } };
    expect(schemaErrors('v1.VirtualMachine', misspelled)).toContain('/spec must NOT have additional properties (runStrategyy)');
  });
});

describe('buildVirtualMachine', () => {
  it('builds a kubevirt.io/v1 VirtualMachine typed as @kubevirt-ui-ext declares it', () => {
    const vm = buildVirtualMachine(vmInput());
    expectTypeOf(vm).toEqualTypeOf<V1VirtualMachine>();
    expect(vm.apiVersion).toBe('kubevirt.io/v1');
    expect(vm.kind).toBe('VirtualMachine');
    expect(vm.metadata).toMatchObject({ name: 'virtwork-database-0', namespace: 'virtwork' });
  });

  it('keeps the VM running with runStrategy Always', () => {
    expect(buildVirtualMachine(vmInput()).spec.runStrategy).toBe('Always');
  });

  it('labels the VM, its template and its DataVolume templates alike', () => {
    const input = vmInput();
    const vm = buildVirtualMachine(input);
    expect(vm.metadata?.labels).toEqual(input.labels);
    expect(vm.spec.template.metadata?.labels).toEqual(input.labels);
    expect(vm.spec.dataVolumeTemplates?.map((dv) => dv.metadata?.labels)).toEqual([input.labels]);
    expect(vm.metadata?.labels).toMatchObject({ [LABEL_MANAGED_BY]: 'virtwork', [LABEL_RUN_ID]: RUN_ID });
  });

  it('copies the labels, so YAML output carries no anchors or aliases', () => {
    const yaml = stringify(buildVirtualMachine(vmInput({ labels: { ...managedLabels(RUN_ID), ...roleLabels('network', 'server') } })));
    expect(yaml).not.toMatch(/[&*]a\d/);
    // spelled out on the VM, its template and its DataVolume template
    expect(yaml.match(new RegExp(`${LABEL_ROLE}: server`, 'g'))).toHaveLength(3);
  });

  it('boots a virtio containerDisk from the image', () => {
    const spec = templateSpec(buildVirtualMachine(vmInput()));
    expect(spec.volumes).toContainEqual({ name: 'containerdisk', containerDisk: { image: 'quay.io/containerdisks/fedora:42' } });
    expect(spec.domain.devices.disks?.[0]).toEqual({ name: 'containerdisk', disk: { bus: 'virtio' } });
  });

  it('reads cloud-init from the Secret, never inline', () => {
    const spec = templateSpec(buildVirtualMachine(vmInput()));
    const cloudInit = spec.volumes?.find((v) => v.cloudInitNoCloud)?.cloudInitNoCloud;
    expect(cloudInit).toEqual({ secretRef: { name: 'virtwork-database-0-cloudinit' } });
  });

  it('names the Secret it is given, not one made up from the VM name', () => {
    const spec = templateSpec(buildVirtualMachine(vmInput({ secretName: 'shared-userdata' })));
    expect(spec.volumes?.find((v) => v.cloudInitNoCloud)?.cloudInitNoCloud).toEqual({ secretRef: { name: 'shared-userdata' } });
  });

  it('puts one masquerade interface on the pod network', () => {
    const spec = templateSpec(buildVirtualMachine(vmInput()));
    expect(spec.domain.devices.interfaces).toEqual([{ name: 'default', masquerade: {} }]);
    expect(spec.networks).toEqual([{ name: 'default', pod: {} }]);
  });

  it('sets CPU cores and guest memory', () => {
    const { domain } = templateSpec(buildVirtualMachine(vmInput()));
    expect(domain.cpu).toEqual({ cores: 4 });
    expect(domain.memory).toEqual({ guest: '4Gi' });
  });

  it('gives each data disk a blank DataVolume through the storage API and a virtio disk with its serial', () => {
    const vm = buildVirtualMachine(vmInput());
    expect(vm.spec.dataVolumeTemplates).toEqual([
      {
        metadata: { name: 'virtwork-database-0-data', labels: vmInput().labels },
        spec: { source: { blank: {} }, storage: { resources: { requests: { storage: '20Gi' } } } },
      },
    ]);
    const spec = templateSpec(vm);
    expect(spec.domain.devices.disks).toContainEqual({ name: 'data', disk: { bus: 'virtio' }, serial: 'virtwork-data' });
    expect(spec.volumes).toContainEqual({ name: 'data', dataVolume: { name: 'virtwork-database-0-data' } });
  });

  it('puts the storage class into every DataVolume template, and leaves the field out without one', () => {
    const twoDisks = [{ name: 'data', serial: 'vw-data', size: '10Gi' }, { name: 'logs', serial: 'vw-logs', size: '1Gi' }];
    const withClass = buildVirtualMachine(vmInput({ dataDisks: twoDisks, storageClassName: 'fast-rbd' }));
    expect(withClass.spec.dataVolumeTemplates?.map((dv) => dv.spec.storage)).toEqual([
      { resources: { requests: { storage: '10Gi' } }, storageClassName: 'fast-rbd' },
      { resources: { requests: { storage: '1Gi' } }, storageClassName: 'fast-rbd' },
    ]);
    const without = buildVirtualMachine(vmInput({ dataDisks: twoDisks }));
    expect(without.spec.dataVolumeTemplates?.every((dv) => dv.spec.storage !== undefined && !('storageClassName' in dv.spec.storage))).toBe(true);
  });

  it('has a volume for every disk and a disk for every volume', () => {
    const spec = templateSpec(buildVirtualMachine(vmInput()));
    const disks = spec.domain.devices.disks?.map((d) => d.name).sort();
    expect(spec.volumes?.map((v) => v.name).sort()).toEqual(disks);
  });

  it('omits dataVolumeTemplates for a VM without data disks', () => {
    expect(buildVirtualMachine(vmInput({ dataDisks: [] })).spec).not.toHaveProperty('dataVolumeTemplates');
  });

  it('gives two VMs of one workload different DataVolumes', () => {
    const dvNames = [0, 1].flatMap((i) =>
      (buildVirtualMachine(vmInput({ name: `virtwork-disk-${i}` })).spec.dataVolumeTemplates ?? []).map((dv) => dv.metadata?.name),
    );
    expect(dvNames).toEqual(['virtwork-disk-0-data', 'virtwork-disk-1-data']);
  });

  it.each([
    ['a serial longer than the 20 bytes virtio keeps', [{ name: 'data', serial: 's'.repeat(21), size: '1Gi' }], /serial "s+" of data disk data/],
    ['a serial with a space', [{ name: 'data', serial: 'a b', size: '1Gi' }], /serial "a b" of data disk data/],
    ['two disks with one name', [{ name: 'data', serial: 'a', size: '1Gi' }, { name: 'data', serial: 'b', size: '1Gi' }], /unique/],
    ['two disks with one serial', [{ name: 'a', serial: 's', size: '1Gi' }, { name: 'b', serial: 's', size: '1Gi' }], /unique/],
    ['a disk named like the boot disk', [{ name: 'containerdisk', serial: 's', size: '1Gi' }], /unique/],
    ['a disk name that is no label', [{ name: 'Data', serial: 's', size: '1Gi' }], /data disk "Data" of VM/],
  ])('refuses %s as the bug in a workload definition it is', (_, dataDisks, message) => {
    expect(() => buildVirtualMachine(vmInput({ dataDisks }))).toThrow(InternalError);
    expect(() => buildVirtualMachine(vmInput({ dataDisks }))).toThrow(/this is a bug in virtwork/);
    expect(() => buildVirtualMachine(vmInput({ dataDisks }))).toThrow(message);
  });
});

describe('toKubernetesObject', () => {
  /** A VM as the API server returns it: server-set metadata and a status. */
  const fromServer = (): V1VirtualMachine => {
    const vm = buildVirtualMachine(vmInput());
    return {
      ...vm,
      metadata: {
        ...vm.metadata,
        uid: 'u-1',
        resourceVersion: '42',
        generation: 1,
        creationTimestamp: '2026-01-01T00:00:00Z',
        deletionTimestamp: '2026-01-02T00:00:00Z',
        managedFields: [{ manager: 'virtwork', operation: 'Update', time: '2026-01-01T00:00:00Z' }],
      },
      status: { printableStatus: 'Running', ready: true },
    };
  };

  it('drops exactly the server-set timestamps the two libraries type differently, keeping the rest of the metadata', () => {
    expect(toKubernetesObject(fromServer()).metadata).toStrictEqual({
      name: 'virtwork-database-0',
      namespace: 'virtwork',
      labels: { ...managedLabels(RUN_ID), ...roleLabels('database') },
      uid: 'u-1',
      resourceVersion: '42',
      generation: 1,
    });
  });

  it('keeps the kind, spec and status as they were', () => {
    const converted = toKubernetesObject(fromServer());
    expect([converted.apiVersion, converted.kind]).toEqual(['kubevirt.io/v1', 'VirtualMachine']);
    expect(converted.spec).toStrictEqual(buildVirtualMachine(vmInput()).spec);
    expect(converted.status).toStrictEqual({ printableStatus: 'Running', ready: true });
  });

  it('leaves the object it converts unchanged', () => {
    const vm = fromServer();
    toKubernetesObject(vm);
    expect(vm).toStrictEqual(fromServer());
  });
});

describe('readiness probe', () => {
  it('asks the guest health endpoint with an httpGet probe by default (http readiness)', () => {
    const spec = templateSpec(buildVirtualMachine(vmInput()));
    expect(spec.readinessProbe).toMatchObject({ httpGet: { path: '/readyz', port: 8099 } });
    expect(spec.readinessProbe).not.toHaveProperty('exec');
    // KubeVirt refuses httpGet probes without the pod network, and masquerade forwards them into the guest.
    expect(spec.networks).toEqual([{ name: 'default', pod: {} }]);
    expect(spec.domain.devices.interfaces).toEqual([{ name: 'default', masquerade: {} }]);
  });

  it('checks a single unit with systemctl through the guest agent (guest-agent readiness)', () => {
    const spec = templateSpec(buildVirtualMachine(vmInput({ readiness: 'guest-agent' })));
    expect(spec.readinessProbe?.exec?.command).toEqual(['systemctl', 'is-active', '--quiet', 'virtwork-database.service']);
    expect(spec.readinessProbe).not.toHaveProperty('httpGet');
  });

  it('carries no probe with running readiness, so the VMI is Ready once it runs', () => {
    expect(templateSpec(buildVirtualMachine(vmInput({ readiness: 'running' })))).not.toHaveProperty('readinessProbe');
  });

  it.each(['http', 'guest-agent'] as const)('has timing that lets a slow first boot pass and notices a stopped unit (%s)', (mode) => {
    expect(readinessProbe(mode, ['virtwork-cpu.service'])).toMatchObject({
      initialDelaySeconds: 30,
      periodSeconds: 10,
      timeoutSeconds: 5,
      failureThreshold: 3,
    });
  });

  it('names exactly the units it was given', () => {
    const command = readinessProbe('guest-agent', ['virtwork-tps-server.service', 'virtwork-http.service']).exec?.command ?? [];
    const units = command.join(' ').match(/[\w.-]+\.service/g);
    expect(units).toEqual(['virtwork-tps-server.service', 'virtwork-http.service']);
  });

  it('refuses no units, since a VM with nothing to check would be ready at boot', () => {
    expect(() => readinessProbe('http', [])).toThrow(/at least one systemd unit/);
  });

  it('refuses a unit name that is not a plain service name', () => {
    expect(() => readinessProbe('guest-agent', ['x.service; reboot'])).toThrow(/unit name/);
    expect(() => readinessProbe('guest-agent', ['virtwork-cpu'])).toThrow(/unit name/);
  });

  describe('run against a systemctl that answers like the real one', () => {
    // `systemctl is-active a b` exits 0 when ANY unit is active; the fake does the same.
    const bin = mkdtempSync(path.join(tmpdir(), 'virtwork-probe-'));
    writeFileSync(
      path.join(bin, 'systemctl'),
      '#!/bin/sh\n[ "$1" = is-active ] || exit 2\nshift\n[ "$1" = --quiet ] && shift\nfor u in "$@"; do case " $ACTIVE " in *" $u "*) exit 0;; esac; done\nexit 3\n',
    );
    chmodSync(path.join(bin, 'systemctl'), 0o755);
    afterAll(() => rmSync(bin, { recursive: true, force: true }));

    const probeExit = (units: string[], active: string[]): number | null => {
      const [file = '', ...args] = readinessProbe('guest-agent', units).exec?.command ?? [];
      return spawnSync(file, args, { env: { PATH: `${bin}:/usr/bin:/bin`, ACTIVE: active.join(' ') } }).status;
    };

    it('succeeds when the one unit is active and fails when it is not', () => {
      expect(probeExit(['virtwork-cpu.service'], ['virtwork-cpu.service'])).toBe(0);
      expect(probeExit(['virtwork-cpu.service'], [])).not.toBe(0);
    });

    it('succeeds only when every unit is active', () => {
      const units = ['virtwork-a.service', 'virtwork-b.service'];
      expect(probeExit(units, units)).toBe(0);
      expect(probeExit(units, ['virtwork-a.service'])).not.toBe(0);
      expect(probeExit(units, ['virtwork-b.service'])).not.toBe(0);
    });
  });
});
