/**
 * Guest networking as a cluster would give it, built from QEMU socket netdevs on the loopback
 * interface: each guest has one virtio NIC with a static address and a default route (chaos-network
 * shapes the default interface). The two roles of a pair share a point-to-point link, one side
 * listening, the other connecting; a larger group shares one segment, where every guest hears every other.
 */
import { randomInt } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { stringify } from 'yaml';
import { forwardNicConfig } from './port-forward.js';
import type { PortForward } from './port-forward.js';

/** The pod network a KubeVirt masquerade binding shows the guest: 10.0.2.0/24 behind 10.0.2.1. */
export const GUEST_SUBNET_PREFIX = '10.0.2';
export const GUEST_GATEWAY = `${GUEST_SUBNET_PREFIX}.1`;

/**
 * A shared L2 segment: UDP multicast on the loopback interface. Every QEMU of the group joins the same
 * group address and port and receives every frame the others send, as on a hub. Nothing on the host is
 * configured, so nothing can leak or be left behind: the sockets close with QEMU.
 */
export interface Segment {
  /** In 239.255.0.0/16, the organisation-local scope (RFC 2365) that no router forwards. */
  readonly group: string;
  readonly port: number;
}

/**
 * How a guest's NIC reaches the rest of its group: `listen` waits for one peer (or none) on a TCP
 * port of 127.0.0.1, `connect` joins the guest listening there, `segment` joins a shared segment.
 */
export type GuestLink =
  | { readonly mode: 'listen' | 'connect'; readonly port: number }
  | { readonly mode: 'segment'; readonly segment: Segment };

export interface NicSpec {
  readonly mac: string;
  /** IPv4 address in the guest subnet, without prefix length. */
  readonly address: string;
  readonly link: GuestLink;
}

/** A TCP port on 127.0.0.1 nobody uses right now, for a guest link to listen on. */
export const freeLocalPort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not read the port the probe socket listened on'));
      });
    });
  });

/** A UDP port on this host nobody has bound right now. */
const freeUdpPort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });

/**
 * A segment of its own for one group. The multicast group is drawn at random and the port is one no
 * socket holds, so concurrent groups and runs keep apart: two live groups share both only by a chance
 * of about one in 10^9 (65,000 addresses times some 28,000 ephemeral ports).
 */
export const newSegment = async (): Promise<Segment> => ({
  group: `239.255.${randomInt(0, 256)}.${randomInt(1, 255)}`,
  port: await freeUdpPort(),
});

/** A locally administered MAC in QEMU's 52:54:00 range, distinct per `index` below 65536. */
export const macAddress = (index: number): string => {
  if (!Number.isInteger(index) || index < 0 || index > 0xffff) throw new RangeError(`MAC index out of range: ${index}`);
  return `52:54:00:4c:${((index >> 8) & 0xff).toString(16).padStart(2, '0')}:${(index & 0xff).toString(16).padStart(2, '0')}`;
};

/**
 * QEMU arguments for the NIC and its link. On a segment, `localaddr=127.0.0.1` sends and joins on the
 * loopback interface only, so no frame leaves the host.
 */
export const nicArgs = (nic: NicSpec): string[] => [
  '-netdev',
  nic.link.mode === 'segment'
    ? `socket,id=net0,mcast=${nic.link.segment.group}:${nic.link.segment.port},localaddr=127.0.0.1`
    : `socket,id=net0,${nic.link.mode}=127.0.0.1:${nic.link.port}`,
  '-device',
  `virtio-net-pci,netdev=net0,mac=${nic.mac}`,
];

/**
 * NoCloud network-config (version 2): the NIC found by MAC, named eth0 as on KubeVirt, static address,
 * default route; and the port-forwarding NIC when the guest has forwarded ports.
 */
export const staticNetworkConfig = (nic: NicSpec, forwards: readonly PortForward[] = []): string =>
  stringify({
    version: 2,
    ethernets: {
      eth0: {
        match: { macaddress: nic.mac },
        'set-name': 'eth0',
        addresses: [`${nic.address}/24`],
        // gateway4, not routes: cloud-init renders routes for ifupdown as `route` commands, and net-tools is not in the image.
        gateway4: GUEST_GATEWAY,
      },
      ...(forwards.length > 0 ? forwardNicConfig() : {}),
    },
  });

export interface HostsEntry {
  readonly address: string;
  readonly names: readonly string[];
}

/** The names cluster DNS answers for a Service: short, namespaced and fully qualified. */
export const serviceDnsNames = (service: string, namespace: string): string[] => [
  service,
  `${service}.${namespace}`,
  `${service}.${namespace}.svc`,
  `${service}.${namespace}.svc.cluster.local`,
];

const HOSTS_MARKER = '# virtwork guest tests: cluster DNS stand-in';

/**
 * NoCloud vendor-data that adds /etc/hosts entries for Service names, standing in for cluster DNS.
 * Vendor-data, not user-data, so the workload's user-data reaches the guest byte for byte; a boothook,
 * so it runs before any user-data module whatever keys the user-data sets. It also extends cloud-init's
 * hosts template, in case the user-data asks cloud-init to manage /etc/hosts.
 */
export const hostsVendorData = (entries: readonly HostsEntry[]): string => {
  const lines = entries.map((e) => `${e.address} ${e.names.join(' ')}`).join('\n');
  return [
    '#cloud-boothook',
    '#!/bin/sh',
    `for f in /etc/hosts /etc/cloud/templates/hosts.debian.tmpl; do`,
    `  [ -f "$f" ] || continue`,
    `  grep -qF '${HOSTS_MARKER}' "$f" && continue`,
    `  printf '%s\\n' '${HOSTS_MARKER}' >>"$f"`,
    `  cat >>"$f" <<'HOSTS'`,
    lines,
    'HOSTS',
    'done',
    '',
  ].join('\n');
};
