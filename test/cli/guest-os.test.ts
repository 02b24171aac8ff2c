/** `--guest-os` and `--skip-package-install` through the real CLI: what reaches the printed objects. */
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatSummaryTable, toSummaryJson } from '../../src/cli/output/summary.js';
import { ANNOTATION_GUEST_OS } from '../../src/constants.js';
import type { RunReport } from '../../src/orchestrator/run-report.js';
import { userdataOf, vmsOf } from './support/manifests.js';
import type { Manifest } from './support/manifests.js';
import { BUILD_TIMEOUT_MS, ensureBuilt, runCli } from './support/run-cli.js';

beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);

const dryRun = async (args: string[], env: Record<string, string> = {}): Promise<{ items: Manifest[]; stderr: string }> => {
  const result = await runCli(['run', '--dry-run', '-o', 'json', ...args], { env });
  expect(result.code, result.stderr).toBe(0);
  return { items: (JSON.parse(result.stdout) as { items: Manifest[] }).items, stderr: result.stderr };
};

const guestOsOfVms = (items: Manifest[]): (string | undefined)[] =>
  vmsOf(items).map((vm) => vm.metadata?.annotations?.[ANNOTATION_GUEST_OS]);

const packagesOf = (items: Manifest[], secret: string): unknown => (parse(userdataOf(items, secret)) as { packages?: unknown }).packages;

describe('run --dry-run --guest-os', () => {
  it('writes debian package names and marks every VM with the guest OS', async () => {
    const { items } = await dryRun(['--guest-os', 'debian', '--workloads', 'database,network']);
    expect(guestOsOfVms(items)).toEqual(['debian', 'debian', 'debian']);
    expect(packagesOf(items, 'virtwork-database-0-cloudinit')).toEqual(expect.arrayContaining(['postgresql', 'postgresql-client']));
    expect(packagesOf(items, 'virtwork-database-0-cloudinit')).not.toContain('postgresql-server');
  });

  it('defaults to fedora for the default image', async () => {
    const { items, stderr } = await dryRun(['--workloads', 'database']);
    expect(guestOsOfVms(items)).toEqual(['fedora']);
    expect(packagesOf(items, 'virtwork-database-0-cloudinit')).toContain('postgresql-server');
    expect(stderr).not.toContain('cannot tell the guest OS');
  });

  it('takes VIRTWORK_GUEST_OS, alias included', async () => {
    const { items } = await dryRun(['--workloads', 'cpu'], { VIRTWORK_GUEST_OS: 'ubuntu' });
    expect(guestOsOfVms(items)).toEqual(['debian']);
  });

  it('infers debian from an Ubuntu image, and warns on stderr for an image that tells nothing', async () => {
    expect(guestOsOfVms((await dryRun(['--workloads', 'cpu', '--container-disk-image', 'quay.io/containerdisks/ubuntu:22.04'])).items)).toEqual([
      'debian',
    ]);
    const unknown = await dryRun(['--workloads', 'cpu', '--container-disk-image', 'registry.example/golden:1']);
    expect(guestOsOfVms(unknown.items)).toEqual(['fedora']);
    expect(unknown.stderr).toContain('cannot tell the guest OS from the image registry.example/golden:1');
  });

  it('refuses an unknown guest OS with exit code 2', async () => {
    const result = await runCli(['run', '--dry-run', '--guest-os', 'arch']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--guest-os=arch');
  });
});

describe('run --dry-run --skip-package-install', () => {
  it('leaves packages out of every cloud-config and keeps the rest', async () => {
    const args = ['--guest-os', 'debian', '--workloads', 'cpu'];
    const [skipped, full] = await Promise.all([dryRun(['--skip-package-install', ...args]), dryRun(args)]);
    const userdata = (items: Manifest[]) => parse(userdataOf(items, 'virtwork-cpu-0-cloudinit')) as Record<string, unknown>;
    const { packages, ...rest } = userdata(full.items);
    expect(packages).toContain('stress-ng');
    expect(userdata(skipped.items)).toEqual(rest);
  });
});

describe('run summary', () => {
  const report: RunReport = {
    runId: 'run-1',
    namespace: 'virtwork',
    guestOs: 'debian',
    readiness: 'http',
    vms: [],
    totals: { planned: 0, created: 0, existing: 0, ready: 0, notReady: 0, failed: 0 },
    cleanupCommand: 'virtwork cleanup --run-id run-1',
    waited: true,
    waitStopped: false,
    createdObjects: {},
  };

  it('names the guest OS in the table and in -o json', () => {
    expect(formatSummaryTable(report)).toContain('\nGuest OS: debian\n');
    expect(toSummaryJson(report).guestOs).toBe('debian');
  });
});
