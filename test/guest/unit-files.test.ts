/**
 * Every unit file every workload emits for the debian profile passes Debian's own `systemd-analyze
 * verify`, run inside the guest image's root where the programs the units start exist; and every
 * package the debian profile asks for is one the image holds under that name. The starter catalog's
 * entries that the guest suite boots are checked beside the built-ins.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REPO_ROOT } from '../cli/support/run-cli.js';
import './lab/lab-context.js';
import { planDryRun } from './workloads/support/dry-run-plan.js';
import type { PlannedFile, PlannedRun } from './workloads/support/dry-run-plan.js';

const run = promisify(execFile);
const ALL_WORKLOADS = 'cpu,memory,disk,database,network,tps,chaos-disk,chaos-network,chaos-process';
/** The starter catalog's entries booted in catalog.test.ts; the image holds their packages. */
const CATALOG_ENTRIES = 'redis,postgres-sysbench';

const { image } = inject('guestLab');
let plan: PlannedRun;
/** A hard-linked copy of the image's root: new files go in without touching the cached image. */
let root: string;

beforeAll(async () => {
  plan = await planDryRun(['--workloads', ALL_WORKLOADS, '--catalog-dir', join(REPO_ROOT, 'catalog'), '--from-catalog', CATALOG_ENTRIES]);
  root = mkdtempSync(join(dirname(image.rootfs), 'verify-root-'));
  rmSync(root, { recursive: true });
  await run('cp', ['-al', image.rootfs, root]);
  // Every file of every VM, as cloud-init would write it (one guest per VM, so paths never clash
  // except for the shared disk-setup script, which is the same everywhere).
  for (const file of plan.vms.flatMap((vm) => vm.files)) writeIntoRoot(file);
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

const writeIntoRoot = (file: PlannedFile): void => {
  const target = join(root, file.path);
  mkdirSync(dirname(target), { recursive: true });
  // Unlink first: the path may be a hard link into the cached image.
  rmSync(target, { force: true });
  writeFileSync(target, file.content, { mode: Number.parseInt(file.permissions ?? '0644', 8) });
};

/** `systemd-analyze verify` in the chroot: exit code and everything it printed. */
const verify = async (unitPath: string): Promise<{ code: number; output: string }> => {
  try {
    const { stdout, stderr } = await run('chroot', [root, 'systemd-analyze', 'verify', unitPath]);
    return { code: 0, output: (stdout + stderr).trim() };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}`.trim() };
  }
};

describe('unit files of the debian profile', () => {
  it('covers every workload and the booted catalog entries: each VM brings at least one virtwork unit', () => {
    expect(new Set(plan.vms.map((vm) => vm.workload))).toEqual(new Set([...ALL_WORKLOADS.split(','), ...CATALOG_ENTRIES.split(',')]));
    for (const vm of plan.vms) expect(vm.unitFiles.length, vm.name).toBeGreaterThan(0);
  });

  it('pass systemd-analyze verify inside the image root, without a warning', async () => {
    const units = [...new Set(plan.vms.flatMap((vm) => vm.unitFiles.map((f) => f.path)))];
    for (const unit of units) {
      const { code, output } = await verify(unit);
      expect({ unit, code, output }).toEqual({ unit, code: 0, output: '' });
    }
  });

  it('make verify fail for a unit whose program does not exist (the check is live)', async () => {
    writeIntoRoot({ path: '/etc/systemd/system/virtwork-broken.service', content: '[Service]\nExecStart=/usr/local/bin/virtwork-absent\n' });
    const { code, output } = await verify('/etc/systemd/system/virtwork-broken.service');
    expect(code).not.toBe(0);
    expect(output).toContain('/usr/local/bin/virtwork-absent');
  });
});

describe('packages of the debian profile', () => {
  it('are all installed in the image under the names the cloud-config asks for', async () => {
    const packages = [...new Set(plan.vms.flatMap((vm) => vm.packages))].sort();
    expect(packages.length).toBeGreaterThan(0);
    // dpkg-query exits 1 when a name is unknown; its stdout still lists the ones it knows.
    const { stdout } = await run('chroot', [image.rootfs, 'dpkg-query', '-W', '-f', '${Package} ${Status}\\n', ...packages]).catch(
      (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
    );
    const installed = stdout
      .trim()
      .split('\n')
      .filter((line) => line.endsWith(' install ok installed'))
      .map((line) => line.split(' ')[0]);
    expect(installed.sort()).toEqual(packages);
  });
});
