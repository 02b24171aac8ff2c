/**
 * cpu, booted twice at once from the dry run's Secrets: with its defaults (100 % load on every vCPU)
 * and with `--params cpu.cpu-load-percent=30`, which must reach the guest and give about 30 % busy.
 * The second is also booted with `--skip-package-install`, as on a golden image (the lab's image has
 * every package already): its workload must start with no package step at all.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Guest } from '../lab/guest.js';
import { useGuestLab } from '../lab/use-guest-lab.js';
import { planDryRun, unitFileOf } from './support/dry-run-plan.js';
import { cpuBusyPercent, reportFigures, unitCpuPercent } from './support/guest-checks.js';
import { bootPlannedGroup, itKeepsUnitsActive, itRunsAsPlanned } from './support/planned-vm-tests.js';
import type { BootedVm } from './support/planned-vm-tests.js';

const lab = useGuestLab();

const OVERRIDE_PERCENT = 30;
/** Window the busy share is measured over. */
const MEASURE_SECONDS = 20;

/** Busy share of the whole guest and of the cpu unit's cgroup, over the same 20 s. */
const measure = (guest: Guest): Promise<[number, number]> =>
  Promise.all([cpuBusyPercent(guest, MEASURE_SECONDS), unitCpuPercent(guest, 'virtwork-cpu.service', MEASURE_SECONDS)]);

let withDefaults: BootedVm;
let withOverride: BootedVm;

beforeAll(async () => {
  const [defaults, override] = await Promise.all([
    planDryRun(['--workloads', 'cpu']),
    planDryRun(['--workloads', 'cpu', '--params', `cpu.cpu-load-percent=${OVERRIDE_PERCENT}`, '--skip-package-install']),
  ]);
  // One group of two, booted side by side: two groups held at once by one file can deadlock the suite.
  [withDefaults, withOverride] = (await bootPlannedGroup(
    lab,
    [defaults, override].map((run) => ({ run, name: 'virtwork-cpu-0' })),
    { forwardProbePort: true },
  )) as [BootedVm, BootedVm];
});

/** How many package-manager commands cloud-init ran in the guest (its log names each command it runs). */
const packageCommandsRun = async (guest: Guest): Promise<number> =>
  Number((await guest.agent.shOk("grep -cE \"Running command \\[.*'apt-get'\" /var/log/cloud-init.log || true")).trim());

describe('cpu booted as from a golden image (--skip-package-install)', () => {
  it('asks for no packages in its cloud-config, where the default boot does', () => {
    expect(withDefaults.vm.packages.length).toBeGreaterThan(0);
    expect(withOverride.vm.packages).toEqual([]);
  });

  it('runs no package command at boot, where the default boot runs apt-get (so the check sees one when there is one)', async () => {
    expect(await packageCommandsRun(withDefaults.guest)).toBeGreaterThan(0);
    expect(await packageCommandsRun(withOverride.guest)).toBe(0);
  });
});

describe('cpu with its defaults', () => {
  itRunsAsPlanned(() => withDefaults);

  // Tolerance: at least 85 % of all vCPU time, for the guest as a whole and for the unit alone.
  it('keeps every vCPU busy: at least 85 % busy over 20 s', async () => {
    expect(unitFileOf(withDefaults.vm, 'virtwork-cpu.service')).toContain('--cpu-load 100');
    const [busy, unit] = await measure(withDefaults.guest);
    reportFigures('cpu (defaults)', { 'guest busy': `${busy.toFixed(1)} %`, 'virtwork-cpu.service': `${unit.toFixed(1)} %` });
    expect(busy).toBeGreaterThanOrEqual(85);
    expect(unit).toBeGreaterThanOrEqual(85);
  });

  itKeepsUnitsActive(() => withDefaults);
});

describe(`cpu with --params cpu.cpu-load-percent=${OVERRIDE_PERCENT}`, () => {
  itRunsAsPlanned(() => withOverride);

  // Tolerance: the unit's own CPU time is 30 ± 10 % of all vCPU time (its cgroup, free of the guest's
  // other noise); the guest as a whole is at least 20 % busy, so the load is really there.
  it(`is about ${OVERRIDE_PERCENT} % busy over 20 s (the unit: ± 10 points)`, async () => {
    expect(unitFileOf(withOverride.vm, 'virtwork-cpu.service')).toContain(`--cpu-load ${OVERRIDE_PERCENT}`);
    const [busy, unit] = await measure(withOverride.guest);
    reportFigures(`cpu (cpu-load-percent=${OVERRIDE_PERCENT})`, {
      'guest busy': `${busy.toFixed(1)} %`,
      'virtwork-cpu.service': `${unit.toFixed(1)} %`,
    });
    expect(unit).toBeGreaterThanOrEqual(OVERRIDE_PERCENT - 10);
    expect(unit).toBeLessThanOrEqual(OVERRIDE_PERCENT + 10);
    expect(busy).toBeGreaterThanOrEqual(OVERRIDE_PERCENT - 10);
  });

  describe('its readiness probe, sent from the host as the kubelet sends it', () => {
    /** A GET on the probe's own port (forwarded from the host) and path, with the probe's own timeout. */
    const probe = async (): Promise<{ status: number; body: string }> => {
      const { vm, guest } = withOverride;
      if (vm.probe.kind !== 'http') throw new Error(`${vm.name} carries no httpGet probe: ${JSON.stringify(vm.probe)}`);
      const url = `http://127.0.0.1:${guest.forwardedPort(vm.probe.port)}${vm.probe.path}`;
      const response = await fetch(url, { signal: AbortSignal.timeout(vm.probe.timeoutSeconds * 1000) });
      return { status: response.status, body: await response.text() };
    };

    it('answers 200 while the workload unit is active', async () => {
      expect(await probe()).toEqual({ status: 200, body: 'ready: virtwork-cpu.service active\n' });
    });

    it('answers 503 naming the unit once it is stopped, and 200 again once it runs', async () => {
      const { guest } = withOverride;
      await guest.agent.shOk('systemctl stop virtwork-cpu.service');
      try {
        expect(await probe()).toEqual({ status: 503, body: 'not ready: virtwork-cpu.service is inactive\n' });
      } finally {
        await guest.agent.shOk('systemctl start virtwork-cpu.service');
      }
      await expect.poll(probe, { timeout: 30_000, interval: 1_000 }).toEqual({ status: 200, body: 'ready: virtwork-cpu.service active\n' });
    });
  });

  itKeepsUnitsActive(() => withOverride);
});
