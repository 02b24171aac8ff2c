import type { V1StorageClass } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import type { ClaimPropertySet, StorageProfile } from '../../../src/kube/cluster-inventory.js';
import { checkStorage, chooseStorageClass } from '../../../src/orchestrator/doctor/storage-checks.js';
import { failedWith, ok } from './reads.js';

const storageClass = (name: string, annotations: Record<string, string> = {}, created = '2025-01-01T00:00:00Z'): V1StorageClass => ({
  metadata: { name, annotations, creationTimestamp: new Date(created) },
  provisioner: 'openshift-storage.rbd.csi.ceph.com',
});
const VIRT = { 'storageclass.kubevirt.io/is-default-virt-class': 'true' };
const DEFAULT = { 'storageclass.kubernetes.io/is-default-class': 'true' };
const profile = (sets?: readonly ClaimPropertySet[]): StorageProfile => ({
  metadata: { name: 'rbd' },
  status: { provisioner: 'example.com/csi', ...(sets !== undefined && { claimPropertySets: sets }) },
});
const rwxBlock = [{ accessModes: ['ReadWriteMany'], volumeMode: 'Block' }];

describe('chooseStorageClass', () => {
  const classes = [storageClass('plain'), storageClass('standard', DEFAULT), storageClass('rbd-virt', VIRT)];

  it('takes --storage-class when it exists, else the default for virtualization, else the default', () => {
    expect(chooseStorageClass(classes, 'plain')?.name).toBe('plain');
    expect(chooseStorageClass(classes, undefined)).toEqual({ name: 'rbd-virt', why: 'default for virtualization', alsoMarked: [] });
    expect(chooseStorageClass(classes.slice(0, 2), undefined)?.name).toBe('standard');
  });

  it('finds nothing for a missing named class or without any default', () => {
    expect(chooseStorageClass(classes, 'nope')).toBeUndefined();
    expect(chooseStorageClass([storageClass('plain')], undefined)).toBeUndefined();
  });

  it('takes the newest of several defaults, as CDI does, and names the others', () => {
    const two = [storageClass('old', DEFAULT, '2024-01-01T00:00:00Z'), storageClass('new', DEFAULT, '2025-06-01T00:00:00Z')];
    expect(chooseStorageClass(two, undefined)).toEqual({ name: 'new', why: 'default', alsoMarked: ['old'] });
  });
});

describe('checkStorage', () => {
  const classes = ok([storageClass('rbd', VIRT), storageClass('cephfs')]);

  it('passes without a look when no planned VM has a data disk', () => {
    expect(checkStorage({ needed: false, classes: ok([]) })).toMatchObject({ status: 'pass', message: expect.stringContaining('no planned workload has a data disk') as unknown });
  });

  it('passes with the class, why it was chosen, and what CDI gives the disks', () => {
    expect(checkStorage({ needed: true, classes, profile: ok(profile(rwxBlock)) })).toEqual({
      name: 'storage', status: 'pass', message: 'StorageClass rbd (default for virtualization): CDI gives the data disks ReadWriteMany Block',
    });
  });

  it('fails without a default class or --storage-class, naming the classes and how to mark one', () => {
    const result = checkStorage({ needed: true, classes: ok([storageClass('a'), storageClass('b')]) });
    expect(result).toMatchObject({ status: 'fail', message: expect.stringContaining('no StorageClass is marked default') as unknown });
    expect(result.fix).toBe('pass --storage-class NAME (one of a and b), or mark one default for VMs: kubectl annotate storageclass NAME storageclass.kubevirt.io/is-default-virt-class=true');
  });

  it('fails for a --storage-class that does not exist', () => {
    expect(checkStorage({ needed: true, requested: 'fast', classes })).toMatchObject({ status: 'fail', message: 'StorageClass fast (--storage-class) does not exist' });
  });

  it('fails for an incomplete StorageProfile, saying the DataVolumes would get no PVC and how to complete it', () => {
    for (const sets of [undefined, [], [{ accessModes: ['ReadWriteOnce'] }], [{ accessModes: [], volumeMode: 'Block' }]]) {
      const result = checkStorage({ needed: true, classes, profile: ok(profile(sets)) });
      expect(result.status).toBe('fail');
      expect(result.message).toContain('no PVC (ErrClaimNotValid)');
      expect(result.message).toContain('CDI does not know provisioner example.com/csi');
      expect(result.fix).toContain('kubectl patch storageprofile rbd');
    }
  });

  it('fails when the class has no StorageProfile at all', () => {
    expect(checkStorage({ needed: true, classes, profile: ok(undefined) })).toMatchObject({ status: 'fail', message: expect.stringContaining('has no StorageProfile') as unknown });
  });

  it('warns when the classes or the profile cannot be read', () => {
    expect(checkStorage({ needed: true, classes: failedWith(403) }).message).toBe("cannot list storageclasses (forbidden), so the data disks' class is not checked");
    expect(checkStorage({ needed: true, classes, profile: failedWith(403) }).status).toBe('warn');
  });
});
