import { parse } from 'yaml';
import { expect, it } from 'vitest';
import { hostsVendorData, macAddress, newSegment, nicArgs, serviceDnsNames, staticNetworkConfig } from './network.js';

it('gives distinct MACs in the locally administered QEMU range', () => {
  expect(macAddress(0)).toBe('52:54:00:4c:00:00');
  expect(macAddress(0x1ff)).toBe('52:54:00:4c:01:ff');
  expect(() => macAddress(0x10000)).toThrow(RangeError);
});

it('matches the NIC by MAC, names it eth0 and gives it a static address and default route', () => {
  const config: unknown = parse(
    staticNetworkConfig({ mac: '52:54:00:4c:00:01', address: '10.0.2.11', link: { mode: 'connect', port: 4000 } }),
  );
  expect(config).toEqual({
    version: 2,
    ethernets: {
      eth0: {
        match: { macaddress: '52:54:00:4c:00:01' },
        'set-name': 'eth0',
        addresses: ['10.0.2.11/24'],
        gateway4: '10.0.2.1',
      },
    },
  });
});

it('joins a listening and a connecting guest on the same 127.0.0.1 port', () => {
  expect(nicArgs({ mac: '52:54:00:4c:00:00', address: '10.0.2.10', link: { mode: 'listen', port: 4000 } })).toEqual([
    '-netdev', 'socket,id=net0,listen=127.0.0.1:4000', '-device', 'virtio-net-pci,netdev=net0,mac=52:54:00:4c:00:00',
  ]);
});

it('joins every guest of a segment to one multicast group on the loopback interface only', () => {
  const segment = { group: '239.255.7.9', port: 40000 };
  expect(nicArgs({ mac: '52:54:00:4c:00:03', address: '10.0.2.13', link: { mode: 'segment', segment } })).toEqual([
    '-netdev', 'socket,id=net0,mcast=239.255.7.9:40000,localaddr=127.0.0.1', '-device', 'virtio-net-pci,netdev=net0,mac=52:54:00:4c:00:03',
  ]);
});

it('draws segments in the organisation-local multicast scope, on a UDP port nobody holds', async () => {
  const segments = await Promise.all(Array.from({ length: 20 }, () => newSegment()));
  for (const { group, port } of segments) {
    expect(group).toMatch(/^239\.255\.(\d{1,3})\.(\d{1,3})$/);
    const [, , third = -1, fourth = -1] = group.split('.').map(Number);
    expect(third).toBeLessThanOrEqual(255);
    expect(fourth).toBeGreaterThanOrEqual(1);
    expect(fourth).toBeLessThanOrEqual(254);
    expect(port).toBeGreaterThan(1023);
  }
  // Drawn at random: twenty segments in a row are not all the same group.
  expect(new Set(segments.map((s) => s.group)).size).toBeGreaterThan(1);
});

it('adds the forwarding NIC to the network-config with its own subnet and no gateway', () => {
  const config = parse(
    staticNetworkConfig({ mac: '52:54:00:4c:00:00', address: '10.0.2.10', link: { mode: 'listen', port: 4000 } }, [
      { hostPort: 35000, guestPort: 8099 },
    ]),
  ) as { ethernets: Record<string, unknown> };
  expect(Object.keys(config.ethernets)).toEqual(['eth0', 'fwd0']);
  expect(config.ethernets.fwd0).toEqual({
    match: { macaddress: '52:54:00:4c:ff:00' },
    'set-name': 'fwd0',
    addresses: ['10.0.3.15/24'],
  });
});

it('names a Service the way cluster DNS does', () => {
  expect(serviceDnsNames('virtwork-iperf3-server', 'ns1')).toEqual([
    'virtwork-iperf3-server',
    'virtwork-iperf3-server.ns1',
    'virtwork-iperf3-server.ns1.svc',
    'virtwork-iperf3-server.ns1.svc.cluster.local',
  ]);
});

it('writes the hosts entries as a boothook, so no user-data key can override it', () => {
  const vendorData = hostsVendorData([{ address: '10.0.2.10', names: ['a', 'a.ns'] }]);
  expect(vendorData.split('\n').slice(0, 2)).toEqual(['#cloud-boothook', '#!/bin/sh']);
  expect(vendorData).toContain('\n10.0.2.10 a a.ns\n');
});
