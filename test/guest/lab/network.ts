/**
 * Guest networking as a cluster would give it, built from QEMU socket netdevs on 127.0.0.1: each guest
 * has one virtio NIC with a static address and a default route (chaos-network shapes the default
 * interface); the two roles of a multi-VM workload share a link, one side listening, the other connecting.
 */
import { createServer } from 'node:net';
import { stringify } from 'yaml';

/** The pod network a KubeVirt masquerade binding shows the guest: 10.0.2.0/24 behind 10.0.2.1. */
export const GUEST_SUBNET_PREFIX = '10.0.2';
export const GUEST_GATEWAY = `${GUEST_SUBNET_PREFIX}.1`;

export interface NicSpec {
  readonly mac: string;
  /** IPv4 address in the guest subnet, without prefix length. */
  readonly address: string;
  /** QEMU side of the link: `listen` waits for a peer (or none), `connect` joins a listening guest. */
  readonly link: { readonly mode: 'listen' | 'connect'; readonly port: number };
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

/** A locally administered MAC in QEMU's 52:54:00 range, distinct per `index` below 65536. */
export const macAddress = (index: number): string => {
  if (!Number.isInteger(index) || index < 0 || index > 0xffff) throw new RangeError(`MAC index out of range: ${index}`);
  return `52:54:00:4c:${((index >> 8) & 0xff).toString(16).padStart(2, '0')}:${(index & 0xff).toString(16).padStart(2, '0')}`;
};

/** QEMU arguments for the NIC and its link. */
export const nicArgs = (nic: NicSpec): string[] => [
  '-netdev',
  `socket,id=net0,${nic.link.mode}=127.0.0.1:${nic.link.port}`,
  '-device',
  `virtio-net-pci,netdev=net0,mac=${nic.mac}`,
];

/** NoCloud network-config (version 2): the NIC found by MAC, named eth0 as on KubeVirt, static address, default route. */
export const staticNetworkConfig = (nic: NicSpec): string =>
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
