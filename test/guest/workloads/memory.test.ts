/** memory, booted from the dry run's Secret with its defaults: stress-ng holds about memory-percent of the guest's memory. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Guest } from '../lab/guest.js';
import { useGuestLab } from '../lab/use-guest-lab.js';
import { guestRequests, planDryRun, vmNamed } from './support/dry-run-plan.js';
import { peakMemoryUsedPercent, reportFigures } from './support/guest-checks.js';
import { itKeepsUnitsActive, itRunsAsPlanned } from './support/planned-vm-tests.js';
import type { BootedVm } from './support/planned-vm-tests.js';

const lab = useGuestLab();
const MEMORY_PERCENT = 80;

let booted: BootedVm;

beforeAll(async () => {
  const run = await planDryRun(['--workloads', 'memory']);
  const vm = vmNamed(run, 'virtwork-memory-0');
  const [guest] = (await lab.boot(guestRequests(run, [vm]))) as [Guest];
  booted = { vm, guest };
});

describe('memory with its defaults', () => {
  itRunsAsPlanned(() => booted);

  // stress-ng takes memory-percent of the memory available when it starts; the guest's own use comes
  // on top. Tolerance: the peak share in use over 30 s is memory-percent -10 / +15 points.
  it(`holds about ${MEMORY_PERCENT} % of the guest's memory (peak over 30 s, -10/+15 points)`, async () => {
    expect(booted.vm.unitFiles[0]?.content).toContain(`--vm-bytes ${MEMORY_PERCENT}%%`);
    const peak = await peakMemoryUsedPercent(booted.guest, 15, 2);
    reportFigures('memory (defaults)', { 'peak memory in use': `${peak.toFixed(1)} %` });
    expect(peak).toBeGreaterThanOrEqual(MEMORY_PERCENT - 10);
    expect(peak).toBeLessThanOrEqual(MEMORY_PERCENT + 15);
  });

  itKeepsUnitsActive(() => booted);
});
