import { describe, expect, it } from 'vitest';
import { isMultiVM } from '../../src/workloads/workload.js';
import { OVERRIDES } from './support/documents.js';
import { create, render } from './support/render.js';

describe('network', () => {
  it('runs a server and a client VM per count', () => {
    const workload = create('network', { vmCount: 2 });
    expect(isMultiVM(workload)).toBe(true);
    expect(workload.vmCount()).toBe(4);
  });

  it('puts a Service on port 5201 in front of the server role', () => {
    const workload = create('network');
    expect(workload.requiresService()).toBe(true);
    expect(workload.serviceSpec()).toEqual({ name: 'virtwork-iperf3-server', ports: [{ name: 'iperf3', port: 5201 }], selectorRole: 'server' });
  });

  it('runs an iperf3 server on the server role', () => {
    expect(render('network', { role: 'server' }).unitValues('virtwork-network-server.service', 'ExecStart')).toEqual(['iperf3 -s -p 5201']);
  });

  it("points the client at the Service's DNS name in the run's namespace, bidirectional, with the defaults", () => {
    const client = render('network', { role: 'client', namespace: 'load-test' });
    expect(client.unitValues('virtwork-network-client.service', 'ExecStart')).toEqual([
      'iperf3 -c virtwork-iperf3-server.load-test.svc.cluster.local -p 5201 -P 4 -t 60 --bidir',
    ]);
    expect(client.unitValues('virtwork-network-client.service', 'After')).toEqual(['network-online.target']);
  });

  it('takes streams and duration from params', () => {
    expect(render('network', { role: 'client', params: OVERRIDES.network }).unitValues('virtwork-network-client.service', 'ExecStart')[0]).toContain(
      '-P 8 -t 30 --bidir',
    );
  });

  it('has no data disk', () => {
    expect(create('network').dataDisks()).toEqual([]);
  });
});
