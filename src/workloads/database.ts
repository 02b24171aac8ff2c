/**
 * database: PostgreSQL with its data directory on the data disk, and pgbench against it in a loop.
 * The guest profile says where the cluster lives and how to create it; the rest is the same everywhere.
 */
import { z } from 'zod';
import { defineWorkload } from './define-workload.js';
import { sh } from './guest/shell-script.js';
import { integerParam } from './params.js';

const DATABASE = 'virtwork';
/** pgbench -j: worker threads, never more than clients. */
const MAX_THREADS = 2;

/** pgbench_accounts and its index per scale unit (100,000 accounts). */
const MIB_PER_SCALE_UNIT = 16;
/** PostgreSQL's default max_wal_size: the WAL grows to it during the initial load and between checkpoints. */
const WAL_MIB = 1024;
/** An empty cluster after initdb, with the catalogs. */
const CLUSTER_MIB = 64;

export const database = defineWorkload({
  name: 'database',
  description: 'PostgreSQL on a data disk with a pgbench loop',
  params: z.strictObject({
    'scale-factor': integerParam(50, { min: 1, max: 10_000 }, 'pgbench -i -s: data set size (1 = 100,000 accounts, about 15 MB)'),
    clients: integerParam(10, { min: 1, max: 1_000 }, 'pgbench -c: concurrent database sessions'),
    duration: integerParam(300, { min: 1, max: 86_400 }, 'pgbench -T: seconds of each run; the loop starts the next'),
  }),
  dataMount: (_params, profile) => profile.postgres.dataMount,
  dataDiskMinimum: (params) => {
    const dataMib = params['scale-factor'] * MIB_PER_SCALE_UNIT;
    return {
      bytes: (dataMib + WAL_MIB + CLUSTER_MIB) * 1024 * 1024,
      why: `pgbench's tables at scale-factor ${params['scale-factor']} take about ${dataMib} MiB, PostgreSQL's WAL up to ${WAL_MIB} MiB (max_wal_size) and the cluster itself about ${CLUSTER_MIB} MiB`,
    };
  },
  guest: ({ params, profile }) => {
    const { dataMount, dataDir, initCommand, service } = profile.postgres;
    const scale = params['scale-factor'];
    return {
      tools: ['postgresql', 'pgbench'],
      setupScript: sh('database: create (or adopt) the PostgreSQL cluster on the data disk and start it', [
        '# Never fall back to the root disk: without the data disk there is no database.',
        `if ! mountpoint -q ${dataMount}; then`,
        `  echo "virtwork: ${dataMount} is not mounted" >&2`,
        '  exit 1',
        'fi',
        `PGDATA=${dataDir}`,
        'export PGDATA',
        '# A subdirectory of the mount: initdb refuses a mount point that holds lost+found.',
        'install -d -o postgres -g postgres -m 700 "$PGDATA"',
        ...initCommand,
        `systemctl enable --now ${service}`,
      ]),
      script: sh('database: pgbench against the local PostgreSQL, tables created once, runs forever', [
        `db=${DATABASE}`,
        `if ! psql -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" postgres | grep -q 1; then`,
        '  createdb "$db"',
        'fi',
        '# pgbench_branches has one row per scale unit; until the tables exist, psql fails and the count is 0.',
        `branches=$(psql -tAc 'SELECT count(*) FROM pgbench_branches' "$db" 2>/dev/null) || branches=0`,
        `if [ "$branches" != ${scale} ]; then`,
        `  pgbench -i -s ${scale} "$db"`,
        'fi',
        'while :; do',
        `  pgbench -c ${params.clients} -j ${Math.min(MAX_THREADS, params.clients)} -T ${params.duration} "$db"`,
        'done',
      ]),
      unit: {
        description: 'pgbench against PostgreSQL on the data disk',
        user: 'postgres',
        after: [`${service}.service`],
        requiresMountsFor: [dataMount],
      },
    };
  },
});
