import type { V1Node } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { checkNodes, type VmNeeds } from '../../../src/orchestrator/doctor/node-checks.js';
import { failedWith, ok } from './reads.js';

const node = (cpu: string, memory: string, ready = true, unschedulable = false): V1Node => ({
  metadata: { name: `worker-${cpu}-${memory}` },
  spec: { unschedulable },
  status: { allocatable: { cpu, memory }, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});
const vms = (count: number, cpuCores: number, memory: string): VmNeeds[] =>
  Array.from({ length: count }, (_, i) => ({ name: `virtwork-cpu-${i}`, cpuCores, memory }));

describe('checkNodes', () => {
  const three = ok([node('15500m', '60Gi'), node('15500m', '60Gi'), node('15500m', '62914560Ki')]);

  it('passes with the nodes\' allocatable figures and the plan\'s needs', () => {
    expect(checkNodes(three, vms(8, 2, '2Gi'))).toEqual({
      name: 'nodes', status: 'pass', message: '3 schedulable nodes with 46.5 CPUs and 180Gi allocatable; the plan needs 16 vCPUs and 16Gi for 8 VMs',
    });
  });

  it('warns when the vCPUs fit only by overcommitting CPU', () => {
    const result = checkNodes(three, vms(24, 2, '2Gi'));
    expect(result).toMatchObject({ status: 'warn', message: expect.stringContaining('the plan needs 48 vCPUs and 48Gi for 24 VMs: it fits the 3 schedulable nodes with 46.5 CPUs and 180Gi allocatable only by overcommitting CPU') as unknown });
  });

  it('fails when the memory does not fit, with the figures', () => {
    expect(checkNodes(three, vms(40, 2, '8Gi'))).toMatchObject({
      status: 'fail',
      message: 'the plan needs 80 vCPUs and 320Gi for 40 VMs, more memory than the 3 schedulable nodes with 46.5 CPUs and 180Gi allocatable',
      fix: 'lower --vm-count or --memory, or add nodes',
    });
  });

  it('fails when one VM is larger than the largest node, though the sum fits', () => {
    expect(checkNodes(ok([node('16', '16Gi'), node('16', '16Gi')]), vms(1, 2, '20Gi')).message).toBe(
      'VM virtwork-cpu-0 needs 20Gi of memory; the largest of the 2 schedulable nodes with 32 CPUs and 32Gi allocatable has 16Gi',
    );
  });

  it('fails without a Ready, schedulable node, leaving out NotReady and cordoned ones', () => {
    expect(checkNodes(ok([]), vms(1, 2, '2Gi'))).toMatchObject({ status: 'fail', fix: expect.stringContaining('virt-handler') as unknown });
    expect(checkNodes(ok([node('16', '64Gi', false), node('16', '64Gi', true, true)]), vms(1, 2, '2Gi'))).toMatchObject({
      status: 'fail', message: 'no node can run VMs: none Ready with the label kubevirt.io/schedulable=true (2 labelled, none Ready and schedulable)',
    });
  });

  it('warns when nodes may not be listed', () => {
    expect(checkNodes(failedWith(403), vms(1, 2, '2Gi'))).toEqual({
      name: 'nodes', status: 'warn', message: 'cannot list nodes (forbidden), so capacity is not checked', fix: 'ask for list on nodes (cluster-wide) to check it',
    });
  });
});
