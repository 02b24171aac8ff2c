import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { LabEnvironment } from './guest.js';
import { BOOT_TIMEOUT_MS, GuestLab, bootTimeoutMs } from './lab.js';
import type { GuestRequest } from './lab.js';

// Requests the lab must refuse before it takes guest slots or starts QEMU: nothing here exists.
const missing = '/nonexistent/virtwork-guest-lab';
const env: LabEnvironment = {
  image: { key: 'none', dir: missing, baseRaw: missing, kernel: missing, initrd: missing, rootfs: missing, packages: [], buildSeconds: 0 },
  accel: { kind: 'tcg', args: [], reason: 'not booted' },
  workDir: missing,
  logsDir: missing,
};
const lab = new GuestLab(env);
const request = (name: string, extra: Partial<GuestRequest> = {}): GuestRequest => ({
  name,
  userData: Buffer.from('#cloud-config\n'),
  cpus: 1,
  memoryBytes: 2 ** 30,
  ...extra,
});

it('refuses a group of more than four guests, saying to split it', async () => {
  const five = ['a', 'b', 'c', 'd', 'e'].map((name) => request(name));
  await expect(lab.boot(five)).rejects.toThrow('a guest group has 1 to 4 guests, not 5: boot larger sets in several groups');
  await expect(lab.boot([])).rejects.toThrow(/not 0/);
});

it('refuses a forwarded port that is no TCP port, naming the guest', async () => {
  await expect(lab.boot([request('web', { forwardPorts: [8099, 70000] })])).rejects.toThrow(
    'web: forwardPorts holds 70000, which is no TCP port; give ports from 1 to 65535',
  );
});

it('gives a group that fills the guest slots twice twice the boot deadline of a pair', () => {
  expect([1, 2, 3, 4].map(bootTimeoutMs)).toEqual([BOOT_TIMEOUT_MS, BOOT_TIMEOUT_MS, 2 * BOOT_TIMEOUT_MS, 2 * BOOT_TIMEOUT_MS]);
});

it('refuses a second group while it holds one, and lets the next boot go once the first is over', async () => {
  // Its own slot directory: the machine's slots may be held by guest tests running meanwhile.
  const slotsDir = mkdtempSync(join(tmpdir(), 'virtwork-lab-test-slots-'));
  try {
    const oneAtATime = new GuestLab(env, slotsDir);
    // The first takes its slots, then fails to start QEMU on the missing image; the second is asked
    // for meanwhile, while the first still holds its group.
    const first = oneAtATime.boot([request('cpu-defaults')]);
    const second = oneAtATime.boot([request('cpu-override')]);
    await expect(second).rejects.toThrow('cpu-override: this file already holds a guest group');
    await expect(first).rejects.toThrow();
    expect(readdirSync(slotsDir).filter((e) => e.startsWith('slot-'))).toEqual([]);
    // The failed group is gone with its slots: the next request is not refused as a second group.
    await expect(oneAtATime.boot([request('again')])).rejects.not.toThrow(/already holds/);
  } finally {
    rmSync(slotsDir, { recursive: true, force: true });
  }
});
