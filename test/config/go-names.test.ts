/**
 * A Go virtwork user's config file and variables keep working: hyphenated keys (as the Go tool
 * reads them), the underscore forms its docs show, its names where ours differ (data_disk_size,
 * wait_for_ready) and its VIRTWORK_* variables. Errors name our snake_case form, at the line written.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveCommonConfig } from '../../src/config/resolve-common-config.js';
import { resolveRunConfig } from '../../src/config/resolve-run-config.js';
import type { RunConfigInputs } from '../../src/config/resolve-run-config.js';
import { loadSettingInputs, resolveDefaulted } from '../../src/config/resolve-settings.js';

const KNOWN = ['cpu', 'memory', 'disk', 'database', 'network', 'tps', 'chaos-disk', 'redis'];
const KEY_A = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAaaaAAA a@host';
const KEY_B = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBbbbAAA b@host';

const withConfig = async (yaml: string): Promise<string> => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'virtwork-go-names-'));
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'virtwork.yaml'), yaml);
  return dir;
};

const inputsOf = (inputs: Partial<RunConfigInputs>) =>
  loadSettingInputs({ flags: {}, env: {}, cwd: os.tmpdir(), ...inputs });

const resolve = async ({ knownWorkloads = KNOWN, catalogEntries, ...inputs }: Partial<RunConfigInputs>) =>
  resolveRunConfig({ ...(await inputsOf(inputs)), knownWorkloads, ...(catalogEntries && { catalogEntries }) });

const GO_FILE = [
  'namespace: go-ns',
  'cpu-cores: 4',
  'memory: 3Gi',
  'disk-size: 20Gi',
  'container-disk-image: quay.io/containerdisks/fedora:41',
  'timeout: 300',
  'verbose: true',
  'ssh-user: ops',
  'ssh-password: s3cret',
  'ssh-authorized-keys:',
  `  - ${KEY_A}`,
  `  - ${KEY_B}`,
  'audit: true',
  'audit-db: go-audit.db',
  'vm-concurrency: 3',
  'vm-count: 2',
  'wait-for-ready: false',
  'dry-run: true',
  'catalog-dir: go-catalog',
  'from-catalog: [redis]',
  'params:',
  '  cpu: {cpu-load-percent: 70}',
  'workloads:',
  '  cpu:',
  '    vm-count: 3',
  '    cpu-cores: 6',
  '    memory: 1Gi',
  '    params: {cpu-method: fft}',
  '',
].join('\n');

describe('a config file written for the Go virtwork', () => {
  it('is read with every hyphenated key', async () => {
    const cwd = await withConfig(GO_FILE);
    const { config, warnings } = await resolve({ cwd, flags: { config: 'virtwork.yaml' }, catalogEntries: ['redis'] });
    expect(config).toMatchObject({
      namespace: 'go-ns',
      cpuCores: 4,
      memory: '3Gi',
      diskSize: '20Gi',
      containerDiskImage: 'quay.io/containerdisks/fedora:41',
      timeoutSeconds: 300,
      verbose: true,
      ssh: { user: 'ops', password: 's3cret', authorizedKeys: [KEY_A, KEY_B] },
      vmConcurrency: 3,
      vmCount: 2,
      wait: false,
      dryRun: true,
      workloads: ['redis'],
      params: { cpu: { 'cpu-load-percent': 70, 'cpu-method': 'fft' } },
    });
    expect(config.workloadOverrides.cpu).toEqual({ vmCount: 3, cpuCores: 6, memory: '1Gi' });
    expect(warnings).toContain('params for cpu are ignored: cpu is not among the selected workloads');

    const inputs = await inputsOf({ cwd, flags: { config: 'virtwork.yaml' } });
    const common = await resolveCommonConfig(inputs);
    expect(common.auditDb).toBe(path.join(cwd, 'go-audit.db'));
    expect(common.audit).toBe(true);
    expect(resolveDefaulted('catalogDir', inputs).value).toBe(path.join(cwd, 'go-catalog'));
  });

  it('takes the underscore forms of its docs, data_disk_size and wait_for_ready included', async () => {
    const cwd = await withConfig('data_disk_size: 15Gi\nwait_for_ready: true\ndry_run: false\ncontainer_disk_image: quay.io/containerdisks/fedora:41\n');
    const { config } = await resolve({ cwd, flags: { config: 'virtwork.yaml' } });
    expect(config).toMatchObject({ diskSize: '15Gi', wait: true, dryRun: false, containerDiskImage: 'quay.io/containerdisks/fedora:41' });

    const hyphenated = await withConfig('data-disk-size: 25Gi\nwait-for-ready: false\n');
    expect((await resolve({ cwd: hyphenated, flags: { config: 'virtwork.yaml' } })).config).toMatchObject({ diskSize: '25Gi', wait: false });
  });

  it('keeps the chain: flags and variables beat the Go keys of the file', async () => {
    const cwd = await withConfig('disk-size: 20Gi\nwait-for-ready: false\n');
    const { config } = await resolve({ cwd, flags: { config: 'virtwork.yaml', diskSize: '40Gi' }, env: { VIRTWORK_NO_WAIT: 'false' } });
    expect(config).toMatchObject({ diskSize: '40Gi', wait: true });
  });

  it('names the snake_case key, at the line written, in an error', async () => {
    const cwd = await withConfig('namespace: a\ncpu-cores: many\n');
    await expect(resolve({ cwd, flags: { config: 'virtwork.yaml' } })).rejects.toThrow('virtwork.yaml:2: cpu_cores=many');

    const section = await withConfig('workloads:\n  cpu:\n    vm-count: 0\n');
    await expect(resolve({ cwd: section, flags: { config: 'virtwork.yaml' } })).rejects.toThrow('virtwork.yaml:3: workloads.cpu.vm_count=0');

    const unknown = await withConfig('vm-cuont: 2\n');
    await expect(resolve({ cwd: unknown, flags: { config: 'virtwork.yaml' } })).rejects.toThrow(
      'virtwork.yaml:1: vm_cuont=2: unknown key; did you mean vm_count?',
    );
  });

  it('refuses wait_for_ready that is not true or false, naming it', async () => {
    const cwd = await withConfig('verbose: false\nwait-for-ready: sometimes\n');
    await expect(resolve({ cwd, flags: { config: 'virtwork.yaml' } })).rejects.toThrow('virtwork.yaml:2: wait_for_ready=sometimes');
  });

  it('refuses a key given in two spellings, naming both lines', async () => {
    const cwd = await withConfig('vm_count: 2\nvm-count: 3\n');
    await expect(resolve({ cwd, flags: { config: 'virtwork.yaml' } })).rejects.toThrow(
      'virtwork.yaml:2: vm-count=3: vm_count is given twice (also as vm_count at virtwork.yaml:1); keep one',
    );
    const secret = await withConfig('ssh_password: hunter2\nssh-password: hunter3\n');
    const refused = resolve({ cwd: secret, flags: { config: 'virtwork.yaml' } });
    await expect(refused).rejects.toThrow('virtwork.yaml:2: ssh-password=[redacted]: ssh_password is given twice');
    await expect(refused).rejects.not.toThrow('hunter');
    const goName = await withConfig('disk_size: 20Gi\ndata-disk-size: 30Gi\n');
    await expect(resolve({ cwd: goName, flags: { config: 'virtwork.yaml' } })).rejects.toThrow(
      'virtwork.yaml:2: data-disk-size=30Gi: disk_size is given twice (also as disk_size at virtwork.yaml:1); keep one',
    );
  });

  it("accepts the Go tool's cleanup-mode and warns that it has no effect", async () => {
    const cwd = await withConfig('vm_count: 1\ncleanup-mode: all\n');
    const { warnings } = await resolve({ cwd, flags: { config: 'virtwork.yaml' } });
    expect(warnings).toEqual([
      "virtwork.yaml:2: cleanup_mode (a setting of the Go virtwork) is ignored: cleanup removes every object virtwork made in the namespace, or one run's with --run-id",
    ]);
  });
});

describe('the Go virtwork variables', () => {
  it('VIRTWORK_DRY_RUN, VIRTWORK_WAIT_FOR_READY and VIRTWORK_DATA_DISK_SIZE are honoured, with no warning', async () => {
    const { config, warnings } = await resolve({
      env: { VIRTWORK_DRY_RUN: 'true', VIRTWORK_WAIT_FOR_READY: 'false', VIRTWORK_DATA_DISK_SIZE: '30Gi' },
    });
    expect(config).toMatchObject({ dryRun: true, wait: false, diskSize: '30Gi', output: 'yaml' });
    expect(warnings).toEqual([]);
    expect((await resolve({ env: { VIRTWORK_WAIT_FOR_READY: 'true' } })).config.wait).toBe(true);
  });

  it('our own variable wins over the Go one, and a flag over both', async () => {
    expect((await resolve({ env: { VIRTWORK_DISK_SIZE: '11Gi', VIRTWORK_DATA_DISK_SIZE: '30Gi' } })).config.diskSize).toBe('11Gi');
    expect((await resolve({ env: { VIRTWORK_NO_WAIT: 'false', VIRTWORK_WAIT_FOR_READY: 'false' } })).config.wait).toBe(true);
    expect((await resolve({ flags: { diskSize: '12Gi' }, env: { VIRTWORK_DATA_DISK_SIZE: '30Gi' } })).config.diskSize).toBe('12Gi');
  });

  it('a bad value names the Go variable', async () => {
    await expect(resolve({ env: { VIRTWORK_WAIT_FOR_READY: 'maybe' } })).rejects.toThrow('VIRTWORK_WAIT_FOR_READY=maybe');
    await expect(resolve({ env: { VIRTWORK_DATA_DISK_SIZE: 'big' } })).rejects.toThrow('VIRTWORK_DATA_DISK_SIZE=big');
  });

  it('VIRTWORK_CATALOG_DIR and VIRTWORK_FROM_CATALOG choose the catalog and its entries', async () => {
    const { config } = await resolve({ env: { VIRTWORK_FROM_CATALOG: 'redis' }, catalogEntries: ['redis'] });
    expect(config.workloads).toEqual(['redis']);
    const inputs = await inputsOf({ env: { VIRTWORK_CATALOG_DIR: '/srv/catalog' } });
    expect(resolveDefaulted('catalogDir', inputs)).toMatchObject({ value: '/srv/catalog', source: 'env' });
  });
});
