import type { V1VirtualMachineInstance } from '@kubevirt-ui-ext/kubevirt-api/kubevirt';
import { describe, expect, it } from 'vitest';
import { ReadinessTracker, countReadiness, stateOf, type VmState } from '../../src/kube/readiness.js';

const vmi = (name: string, phase: string, ready = false, extra: Partial<V1VirtualMachineInstance['status']> = {}): V1VirtualMachineInstance => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachineInstance',
  metadata: { name },
  spec: { domain: { devices: {} } },
  status: {
    phase,
    nodeName: 'node-1',
    conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    ...extra,
  },
});

describe('stateOf', () => {
  it('is ready only when the Ready condition is True, whatever the phase', () => {
    expect(stateOf(vmi('a', 'Running', false)).ready).toBe(false);
    expect(stateOf(vmi('a', 'Running', true))).toEqual({ name: 'a', phase: 'Running', ready: true, nodeName: 'node-1' });
  });

  it('fails a VMI whose cloud-init Secret has no user data, naming the Secret and the fix', () => {
    const unsynced = vmi('a', 'Scheduled', false, {
      conditions: [{ type: 'Synchronized', status: 'False', message: 'server error. command SyncVMI failed: "ReadCloudInitVolumeDataSource failed: ..."' }],
    });
    unsynced.spec.volumes = [{ name: 'cloudinitdisk', cloudInitNoCloud: { secretRef: { name: 'a-cloudinit' } } }];
    expect(stateOf(unsynced).failureReason).toMatch(/^its cloud-init Secret "a-cloudinit" has no userdata key, .* restart the VM \(virtctl restart a\)/);
    const otherSyncError = vmi('a', 'Scheduled', false, { conditions: [{ type: 'Synchronized', status: 'False', message: 'some transient error' }] });
    expect(stateOf(otherSyncError).failureReason).toBeUndefined();
  });

  it("gives a failed VMI's reason", () => {
    const failed = vmi('a', 'Failed', false, {
      reason: 'PodFailed',
      conditions: [{ type: 'Ready', status: 'False', message: 'virt-launcher crashed' }],
    });
    expect(stateOf(failed).failureReason).toBe('PodFailed: virt-launcher crashed');
  });
});

describe('ReadinessTracker', () => {
  const scheduling = (pod: string) => vmi('a', 'Scheduling', false, { activePods: { [pod]: 'node-1' } });
  const failure = { podUid: 'pod-1', podName: 'virt-launcher-a-x1y2z', secret: 'a-cloudinit' };

  it('fails a VM on a mount failure of its current launcher pod only, and lets it go when the VMI moves on', () => {
    const transitions: string[] = [];
    const tracker = new ReadinessTracker(['a'], (s: VmState) => transitions.push(`${s.phase ?? '-'}:${s.failureReason === undefined ? 'ok' : 'failed'}`));
    tracker.observe(scheduling('pod-2'));
    tracker.markMountFailed('a', failure);
    expect(tracker.failed).toBeUndefined();
    tracker.observe(scheduling('pod-1'));
    tracker.markMountFailed('a', failure);
    expect(tracker.failed?.failureReason).toMatch(/^its cloud-init Secret "a-cloudinit" does not exist, so its launcher pod virt-launcher-a-x1y2z cannot start/);
    tracker.observe(scheduling('pod-1'));
    expect(tracker.settled).toBe(true);
    tracker.observe(vmi('a', 'Scheduled', false, { activePods: { 'pod-1': 'node-1' } }));
    expect(tracker.failed).toBeUndefined();
    expect(transitions).toEqual(['Scheduling:ok', 'Scheduling:failed', 'Scheduled:ok']);
  });

  it('lists VMs Scheduling since before a time, with a launcher pod', () => {
    let clock = 0;
    const tracker = new ReadinessTracker(['a', 'b'], undefined, () => clock);
    tracker.observe(scheduling('pod-1'));
    clock = 1000;
    tracker.observe(vmi('b', 'Scheduling', false, { activePods: { 'pod-2': 'node-1' } }));
    expect(tracker.schedulingSince(500).map((s) => s.name)).toEqual(['a']);
  });

  it('reports one transition per phase or readiness change of a planned VM, and ignores other VMIs', () => {
    const transitions: string[] = [];
    let clock = 100;
    const tracker = new ReadinessTracker(
      ['a', 'b'],
      (s: VmState) => transitions.push(`${s.name}:${s.phase ?? '-'}:${s.ready}`),
      () => clock,
    );
    tracker.observe(vmi('a', 'Scheduling'));
    tracker.observe(vmi('a', 'Scheduling'));
    tracker.observe(vmi('other', 'Running', true));
    tracker.observe(vmi('a', 'Running'));
    clock = 250;
    tracker.observe(vmi('a', 'Running', true));
    expect(transitions).toEqual(['a:Scheduling:false', 'a:Running:false', 'a:Running:true']);
    expect(tracker.states.get('a')?.readyAt).toBe(250);
    expect(tracker.states.has('other')).toBe(false);
    expect(tracker.allReady).toBe(false);
    tracker.observe(vmi('b', 'Running', true));
    expect(tracker.allReady).toBe(true);
    expect(tracker.settled).toBe(true);
  });

  it('is settled as soon as one VMI fails', () => {
    const tracker = new ReadinessTracker(['a', 'b']);
    tracker.observe(vmi('b', 'Failed'));
    expect(tracker.settled).toBe(true);
    expect(tracker.failed?.name).toBe('b');
  });

  it('forgets VMIs missing from a full re-list', () => {
    const tracker = new ReadinessTracker(['a', 'b']);
    tracker.observe(vmi('a', 'Running', true));
    tracker.observe(vmi('b', 'Running', true));
    tracker.replaceAll([vmi('a', 'Running', true)]);
    expect(tracker.states.get('b')).toEqual({ name: 'b', ready: false, readyAt: expect.any(Number) as number });
    expect(tracker.allReady).toBe(false);
  });

  it('keeps its answer to "settled?" right through every kind of change, counted as states change', () => {
    const tracker = new ReadinessTracker(['a', 'b']);
    tracker.observe(vmi('a', 'Running', true));
    tracker.observe(vmi('a', 'Running', true));
    expect([tracker.allReady, tracker.settled]).toEqual([false, false]);
    tracker.observe(vmi('b', 'Running', true));
    expect([tracker.allReady, tracker.settled]).toEqual([true, true]);
    // ready, then not ready again (a failing probe), then gone: never counted twice, never below zero
    tracker.observe(vmi('b', 'Running', false));
    expect([tracker.allReady, tracker.settled]).toEqual([false, false]);
    tracker.forget('b');
    tracker.forget('b');
    expect(tracker.settled).toBe(false);
    // a failure that recovers no longer settles the wait
    tracker.observe(vmi('b', 'Failed'));
    expect([tracker.settled, tracker.failed?.name]).toEqual([true, 'b']);
    tracker.observe(vmi('b', 'Running', true));
    expect([tracker.allReady, tracker.settled, tracker.failed]).toEqual([true, true, undefined]);
    // a page-by-page list: what was not listed has no VMI
    tracker.forgetAllBut(new Set(['a']));
    expect([tracker.allReady, tracker.states.get('b')?.ready]).toEqual([false, false]);
  });
});

describe('countReadiness', () => {
  it('counts ready, failed and the rest by phase label in a stable order', () => {
    const counts = countReadiness([
      { name: 'a', ready: true, phase: 'Running' },
      { name: 'b', ready: false, phase: 'Running' },
      { name: 'c', ready: false, phase: 'Scheduling' },
      { name: 'd', ready: false },
      { name: 'e', ready: false, phase: 'Failed' },
      { name: 'f', ready: false, phase: 'Scheduling' },
    ]);
    expect(counts.total).toBe(6);
    expect(counts.ready).toBe(1);
    expect(counts.failed).toBe(1);
    expect([...counts.waiting]).toEqual([
      ['pending', 1],
      ['scheduling', 2],
      ['booting', 1],
    ]);
  });
});
