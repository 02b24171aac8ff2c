/**
 * The checks every booted workload VM must pass, registered as tests: the Secret's bytes arrived
 * unchanged, cloud-init ended `done`, the VM's own readiness probe exits 0, every virtwork unit is
 * active; and, registered last, that the units are still active without a restart.
 */
import { expect, it } from 'vitest';
import type { Guest } from '../../lab/guest.js';
import type { GuestLab } from '../../lab/lab.js';
import { guestRequests, vmNamed } from './dry-run-plan.js';
import type { BootOptions, PlannedRun, PlannedVm } from './dry-run-plan.js';
import {
  cloudInitStatus,
  receivedUserDataSha256,
  reportFigures,
  runReadinessProbe,
  sha256,
  unitNamesOf,
  unitState,
} from './guest-checks.js';
import type { UnitState } from './guest-checks.js';

export interface BootedVm {
  readonly vm: PlannedVm;
  readonly guest: Guest;
}

/** One VM of a dry run, to boot in a group with VMs of other runs. */
export interface PlannedPick {
  readonly run: PlannedRun;
  readonly name: string;
}

/**
 * Boots the picked VMs together as one group (the two roles of a pair share one link), each from its
 * own Secret bytes, and pairs every planned VM with its guest, in the order of `picks`. A file boots
 * everything it needs in one group: the lab refuses a second while the first is held.
 */
export const bootPlannedGroup = async (lab: GuestLab, picks: readonly PlannedPick[], options: BootOptions = {}): Promise<BootedVm[]> => {
  const vms = picks.map(({ run, name }) => vmNamed(run, name));
  const guests = await lab.boot(picks.flatMap(({ run }, i) => guestRequests(run, [vms[i] as PlannedVm], options)));
  return vms.map((vm, i) => {
    const guest = guests[i];
    if (guest === undefined) throw new Error(`the lab booted no guest for ${vm.name}`);
    return { vm, guest };
  });
};

/** Boots the VMs of `run` named `names` together, as `bootPlannedGroup`. */
export const bootPlanned = (lab: GuestLab, run: PlannedRun, names: readonly string[], options: BootOptions = {}): Promise<BootedVm[]> =>
  bootPlannedGroup(
    lab,
    names.map((name) => ({ run, name })),
    options,
  );

/** Unit states seen by the first checks, compared with the end of the file. */
const firstSeen = new Map<string, UnitState>();

export const itRunsAsPlanned = (booted: () => BootedVm): void => {
  it('receives the Secret’s user-data byte for byte', async () => {
    const { vm, guest } = booted();
    expect(await receivedUserDataSha256(guest)).toBe(sha256(vm.userData));
  });

  it('finishes cloud-init with status done', async () => {
    const { guest } = booted();
    const { status, text } = await cloudInitStatus(guest);
    expect(status, text).toBe('done');
  });

  it('has every virtwork unit active, never restarted (clients wait for their server inside the unit)', async () => {
    const { vm, guest } = booted();
    const units = unitNamesOf(vm);
    expect(units.length).toBeGreaterThan(0);
    for (const unit of units) {
      const state = await unitState(guest, unit);
      expect(state.activeState, `${vm.name} ${unit}`).toBe('active');
      expect(state.restarts, `${vm.name} ${unit} restarts`).toBe(0);
      firstSeen.set(`${vm.name}/${unit}`, state);
      reportFigures(`${vm.name} ${unit}`, {
        'boot-to-active': `${state.activeAtSeconds.toFixed(1)} s`,
        'cloud-init done after': `${guest.timings.cloudInitSeconds.toFixed(1)} s`,
      });
    }
  });

  it('passes its readiness probe (the one in the VM spec)', async () => {
    const { vm, guest } = booted();
    const result = await runReadinessProbe(guest, vm.probe);
    expect(result.exitCode, `${JSON.stringify(vm.probe)}: ${result.stderr}`).toBe(0);
  });
};

/** Register after the load checks: the units are still active, and systemd did not restart them meanwhile. */
export const itKeepsUnitsActive = (booted: () => BootedVm): void => {
  it('keeps every virtwork unit active, without restarts, until the end', async () => {
    const { vm, guest } = booted();
    for (const unit of unitNamesOf(vm)) {
      const state = await unitState(guest, unit);
      const before = firstSeen.get(`${vm.name}/${unit}`);
      expect(state.activeState, `${vm.name} ${unit}`).toBe('active');
      expect(state.restarts, `${vm.name} ${unit} restarts`).toBe(before?.restarts ?? 0);
    }
    const probe = await runReadinessProbe(guest, vm.probe);
    expect(probe.exitCode).toBe(0);
  });
};
