/** Debian (genericcloud images): apt package names, postgresql-common clusters, an agent that allows every RPC. */
import type { GuestProfile } from './guest-profile.js';

export const debian: GuestProfile = {
  name: 'debian',
  packages: {
    'stress-ng': ['stress-ng'],
    fio: ['fio'],
    postgresql: ['postgresql'],
    pgbench: ['postgresql-client'],
    iperf3: ['iperf3'],
    python3: ['python3'],
    curl: ['curl'],
    tc: ['iproute2'],
    procps: ['procps'],
    'mkfs-ext4': ['e2fsprogs'],
    'qemu-guest-agent': ['qemu-guest-agent'],
  },
  missingTools: {
    netperf: "Debian ships netperf in non-free, which Debian's cloud images do not enable",
  },
  kernelModulePackages: { sch_netem: [] },
  catalogPackages: {
    'postgresql-server': ['postgresql'],
    // Valkey is packaged from Debian 13 on; redis-server and redis-tools (redis-cli, redis-benchmark)
    // are in every Debian and Ubuntu release, speak the same protocol and take the same flags.
    valkey: ['redis-server', 'redis-tools'],
    'procps-ng': ['procps'],
    'iproute-tc': ['iproute2'],
    'httpd-tools': ['apache2-utils'],
  },
  postgres: {
    dataMount: '/mnt/data',
    dataDir: '/mnt/data/postgresql',
    // The package creates a `main` cluster on the root disk; replace it with one whose data directory
    // is on the data disk. pg_createcluster adopts a data directory that already holds a cluster.
    initCommand: [
      'for dir in /usr/lib/postgresql/*; do version=${dir##*/}; done',
      'if [ -d "/etc/postgresql/$version/main" ]; then pg_dropcluster --stop "$version" main; fi',
      'pg_createcluster --start --datadir "$PGDATA" "$version" main',
    ],
    service: 'postgresql',
  },
  guestAgent: { service: 'qemu-guest-agent' },
};
