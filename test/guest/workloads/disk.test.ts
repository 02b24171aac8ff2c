/**
 * disk, booted from the dry run's Secret with its data disk (the VM's serial and size): fio runs on
 * the disk found by serial, and /proc/diskstats of that device shows reads and writes growing.
 * `disk.runtime=20` makes the mixed and the sequential job alternate within the measuring window.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { useGuestLab } from '../lab/use-guest-lab.js';
import { planDryRun } from './support/dry-run-plan.js';
import { diskBySerial, diskSectors, reportFigures } from './support/guest-checks.js';
import { bootPlanned, itKeepsUnitsActive, itRunsAsPlanned } from './support/planned-vm-tests.js';
import type { BootedVm } from './support/planned-vm-tests.js';

const lab = useGuestLab();
const WINDOW_SECONDS = 50;
const MIB_SECTORS = 2048;

let booted: BootedVm;

beforeAll(async () => {
  const run = await planDryRun(['--workloads', 'disk', '--params', 'disk.runtime=20']);
  [booted] = (await bootPlanned(lab, run, ['virtwork-disk-0'])) as [BootedVm];
});

describe('disk with a 20 s job runtime', () => {
  itRunsAsPlanned(() => booted);

  it('mounts the data disk found by its serial at /mnt/data', async () => {
    // the disk workload's one data disk, at the default --disk-size of 10Gi
    expect(booted.vm.dataDisks).toEqual([{ serial: 'virtwork-data', sizeBytes: 10 * 1024 ** 3 }]);
    const device = await diskBySerial(booted.guest, 'virtwork-data');
    expect(await booted.guest.agent.shOk('findmnt -n -o SOURCE /mnt/data')).toBe(`/dev/${device}\n`);
    expect(Number(await booted.guest.agent.shOk(`blockdev --getsize64 /dev/${device}`))).toBe(10 * 1024 ** 3);
  });

  // Tolerance: at least 1 MiB read and 1 MiB written on that device within 50 s.
  it('reads and writes on that device: /proc/diskstats grows by at least 1 MiB each way in 50 s', async () => {
    const device = await diskBySerial(booted.guest, booted.vm.dataDisks[0]?.serial ?? '');
    const before = await diskSectors(booted.guest, device);
    await sleep(WINDOW_SECONDS * 1000);
    const after = await diskSectors(booted.guest, device);
    const readMiB = (after.read - before.read) / MIB_SECTORS;
    const writtenMiB = (after.written - before.written) / MIB_SECTORS;
    reportFigures('disk (runtime=20)', {
      read: `${(readMiB / WINDOW_SECONDS).toFixed(2)} MiB/s`,
      written: `${(writtenMiB / WINDOW_SECONDS).toFixed(2)} MiB/s`,
    });
    expect(readMiB).toBeGreaterThanOrEqual(1);
    expect(writtenMiB).toBeGreaterThanOrEqual(1);
  });

  itKeepsUnitsActive(() => booted);
});
