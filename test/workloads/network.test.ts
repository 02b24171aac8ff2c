import { describe, expect, it } from 'vitest';
import { isMultiVM } from '../../src/workloads/workload.js';
import { OVERRIDES } from './support/documents.js';
import { create, render } from './support/render.js';

const CLIENT = '/usr/local/bin/virtwork-network-client';

describe('network', () => {
  it('runs a server and a client VM per count', () => {
    const workload = create('network', { vmCount: 2 });
    expect(isMultiVM(workload)).toBe(true);
    expect(workload.vmCount()).toBe(4);
  });

  it('puts a Service on port 5201 in front of the server role', () => {
    const workload = create('network');
    expect(workload.requiresService()).toBe(true);
    expect(workload.serviceSpec()).toEqual({ ports: [{ name: 'iperf3', port: 5201 }], selectorRole: 'server' });
  });

  it('runs an iperf3 server on the server role', () => {
    expect(render('network', { role: 'server' }).unitValues('virtwork-network-server.service', 'ExecStart')).toEqual(['iperf3 -s -p 5201']);
  });

  it("points the client at its own pair's Service by its short name, bidirectional, with the defaults", () => {
    const client = render('network', { role: 'client', index: 3, namespace: 'load-test' });
    expect(client.unitValues('virtwork-network-client.service', 'ExecStart')).toEqual([CLIENT]);
    expect(client.file(CLIENT)).toContain('host=virtwork-network-3-server\n');
    expect(client.file(CLIENT)).toContain('iperf3 -c "$host" -p 5201 -P 4 -t 60 --bidir');
    expect(client.unitValues('virtwork-network-client.service', 'After')).toEqual(['network-online.target']);
  });

  it('with a cluster domain, names the Service fully qualified in the run’s namespace', () => {
    const client = render('network', { role: 'client', index: 1, namespace: 'load-test', clusterDomain: 'cluster.local' });
    expect(client.file(CLIENT)).toContain('host=virtwork-network-1-server.load-test.svc.cluster.local\n');
  });

  it('runs the client tests back to back in one process, waiting for the server inside it, so the unit stays active', () => {
    const script = render('network', { role: 'client' }).file(CLIENT);
    expect(script).toMatch(/^round\(\) \{\n {2}iperf3 -c .*\n\}$/m);
    expect(script).toMatch(/^while :; do\n(.*\n)* {2}\(set -e; round\)\n/m);
  });

  it('takes streams and duration from params', () => {
    expect(render('network', { role: 'client', params: OVERRIDES.network }).file(CLIENT)).toContain('-P 8 -t 30 --bidir');
  });

  it('has no data disk', () => {
    expect(create('network').dataDisks()).toEqual([]);
  });
});
