/**
 * What the guest image holds, from Debian bookworm `main`. The workloads' own tools must be here because
 * the guests reach no mirror: a debian-profile `packages:` entry missing from this list makes cloud-init
 * fail with "Unable to locate package", which the suite reports. Debian's netperf is non-free: not here.
 */
export const GUEST_SUITE = 'bookworm';

/** What any booted Debian cloud guest has: init, cloud-init, the guest agent, networking, sshd. */
const BASE_PACKAGES = [
  'systemd-sysv',
  'udev',
  'dbus',
  'kmod',
  'linux-image-amd64',
  'initramfs-tools',
  'cloud-init',
  // cloud-init's python3-cryptography needs it; debootstrap leaves cloud-init unconfigured without it.
  'python3-cffi-backend',
  'qemu-guest-agent',
  // cloud-init renders the static network-config to /etc/network/interfaces.
  'ifupdown',
  'isc-dhcp-client',
  'netbase',
  'iproute2',
  'iputils-ping',
  'openssh-server',
  'sudo',
  'procps',
  'e2fsprogs',
  'python3',
  'curl',
] as const;

/** The tools the debian profile's workloads run. */
const WORKLOAD_PACKAGES = ['stress-ng', 'fio', 'postgresql', 'postgresql-client', 'iperf3'] as const;

/** What the starter catalog's entries proven in guests install on Debian (redis, postgres-sysbench). */
const CATALOG_PACKAGES = ['redis-server', 'redis-tools', 'sysbench'] as const;

export const GUEST_PACKAGES: readonly string[] = [...BASE_PACKAGES, ...WORKLOAD_PACKAGES, ...CATALOG_PACKAGES];
