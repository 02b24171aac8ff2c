/**
 * Once per `npm run test:guest`: checks the host, builds or reuses the guest image, picks KVM or TCG,
 * and makes the run's folders. Teardown kills any QEMU a crashed worker left (by pidfile) and removes
 * the run's disks; serial logs of failed tests stay in the logs folder.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { chooseAccelerator } from './lab/accel.js';
import { assertHostReady } from './lab/host-tools.js';
import { ensureGuestImage } from './lab/image.js';
import { killLeftoverQemu } from './lab/lab.js';
import './lab/lab-context.js';
import { guestLogsRoot } from './lab/paths.js';

const say = (line: string): void => console.log(`[guest-setup] ${line}`);

export default async function setup(project: TestProject): Promise<() => void> {
  assertHostReady();
  const image = await ensureGuestImage({ onProgress: say });
  if (image.buildSeconds > 0) say(`guest image built in ${image.buildSeconds.toFixed(0)} s`);
  const accel = await chooseAccelerator(image);
  say(`accelerator: ${accel.kind} (${accel.reason})`);
  const workDir = mkdtempSync(join(tmpdir(), 'virtwork-guest-run-'));
  const logsDir = join(guestLogsRoot(), new Date().toISOString().replace(/[:.]/g, '-'));
  mkdirSync(logsDir, { recursive: true });
  project.provide('guestLab', { image, accel, workDir, logsDir });

  return () => {
    const killed = killLeftoverQemu(workDir);
    if (killed.length > 0) say(`killed QEMU left running: pids ${killed.join(', ')}`);
    rmSync(workDir, { recursive: true, force: true });
    if (readdirSync(logsDir).length === 0) rmdirSync(logsDir);
    else say(`guest logs kept in ${logsDir}`);
  };
}
