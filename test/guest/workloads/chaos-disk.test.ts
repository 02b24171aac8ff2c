/**
 * chaos-disk, booted from the dry run's Secret with a 1 GiB data disk and short holds: it fills the
 * disk found by serial to about fill-percent, then releases the space, and does so again.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useGuestLab } from '../lab/use-guest-lab.js';
import { planDryRun } from './support/dry-run-plan.js';
import { reportFigures } from './support/guest-checks.js';
import { bootPlanned, itKeepsUnitsActive, itRunsAsPlanned } from './support/planned-vm-tests.js';
import type { BootedVm } from './support/planned-vm-tests.js';

const lab = useGuestLab();
const FILL_PERCENT = 60;
const HOLD_SECONDS = 20;

let booted: BootedVm;

/** Used share of the data disk's filesystem, in percent of its size (df's own numbers, KiB). */
const usedPercent = async (): Promise<number> =>
  Number((await booted.guest.agent.shOk("df -Pk /mnt/data | awk 'NR == 2 { print 100 * $3 / $2 }'")).trim());

beforeAll(async () => {
  const run = await planDryRun([
    '--workloads', 'chaos-disk',
    '--disk-size', '1Gi',
    '--params', `chaos-disk.fill-percent=${FILL_PERCENT},chaos-disk.fill-sleep=${HOLD_SECONDS},chaos-disk.release-sleep=${HOLD_SECONDS}`,
  ]);
  [booted] = (await bootPlanned(lab, run, ['virtwork-chaos-disk-0'])) as [BootedVm];
});

describe(`chaos-disk filling a 1 GiB disk to ${FILL_PERCENT} %`, () => {
  itRunsAsPlanned(() => booted);

  it('fills only the data disk found by serial, mounted at /mnt/data', async () => {
    const device = (await booted.guest.agent.shOk(`readlink -f /dev/disk/by-id/virtio-${booted.vm.dataDisks[0]?.serial ?? ''}`)).trim();
    expect(await booted.guest.agent.shOk('findmnt -n -o SOURCE /mnt/data')).toBe(`${device}\n`);
  });

  // Tolerance: full means fill-percent ± 3 points of the filesystem's size; released means under 10 %.
  it(`fills the disk to about ${FILL_PERCENT} % (± 3 points), then releases it (under 10 %), twice`, async () => {
    const seen: string[] = [];
    for (let cycle = 0; cycle < 2; cycle += 1) {
      let full = 0;
      await expect
        .poll(async () => (full = await usedPercent()), { timeout: 180_000, interval: 2_000 })
        .toBeGreaterThanOrEqual(FILL_PERCENT - 3);
      expect(full).toBeLessThanOrEqual(FILL_PERCENT + 3);
      let released = 100;
      await expect.poll(async () => (released = await usedPercent()), { timeout: 180_000, interval: 2_000 }).toBeLessThan(10);
      seen.push(`full ${full.toFixed(1)} %, released ${released.toFixed(1)} %`);
    }
    reportFigures(`chaos-disk (fill-percent=${FILL_PERCENT})`, { cycles: seen.join('; ') });
  });

  itKeepsUnitsActive(() => booted);
});
