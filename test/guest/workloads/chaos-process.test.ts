/**
 * chaos-process, booted from the dry run's Secret with a 3 s interval and min-pid 2, so every process
 * of the guest is in reach: it kills decoy processes (transient units of their own) and never one it
 * must spare: systemd and its services, sshd, the guest agent, cloud-init, virtwork units.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useGuestLab } from '../lab/use-guest-lab.js';
import { planDryRun } from './support/dry-run-plan.js';
import { reportFigures } from './support/guest-checks.js';
import { bootPlanned, itKeepsUnitsActive, itRunsAsPlanned } from './support/planned-vm-tests.js';
import type { BootedVm } from './support/planned-vm-tests.js';

const lab = useGuestLab();
const DECOYS = ['chaos-decoy-1', 'chaos-decoy-2', 'chaos-decoy-3'];
/** A process in a virtwork unit other than the killer's own: protected by its unit, not by its name. */
const GUARDED_UNIT = 'virtwork-guarded';
/** Processes that must keep their PID: protected by name or by unit. */
const SPARED = ['systemd', 'systemd-journal', 'systemd-logind', 'systemd-udevd', 'dbus-daemon', 'sshd', 'qemu-ga'];

let booted: BootedVm;

/** PIDs of processes with exactly this command name, sorted. */
const pidsOf = async (comm: string): Promise<string> =>
  (await booted.guest.agent.sh(`pgrep -x ${comm} | sort -n | tr '\\n' ' '`)).stdout.trim();

const isActive = async (unit: string): Promise<boolean> =>
  (await booted.guest.agent.sh(`systemctl is-active --quiet ${unit}`)).exitCode === 0;

/** The killer's own log: `virtwork: sent SIGTERM to <pid> (<comm>)` lines. */
const killLog = async (): Promise<string[]> =>
  (await booted.guest.agent.shOk('journalctl -q -o cat -u virtwork-chaos-process.service | grep "sent SIG" || true'))
    .trim()
    .split('\n')
    .filter((line) => line !== '');

beforeAll(async () => {
  const run = await planDryRun(['--workloads', 'chaos-process', '--params', 'chaos-process.interval=3,chaos-process.min-pid=2']);
  [booted] = (await bootPlanned(lab, run, ['virtwork-chaos-process-0'])) as [BootedVm];
});

describe('chaos-process every 3 s from PID 2 up', () => {
  itRunsAsPlanned(() => booted);

  // Tolerance: every decoy gone within 5 minutes; every spared process keeps its PID throughout.
  it('kills decoy processes and spares systemd, sshd, the guest agent and virtwork units', async () => {
    const { guest } = booted;
    const spared = Object.fromEntries(await Promise.all(SPARED.map(async (comm) => [comm, await pidsOf(comm)] as const)));
    for (const [comm, pids] of Object.entries(spared)) expect(pids, `${comm} runs before the test`).not.toBe('');
    const killer = await guest.agent.shOk('systemctl show -p MainPID --value virtwork-chaos-process.service');
    for (const unit of [...DECOYS, GUARDED_UNIT]) {
      await guest.agent.shOk(`systemd-run --unit ${unit} --property Restart=no sleep 100000`);
    }

    await expect
      .poll(async () => (await Promise.all(DECOYS.map(isActive))).filter(Boolean).length, { timeout: 300_000, interval: 3_000 })
      .toBe(0);

    const log = await killLog();
    reportFigures('chaos-process (interval=3, min-pid=2)', { 'signals sent': String(log.length) });
    expect(log.some((line) => / \(sleep\)$/.test(line))).toBe(true);
    // Never a process protected by name, whatever was killed.
    for (const line of log) expect(line).not.toMatch(/\((systemd.*|sshd.*|dbus.*|qemu-ga|cloud-init|agetty|sh|bash|dash)\)$/);
    for (const [comm, pids] of Object.entries(spared)) expect(await pidsOf(comm), comm).toBe(pids);
    expect(await isActive(GUARDED_UNIT)).toBe(true);
    expect(await guest.agent.shOk('systemctl show -p MainPID --value virtwork-chaos-process.service')).toBe(killer);
  });

  itKeepsUnitsActive(() => booted);
});
