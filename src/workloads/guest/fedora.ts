/** Fedora (the default guest, `quay.io/containerdisks/fedora`): dnf package names, SELinux, RHEL-style agent. */
import type { GuestProfile } from './guest-profile.js';

export const fedora: GuestProfile = {
  name: 'fedora',
  packages: {
    'stress-ng': ['stress-ng'],
    fio: ['fio'],
    postgresql: ['postgresql-server'],
    pgbench: ['postgresql-contrib'],
    iperf3: ['iperf3'],
    netperf: ['netperf'],
    python3: ['python3'],
    curl: ['curl'],
    tc: ['iproute-tc'],
    procps: ['procps-ng'],
    'mkfs-ext4': ['e2fsprogs'],
    'qemu-guest-agent': ['qemu-guest-agent'],
  },
  missingTools: {},
  // sch_netem ships in kernel-modules-extra, not in the kernel package cloud images carry.
  kernelModulePackages: { sch_netem: ['kernel-modules-extra'] },
  catalogPackages: {},
  postgres: {
    // The mount replaces postgres's home; the stock data directory below it then lives on the disk,
    // where the SELinux policy's labels for /var/lib/pgsql still apply.
    dataMount: '/var/lib/pgsql',
    dataDir: '/var/lib/pgsql/data',
    initCommand: ['if [ ! -f "$PGDATA/PG_VERSION" ]; then postgresql-setup --initdb; fi'],
    service: 'postgresql',
  },
  guestAgent: { service: 'qemu-guest-agent', rpcFilterFile: '/etc/sysconfig/qemu-ga' },
};
