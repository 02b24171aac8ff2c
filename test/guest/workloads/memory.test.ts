/** memory, booted from the dry run's Secret with its defaults: stress-ng holds about memory-percent of the guest's memory. */
import { beforeAll, describe, expect, it } from 'vitest';
import { useGuestLab } from '../lab/use-guest-lab.js';
import { planDryRun, unitFileOf } from './support/dry-run-plan.js';
import { peakMemoryUsedPercent, reportFigures } from './support/guest-checks.js';
import { bootPlanned, itKeepsUnitsActive, itRunsAsPlanned } from './support/planned-vm-tests.js';
import type { BootedVm } from './support/planned-vm-tests.js';

const lab = useGuestLab();
const MEMORY_PERCENT = 80;

let booted: BootedVm;

beforeAll(async () => {
  const run = await planDryRun(['--workloads', 'memory']);
  [booted] = (await bootPlanned(lab, run, ['virtwork-memory-0'])) as [BootedVm];
});

describe('memory with its defaults', () => {
  itRunsAsPlanned(() => booted);

  // stress-ng takes memory-percent of the memory available when it starts; the guest's own use comes
  // on top. Tolerance: the peak share in use over 30 s is memory-percent -10 / +15 points.
  it(`holds about ${MEMORY_PERCENT} % of the guest's memory (peak over 30 s, -10/+15 points)`, async () => {
    expect(unitFileOf(booted.vm, 'virtwork-memory.service')).toContain(`--vm-bytes ${MEMORY_PERCENT}%%`);
    const peak = await peakMemoryUsedPercent(booted.guest, 15, 2);
    reportFigures('memory (defaults)', { 'peak memory in use': `${peak.toFixed(1)} %` });
    expect(peak).toBeGreaterThanOrEqual(MEMORY_PERCENT - 10);
    expect(peak).toBeLessThanOrEqual(MEMORY_PERCENT + 15);
  });

  itKeepsUnitsActive(() => booted);
});
