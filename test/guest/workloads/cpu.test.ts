/**
 * cpu, booted twice at once from the dry run's Secrets: with its defaults (100 % load on every vCPU)
 * and with `--params cpu.cpu-load-percent=30`, which must reach the guest and give about 30 % busy.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Guest } from '../lab/guest.js';
import { useGuestLab } from '../lab/use-guest-lab.js';
import { planDryRun, unitFileOf } from './support/dry-run-plan.js';
import { cpuBusyPercent, reportFigures, unitCpuPercent } from './support/guest-checks.js';
import { bootPlanned, itKeepsUnitsActive, itRunsAsPlanned } from './support/planned-vm-tests.js';
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
  const boot = async (args: string[]): Promise<BootedVm> => {
    const run = await planDryRun(['--workloads', 'cpu', ...args]);
    const [booted] = (await bootPlanned(lab, run, ['virtwork-cpu-0'], { forwardProbePort: true })) as [BootedVm];
    return booted;
  };
  // Two separate guests, each in its own slot: they boot side by side.
  [withDefaults, withOverride] = await Promise.all([
    boot([]),
    boot(['--params', `cpu.cpu-load-percent=${OVERRIDE_PERCENT}`]),
  ]);
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
