/**
 * Host ports forwarded to guest TCP ports: what the kubelet sees when it probes a virt-launcher pod
 * and masquerade forwards the request into the guest. A second NIC on QEMU user networking carries
 * the forwards, in a subnet of its own with no default route, so the guest's eth0 (the interface
 * chaos-network shapes) keeps its address, its default route and all of its traffic.
 */

/** The forwarding NIC's subnet, apart from the guest subnet 10.0.2.0/24. */
const FORWARD_SUBNET = '10.0.3.0/24';
/** QEMU's side of that subnet: forwarded connections come from this address. */
const FORWARD_HOST_ADDRESS = '10.0.3.2';
export const FORWARD_GUEST_ADDRESS = '10.0.3.15';
/** The guest names the NIC so, and finds it by this MAC: one per guest, on a link of its own. */
export const FORWARD_NIC_NAME = 'fwd0';
const FORWARD_NIC_MAC = '52:54:00:4c:ff:00';

export interface PortForward {
  /** A TCP port on the host's 127.0.0.1. */
  readonly hostPort: number;
  /** The TCP port in the guest it reaches. */
  readonly guestPort: number;
}

/**
 * QEMU arguments for the forwarding NIC. `restrict=on` keeps the guest from reaching the host or
 * beyond through it (forwards still work); `ipv6=off` keeps QEMU from announcing an IPv6 router, which
 * would give the guest a default route on this NIC.
 */
export const forwardNicArgs = (forwards: readonly PortForward[]): string[] => {
  if (forwards.length === 0) throw new RangeError('a forwarding NIC needs at least one port forward');
  const rules = forwards.map((f) => `hostfwd=tcp:127.0.0.1:${f.hostPort}-${FORWARD_GUEST_ADDRESS}:${f.guestPort}`);
  return [
    '-netdev',
    [`user,id=${FORWARD_NIC_NAME}`, `net=${FORWARD_SUBNET}`, `host=${FORWARD_HOST_ADDRESS}`, 'ipv6=off', 'restrict=on', ...rules].join(','),
    '-device',
    `virtio-net-pci,netdev=${FORWARD_NIC_NAME},mac=${FORWARD_NIC_MAC}`,
  ];
};

/** The forwarding NIC's entry in network-config `ethernets`: a static address and no gateway. */
export const forwardNicConfig = (): Record<string, unknown> => ({
  [FORWARD_NIC_NAME]: {
    match: { macaddress: FORWARD_NIC_MAC },
    'set-name': FORWARD_NIC_NAME,
    addresses: [`${FORWARD_GUEST_ADDRESS}/24`],
  },
});
