/**
 * KVM only when a probe boot proves it works: on some hosts /dev/kvm exists but `-cpu host` aborts or
 * the kernel hangs in its decompressor. Otherwise TCG, QEMU's emulator, one host thread per vCPU.
 */
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { GuestImage } from './image.js';
import { startQemu } from './qemu-process.js';
import { readSerialLog } from './serial-log.js';

export interface Accelerator {
  readonly kind: 'kvm' | 'tcg';
  /** QEMU arguments selecting the accelerator and CPU model. */
  readonly args: readonly string[];
  /** Why this one was chosen. */
  readonly reason: string;
}

const KVM: Omit<Accelerator, 'reason'> = { kind: 'kvm', args: ['-accel', 'kvm', '-cpu', 'host'] };
const TCG: Omit<Accelerator, 'reason'> = { kind: 'tcg', args: ['-accel', 'tcg,thread=multi', '-cpu', 'max'] };
const PROBE_TIMEOUT_MS = 20_000;
/** Printed by the kernel when it hands over to the initramfs: decompression and early boot worked. */
const PROBE_SUCCESS = /Run \/init as init process/;

const kvmDeviceProblem = (): string | undefined => {
  try {
    accessSync('/dev/kvm', constants.R_OK | constants.W_OK);
    return undefined;
  } catch (error) {
    return `/dev/kvm is not usable (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
  }
};

/** Boots the image's kernel under KVM for at most 20 s; true when it reached its initramfs. */
const probeKvm = async (image: GuestImage): Promise<{ ok: boolean; detail: string }> => {
  const dir = mkdtempSync(join(tmpdir(), 'virtwork-kvm-probe-'));
  const serial = join(dir, 'serial.log');
  const qemu = startQemu(
    [
      ...KVM.args,
      '-machine', 'q35', '-m', '512', '-nodefaults', '-no-user-config', '-display', 'none', '-no-reboot',
      '-serial', `file:${serial}`,
      '-kernel', image.kernel, '-initrd', image.initrd,
      '-append', 'console=ttyS0 panic=-1',
    ],
    join(dir, 'qemu.out'),
  );
  try {
    const deadline = Date.now() + PROBE_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (PROBE_SUCCESS.test(readSerialLog(serial))) return { ok: true, detail: 'probe boot reached the initramfs' };
      const exited = qemu.exitReason();
      if (exited) return { ok: false, detail: `probe boot failed: ${exited}` };
      await sleep(250);
    }
    return { ok: false, detail: `probe boot did not reach the initramfs within ${PROBE_TIMEOUT_MS / 1000} s` };
  } finally {
    await qemu.stop(1_000);
    rmSync(dir, { recursive: true, force: true });
  }
};

/**
 * Picks the accelerator: `$VIRTWORK_GUEST_ACCEL` (`kvm` or `tcg`) when set, else KVM when /dev/kvm is
 * usable and a probe boot succeeds, else TCG.
 */
export const chooseAccelerator = async (image: GuestImage, env: NodeJS.ProcessEnv = process.env): Promise<Accelerator> => {
  const forced = env.VIRTWORK_GUEST_ACCEL;
  if (forced === 'kvm') return { ...KVM, reason: 'VIRTWORK_GUEST_ACCEL=kvm' };
  if (forced === 'tcg') return { ...TCG, reason: 'VIRTWORK_GUEST_ACCEL=tcg' };
  if (forced) throw new Error(`VIRTWORK_GUEST_ACCEL=${forced}: expected kvm or tcg`);
  const deviceProblem = kvmDeviceProblem();
  if (deviceProblem) return { ...TCG, reason: deviceProblem };
  const probe = await probeKvm(image);
  return probe.ok ? { ...KVM, reason: probe.detail } : { ...TCG, reason: `KVM ${probe.detail}` };
};
