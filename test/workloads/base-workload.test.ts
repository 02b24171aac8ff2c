import { describe, expect, it } from 'vitest';
import { BaseWorkload, MultiRoleWorkload } from '../../src/workloads/base-workload.js';
import { cpu } from '../../src/workloads/cpu.js';
import { isMultiVM } from '../../src/workloads/workload.js';
import { CONFIG, create, PASSWORD_HASH, SSH, SSH_KEY } from './support/render.js';
import { readDocument } from './support/render.js';

describe('BaseWorkload defaults', () => {
  it('runs config.vmCount VMs with the configured resources, no disk, no Service', () => {
    const workload = create('cpu', { vmCount: 3 });
    expect(workload).toBeInstanceOf(BaseWorkload);
    expect(isMultiVM(workload)).toBe(false);
    expect(workload.vmCount()).toBe(3);
    expect(workload.vmResources()).toEqual({ cpuCores: CONFIG.cpuCores, memory: CONFIG.memory });
    expect(workload.dataDisks()).toEqual([]);
    expect(workload.requiresService()).toBe(false);
    expect(workload.serviceSpec()).toBeUndefined();
  });

  it('names its unit virtwork-<workload>.service', () => {
    expect(create('memory').unitNames()).toEqual(['virtwork-memory.service']);
  });

  it('gives each param as the user set it, or its default', () => {
    const workload = cpu.create({ ...CONFIG, params: { 'cpu-load-percent': '25' } }, { namespace: 'n', ssh: SSH['keys only']! });
    expect(workload).toBeInstanceOf(BaseWorkload);
    const base = workload as BaseWorkload<typeof cpu.params>;
    expect(base.getParam('cpu-load-percent')).toBe(25);
    expect(base.getParam('cpu-method')).toBe('all');
  });

  it('puts the SSH user into the document, with the hash and the keys', () => {
    const { doc } = readDocument(create('cpu', { ssh: { user: 'ops', passwordHash: PASSWORD_HASH, authorizedKeys: [SSH_KEY] } }).cloudInitUserdata());
    expect(doc.users).toEqual([
      'default',
      { name: 'ops', lock_passwd: false, passwd: PASSWORD_HASH, ssh_authorized_keys: [SSH_KEY], sudo: 'ALL=(ALL) NOPASSWD:ALL', shell: '/bin/bash' },
    ]);
  });

  it('is deterministic: the same inputs give the same document', () => {
    expect(create('database').cloudInitUserdata()).toBe(create('database').cloudInitUserdata());
  });
});

describe('MultiRoleWorkload', () => {
  it('runs one VM of every role per count: vmCount is twice the count for server/client pairs', () => {
    const workload = create('network', { vmCount: 3 });
    expect(workload).toBeInstanceOf(MultiRoleWorkload);
    if (!isMultiVM(workload)) throw new Error('network must be multi-VM');
    expect(workload.vmCount()).toBe(6);
    expect(workload.roleDistribution()).toEqual([
      { role: 'server', count: 3 },
      { role: 'client', count: 3 },
    ]);
  });

  it('names one unit per role, and all of them when no role is given', () => {
    const workload = create('tps');
    expect(workload.unitNames('server')).toEqual(['virtwork-tps-server.service']);
    expect(workload.unitNames('client')).toEqual(['virtwork-tps-client.service']);
    expect(workload.unitNames()).toEqual(['virtwork-tps-server.service', 'virtwork-tps-client.service']);
  });

  it('refuses a role it does not have, and the single document of a single-role workload', () => {
    const workload = create('network');
    if (!isMultiVM(workload)) throw new Error('network must be multi-VM');
    expect(() => workload.userdataForRole('observer', 0)).toThrow('network has no role observer; its roles are server, client');
    expect(() => workload.unitNames('observer')).toThrow(/no role observer/);
    expect(() => workload.cloudInitUserdata()).toThrow(/use userdataForRole/);
  });

  it('puts the SSH user into every role document', () => {
    const workload = create('tps', { ssh: SSH['keys only'] });
    if (!isMultiVM(workload)) throw new Error('tps must be multi-VM');
    for (const role of ['server', 'client']) {
      const { doc } = readDocument(workload.userdataForRole(role, 0));
      expect(doc.users?.[1]).toMatchObject({ name: 'virtwork', lock_passwd: true, ssh_authorized_keys: [SSH_KEY] });
    }
  });
});
