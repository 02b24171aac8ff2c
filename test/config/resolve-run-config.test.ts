import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveRunConfig } from '../../src/config/resolve-run-config.js';
import type { RunConfigInputs } from '../../src/config/resolve-run-config.js';
import { loadSettingInputs } from '../../src/config/resolve-settings.js';
import { DEFAULTS } from '../../src/constants.js';

const KNOWN = ['cpu', 'memory', 'disk', 'database', 'network', 'tps', 'chaos-disk', 'chaos-network', 'chaos-process'];
const KEY_A = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAaaaAAA a@host';
const KEY_B = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBbbbAAA b@host';
const KEY_C = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCc c@host';

/** A scratch directory holding `virtwork.yaml` with `yaml`, plus any extra files. */
const withFiles = async (files: Record<string, string>): Promise<string> => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'virtwork-resolve-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
};

/** As a command does: read the inputs (and the config file they name) once, then resolve. */
const resolve = async ({ knownWorkloads = KNOWN, ...inputs }: Partial<RunConfigInputs>) =>
  resolveRunConfig({ ...(await loadSettingInputs({ flags: {}, env: {}, cwd: os.tmpdir(), ...inputs })), knownWorkloads });

describe('resolveRunConfig priority', () => {
  it('uses the defaults when nothing is set', async () => {
    const { config, sources } = await resolve({});
    expect(config).toMatchObject({
      namespace: DEFAULTS.namespace,
      workloads: DEFAULTS.workloads,
      vmCount: 1,
      cpuCores: 2,
      memory: '2Gi',
      diskSize: '10Gi',
      containerDiskImage: DEFAULTS.containerDiskImage,
      wait: true,
      timeoutSeconds: 600,
      vmConcurrency: 'auto',
      output: 'table',
      ssh: { user: 'virtwork', authorizedKeys: [] },
      params: {},
      workloadOverrides: {},
    });
    expect(config.ssh.password).toBeUndefined();
    expect(sources.namespace).toBe('default');
  });

  it('takes a flag over its variable over the file over the default, key by key', async () => {
    const cwd = await withFiles({ 'virtwork.yaml': 'namespace: from-file\nvm_count: 3\nmemory: 3Gi\ndisk_size: 30Gi\n' });
    const { config, sources } = await resolve({
      cwd,
      flags: { config: 'virtwork.yaml', namespace: 'from-flag' },
      env: { VIRTWORK_NAMESPACE: 'from-env', VIRTWORK_VM_COUNT: '4', VIRTWORK_CPU_CORES: '6' },
    });
    expect(config.namespace).toBe('from-flag');
    expect(config.vmCount).toBe(4);
    expect(config.cpuCores).toBe(6);
    expect(config.memory).toBe('3Gi');
    expect(config.diskSize).toBe('30Gi');
    expect(config.vmConcurrency).toBe('auto');
    expect(sources).toMatchObject({ namespace: 'flag', vmCount: 'env', memory: 'file', vmConcurrency: 'default' });
  });

  it('takes the storage class from --storage-class, VIRTWORK_STORAGE_CLASS or storage_class, and has none by default', async () => {
    const cwd = await withFiles({ 'virtwork.yaml': 'storage_class: from-file\n' });
    expect((await resolve({})).config).not.toHaveProperty('storageClass');
    expect((await resolve({ cwd, flags: { config: 'virtwork.yaml' } })).config.storageClass).toBe('from-file');
    expect((await resolve({ cwd, flags: { config: 'virtwork.yaml' }, env: { VIRTWORK_STORAGE_CLASS: 'from-env' } })).config.storageClass).toBe('from-env');
    expect((await resolve({ env: { VIRTWORK_STORAGE_CLASS: 'from-env' }, flags: { storageClass: 'from.flag' } })).config.storageClass).toBe('from.flag');
  });

  it('finds the config file through VIRTWORK_CONFIG', async () => {
    const cwd = await withFiles({ 'conf/v.yaml': 'cpu_cores: 8\n' });
    const { config } = await resolve({ cwd, env: { VIRTWORK_CONFIG: 'conf/v.yaml' } });
    expect(config.cpuCores).toBe(8);
  });

  it('warns about every VIRTWORK_* variable no setting reads, naming the closest one', async () => {
    // VIRTWORK_SCHEMAS_DIR is validate's setting: read, so not warned about
    const { warnings, config } = await resolve({ env: { VIRTWORK_VMCOUNT: '3', VIRTWORK_SCHEMAS_DIR: '/schemas', VIRTWORK_PROMETHEUS: 'x', VIRTWORK_VM_COUNT_X: '' } });
    expect(warnings).toEqual([
      'VIRTWORK_PROMETHEUS is not a virtwork setting and is ignored; the closest is VIRTWORK_CONTEXT (docs/configuration.md lists the variables)',
      'VIRTWORK_VMCOUNT is not a virtwork setting and is ignored; did you mean VIRTWORK_VM_COUNT? (docs/configuration.md lists the variables)',
      'VIRTWORK_VM_COUNT_X is not a virtwork setting and is ignored; did you mean VIRTWORK_VM_COUNT? (docs/configuration.md lists the variables)',
    ]);
    expect(config.vmCount).toBe(1);
  });

  it('treats an empty variable as unset', async () => {
    const { config } = await resolve({ env: { VIRTWORK_NAMESPACE: '' } });
    expect(config.namespace).toBe('virtwork');
  });

  it('turns --no-wait, VIRTWORK_NO_WAIT and no_wait into wait=false, with the flag winning', async () => {
    expect((await resolve({ flags: { noWait: true } })).config.wait).toBe(false);
    expect((await resolve({ env: { VIRTWORK_NO_WAIT: 'true' } })).config.wait).toBe(false);
    const cwd = await withFiles({ 'virtwork.yaml': 'no_wait: true\n' });
    expect((await resolve({ cwd, flags: { config: 'virtwork.yaml' } })).config.wait).toBe(false);
  });

  it('reads timeouts as seconds or durations from every source', async () => {
    expect((await resolve({ flags: { timeout: '15m' } })).config.timeoutSeconds).toBe(900);
    expect((await resolve({ env: { VIRTWORK_TIMEOUT: '120' } })).config.timeoutSeconds).toBe(120);
  });

  it('defaults the output to yaml for --dry-run and to table otherwise, unless one is given', async () => {
    expect((await resolve({ flags: { dryRun: true } })).config.output).toBe('yaml');
    expect((await resolve({ flags: { dryRun: true, output: 'json' } })).config.output).toBe('json');
    expect((await resolve({})).config.output).toBe('table');
  });
});

describe('resolveRunConfig --vm-concurrency', () => {
  it('takes auto or a number from the flag, the variable and the file', async () => {
    const cwd = await withFiles({ 'auto.yaml': 'vm_concurrency: auto\n', 'fixed.yaml': 'vm_concurrency: 20\n' });
    expect((await resolve({ flags: { vmConcurrency: '25' } })).config.vmConcurrency).toBe(25);
    expect((await resolve({ env: { VIRTWORK_VM_CONCURRENCY: 'auto' } })).config.vmConcurrency).toBe('auto');
    expect((await resolve({ env: { VIRTWORK_VM_CONCURRENCY: ' AUTO ' } })).config.vmConcurrency).toBe('auto');
    expect((await resolve({ env: { VIRTWORK_VM_CONCURRENCY: '7' } })).config.vmConcurrency).toBe(7);
    expect((await resolve({ cwd, flags: { config: 'fixed.yaml' } })).config.vmConcurrency).toBe(20);
    expect((await resolve({ cwd, flags: { config: 'auto.yaml', vmConcurrency: 'auto' } })).config.vmConcurrency).toBe('auto');
    expect((await resolve({ cwd, flags: { config: 'auto.yaml' } })).config.vmConcurrency).toBe('auto');
  });

  it('names the field, the value and the fix for anything else', async () => {
    const fix = 'must be auto (adapts to the server) or a positive whole number, such as 10';
    await expect(resolve({ flags: { vmConcurrency: 'fast' } })).rejects.toThrow(`--vm-concurrency=fast: ${fix}`);
    await expect(resolve({ flags: { vmConcurrency: '0' } })).rejects.toThrow(`--vm-concurrency=0: ${fix}`);
    await expect(resolve({ env: { VIRTWORK_VM_CONCURRENCY: '2.5' } })).rejects.toThrow(`VIRTWORK_VM_CONCURRENCY=2.5: ${fix}`);
    const cwd = await withFiles({ 'virtwork.yaml': 'vm_concurrency: -3\n' });
    await expect(resolve({ cwd, flags: { config: 'virtwork.yaml' } })).rejects.toThrow(`virtwork.yaml:1: vm_concurrency=-3: ${fix}`);
  });
});

describe('resolveRunConfig errors', () => {
  it('names the flag, the value and the fix for a bad quantity', async () => {
    await expect(resolve({ flags: { memory: '2GB' } })).rejects.toThrow(
      /^--memory=2GB: use a Kubernetes quantity such as 2Gi/,
    );
  });

  it('refuses a storage class that is no object name, naming the fix', async () => {
    await expect(resolve({ flags: { storageClass: 'Fast_RBD' } })).rejects.toThrow(
      /^--storage-class=Fast_RBD: must be a Kubernetes object name \(an RFC 1123 subdomain\)/,
    );
  });

  it('names the variable for a bad value from the environment', async () => {
    await expect(resolve({ env: { VIRTWORK_VM_COUNT: '0' } })).rejects.toThrow(
      'VIRTWORK_VM_COUNT=0: must be a positive whole number, such as 2',
    );
  });

  it('names the file, line and key for a bad value from the file', async () => {
    const cwd = await withFiles({ 'virtwork.yaml': 'vm_count: 2\nnamespace: Bad_Name\n' });
    await expect(resolve({ cwd, flags: { config: 'virtwork.yaml' } })).rejects.toThrow(
      /^virtwork\.yaml:2: namespace=Bad_Name: must be an RFC 1123 label/,
    );
  });

  it('checks every value in the file, even one a flag overrides', async () => {
    const cwd = await withFiles({ 'virtwork.yaml': 'memory: 2GB\n' });
    await expect(resolve({ cwd, flags: { config: 'virtwork.yaml', memory: '4Gi' } })).rejects.toThrow(
      'virtwork.yaml:1: memory=2GB',
    );
  });

  it('never echoes a password in an error', async () => {
    const cwd = await withFiles({ 'virtwork.yaml': 'ssh_password: 12345\n' });
    const failure = resolve({ cwd, flags: { config: 'virtwork.yaml' } });
    await expect(failure).rejects.toThrow('ssh_password=[redacted]');
    await expect(failure).rejects.not.toThrow('12345');
  });
});

describe('resolveRunConfig workload selection', () => {
  it('takes --workloads as given, in order, without duplicates', async () => {
    const { config } = await resolve({ flags: { workloads: ['disk,cpu', 'disk'] } });
    expect(config.workloads).toEqual(['disk', 'cpu']);
  });

  it('takes VIRTWORK_WORKLOADS as a comma-separated list', async () => {
    const { config } = await resolve({ env: { VIRTWORK_WORKLOADS: 'chaos-disk, memory' } });
    expect(config.workloads).toEqual(['chaos-disk', 'memory']);
  });

  it('suggests the closest name for an unknown workload', async () => {
    await expect(resolve({ flags: { workloads: ['cpu,memroy'] } })).rejects.toThrow(
      '--workloads=memroy: unknown workload; did you mean memory? (virtwork workloads lists them)',
    );
  });

  it('adds enabled file workloads to the defaults and removes disabled ones', async () => {
    const cwd = await withFiles({
      'virtwork.yaml': 'workloads:\n  chaos-network: {enabled: true}\n  tps: {enabled: false}\n  disk: {vm_count: 2}\n',
    });
    const { config } = await resolve({ cwd, flags: { config: 'virtwork.yaml' } });
    expect(config.workloads).toEqual(['cpu', 'memory', 'disk', 'database', 'network', 'chaos-network']);
  });

  it('runs a workload --workloads names although the file disables it, keeps its overrides, and says so', async () => {
    const cwd = await withFiles({ 'virtwork.yaml': 'workloads:\n  cpu: {enabled: false, cpu_cores: 4}\n  disk: {enabled: false}\n' });
    const { config, warnings } = await resolve({ cwd, flags: { config: 'virtwork.yaml', workloads: ['cpu'] } });
    expect(config.workloads).toEqual(['cpu']);
    expect(config.workloadOverrides.cpu).toEqual({ cpuCores: 4 });
    expect(warnings).toEqual(['virtwork.yaml:2: workloads.cpu.enabled is false, but --workloads names cpu: it runs']);

    const fromEnv = await resolve({ cwd, flags: { config: 'virtwork.yaml' }, env: { VIRTWORK_WORKLOADS: 'disk' } });
    expect(fromEnv.config.workloads).toEqual(['disk']);
    expect(fromEnv.warnings).toEqual(['virtwork.yaml:3: workloads.disk.enabled is false, but VIRTWORK_WORKLOADS names disk: it runs']);
  });

  it('points at the line of an unknown workload in the file', async () => {
    const cwd = await withFiles({ 'virtwork.yaml': 'vm_count: 1\nworkloads:\n  dsik: {vm_count: 2}\n' });
    await expect(resolve({ cwd, flags: { config: 'virtwork.yaml' } })).rejects.toThrow(
      'virtwork.yaml:3: workloads.dsik=dsik: unknown workload; did you mean disk?',
    );
  });

  it('refuses a file that disables every selected workload', async () => {
    const sections = DEFAULTS.workloads.map((name) => `  ${name}: {enabled: false}`).join('\n');
    const cwd = await withFiles({ 'virtwork.yaml': `workloads:\n${sections}\n` });
    await expect(resolve({ cwd, flags: { config: 'virtwork.yaml' } })).rejects.toThrow('every workload is disabled');
  });
});

describe('resolveRunConfig per-workload overrides', () => {
  it('applies a section over the file and default globals', async () => {
    const cwd = await withFiles({
      'virtwork.yaml': 'vm_count: 2\nworkloads:\n  database: {vm_count: 3, cpu_cores: 4, memory: 8Gi}\n',
    });
    const { config } = await resolve({ cwd, flags: { config: 'virtwork.yaml' } });
    expect(config.vmCount).toBe(2);
    expect(config.workloadOverrides.database).toEqual({ vmCount: 3, cpuCores: 4, memory: '8Gi' });
  });

  it('drops a section value when a flag or variable set the global it refines', async () => {
    const cwd = await withFiles({
      'virtwork.yaml': 'workloads:\n  database: {vm_count: 3, cpu_cores: 4, memory: 8Gi}\n',
    });
    const { config } = await resolve({
      cwd,
      flags: { config: 'virtwork.yaml', vmCount: '5' },
      env: { VIRTWORK_MEMORY: '1Gi' },
    });
    expect(config.vmCount).toBe(5);
    expect(config.memory).toBe('1Gi');
    expect(config.workloadOverrides.database).toEqual({ cpuCores: 4 });
  });

  it('warns when a flag or variable sets aside a section value of a selected workload, and only then', async () => {
    const cwd = await withFiles({
      'virtwork.yaml': 'workloads:\n  database:\n    vm_count: 3\n    memory: 8Gi\n  tps: {cpu_cores: 6}\n',
    });
    const { warnings } = await resolve({
      cwd,
      flags: { config: 'virtwork.yaml', vmCount: '5', cpuCores: '2', workloads: ['database'] },
      env: { VIRTWORK_MEMORY: '1Gi' },
    });
    expect(warnings).toEqual([
      'virtwork.yaml:3: workloads.database.vm_count (3) is overridden by --vm-count=5, which sets it for every workload',
      'virtwork.yaml:4: workloads.database.memory (8Gi) is overridden by VIRTWORK_MEMORY=1Gi, which sets it for every workload',
    ]);
  });
});

describe('resolveRunConfig params', () => {
  it('merges params key by key: file params < workload section < env < flag', async () => {
    const cwd = await withFiles({
      'virtwork.yaml': [
        'params:',
        '  cpu: {load: 10, method: fft, workers: 1}',
        'workloads:',
        '  cpu:',
        '    params: {load: 20, method: matrixprod}',
      ].join('\n'),
    });
    const { config, paramSources } = await resolve({
      cwd,
      flags: { config: 'virtwork.yaml', params: ['cpu.load=40'] },
      env: { VIRTWORK_PARAMS: 'cpu.load=30,memory.vm-bytes=50%' },
    });
    expect(config.params).toEqual({
      cpu: { load: '40', method: 'matrixprod', workers: 1 },
      memory: { 'vm-bytes': '50%' },
    });
    expect(paramSources.cpu).toEqual({
      load: '--params cpu.load',
      method: 'virtwork.yaml:5: workloads.cpu.params.method',
      workers: 'virtwork.yaml:2: params.cpu.workers',
    });
    expect(paramSources.memory).toEqual({ 'vm-bytes': 'VIRTWORK_PARAMS memory.vm-bytes' });
  });

  it('refuses params that are not workload.key=value', async () => {
    await expect(resolve({ flags: { params: ['cpu.load'] } })).rejects.toThrow(
      '--params=cpu.load: expected workload.key=value',
    );
  });

  it('suggests the workload for params of an unknown one', async () => {
    await expect(resolve({ flags: { params: ['cpux.load=5'] } })).rejects.toThrow(
      '--params=cpux: unknown workload in params; did you mean cpu?',
    );
  });

  it('warns about params of a workload that is not selected', async () => {
    const { warnings } = await resolve({ flags: { workloads: ['cpu'], params: ['disk.profile=mixed'] } });
    expect(warnings).toEqual(['params for disk are ignored: disk is not among the selected workloads']);
  });
});

describe('resolveRunConfig ssh', () => {
  it('merges --ssh-key values with the keys of every --ssh-key-file, in order, without duplicates', async () => {
    const cwd = await withFiles({
      'keys/one.pub': `# team keys\n${KEY_B}\n\n${KEY_A}\n`,
      'keys/two.pub': `${KEY_C}\n`,
    });
    const { config } = await resolve({
      cwd,
      flags: { sshKey: [KEY_A], sshKeyFile: ['keys/one.pub', 'keys/two.pub'] },
    });
    expect(config.ssh.authorizedKeys).toEqual([KEY_A, KEY_B, KEY_C]);
  });

  it('takes VIRTWORK_SSH_AUTHORIZED_KEYS as a comma-separated list', async () => {
    const { config } = await resolve({ env: { VIRTWORK_SSH_AUTHORIZED_KEYS: `${KEY_A},${KEY_B}` } });
    expect(config.ssh.authorizedKeys).toEqual([KEY_A, KEY_B]);
  });

  it('resolves ssh_key_files relative to the config file, and takes the password from it', async () => {
    const cwd = await withFiles({
      'conf/virtwork.yaml': 'ssh_user: ops\nssh_password: s3cret\nssh_key_files: [team.pub]\n',
      'conf/team.pub': `${KEY_C}\n`,
    });
    const { config } = await resolve({ cwd, flags: { config: 'conf/virtwork.yaml' } });
    expect(config.ssh).toEqual({ user: 'ops', password: 's3cret', authorizedKeys: [KEY_C] });
  });

  it('refuses a private key file without printing it', async () => {
    const secret = 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmU';
    const cwd = await withFiles({ id: `-----BEGIN OPENSSH PRIVATE KEY-----\n${secret}\n-----END OPENSSH PRIVATE KEY-----\n` });
    const failure = resolve({ cwd, flags: { sshKeyFile: ['id'] } });
    await expect(failure).rejects.toThrow(`--ssh-key-file=${path.join(cwd, 'id')}: this is a private key`);
    await expect(failure).rejects.not.toThrow(secret);
  });

  it('names the line of a key file that holds something else', async () => {
    const cwd = await withFiles({ 'k.pub': `${KEY_A}\nnot-a-key\n` });
    await expect(resolve({ cwd, flags: { sshKeyFile: ['k.pub'] } })).rejects.toThrow(
      'line 2 is not an OpenSSH public key',
    );
  });

  it('refuses an --ssh-key that is not a public key, without echoing it', async () => {
    const failure = resolve({ flags: { sshKey: ['hunter2'] } });
    await expect(failure).rejects.toThrow('--ssh-key=[redacted]: expected OpenSSH public keys');
  });
});
