/**
 * database, booted from the dry run's Secret with its data disk: PostgreSQL's cluster lives on the
 * disk found by serial, and pgbench commits transactions (xact_commit grows). Small params keep the
 * emulated guest quick: `database.scale-factor=1` (100,000 accounts) and 30 s pgbench runs.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { useGuestLab } from '../lab/use-guest-lab.js';
import { planDryRun } from './support/dry-run-plan.js';
import { diskBySerial, reportFigures } from './support/guest-checks.js';
import { bootPlanned, itKeepsUnitsActive, itRunsAsPlanned } from './support/planned-vm-tests.js';
import type { BootedVm } from './support/planned-vm-tests.js';

const lab = useGuestLab();
const WINDOW_SECONDS = 30;

let booted: BootedVm;

const psql = (sql: string): Promise<string> =>
  booted.guest.agent.shOk(`runuser -u postgres -- psql -tAc "${sql}" postgres`).then((out) => out.trim());

/** Committed transactions of the pgbench database; pgbench runs as a loop, so this only grows. */
const commits = async (): Promise<number> => Number(await psql("SELECT xact_commit FROM pg_stat_database WHERE datname = 'virtwork'"));

beforeAll(async () => {
  const run = await planDryRun(['--workloads', 'database', '--params', 'database.scale-factor=1,database.duration=30']);
  [booted] = (await bootPlanned(lab, run, ['virtwork-database-0'])) as [BootedVm];
});

describe('database with scale factor 1 and 30 s runs', () => {
  itRunsAsPlanned(() => booted);

  it('keeps its data directory on the data disk found by serial, not on the root disk', async () => {
    const device = await diskBySerial(booted.guest, booted.vm.dataDisks[0]?.serial ?? '');
    const dataDirectory = await psql('SHOW data_directory');
    expect(dataDirectory).toBe('/mnt/data/postgresql');
    expect(await booted.guest.agent.shOk(`findmnt -n -o SOURCE --target ${dataDirectory}`)).toBe(`/dev/${device}\n`);
  });

  // Tolerance: at least 10 commits in 30 s (pgbench commits one per transaction, many per second).
  it('commits transactions: xact_commit of the pgbench database grows by at least 10 in 30 s', async () => {
    await expect.poll(commits, { timeout: 300_000, interval: 5_000 }).toBeGreaterThan(0);
    const before = await commits();
    await sleep(WINDOW_SECONDS * 1000);
    const after = await commits();
    reportFigures('database (scale-factor=1)', { commits: `${((after - before) / WINDOW_SECONDS).toFixed(1)} per second` });
    expect(after - before).toBeGreaterThanOrEqual(10);
  });

  itKeepsUnitsActive(() => booted);
});
