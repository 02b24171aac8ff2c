/** Bad input through the real CLI: exit 2, one `error:` line naming the key as the user wrote it. */
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT_MS, ensureBuilt, runCli, scratchDir } from './support/run-cli.js';

beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);

const failsWith = async (args: string[], expected: string, options: { env?: Record<string, string>; cwd?: string } = {}) => {
  const result = await runCli(['run', '--dry-run', ...args], options);
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toBe(`error: ${expected}\n`);
};

describe('values', () => {
  it('explains a memory size that is not a Kubernetes quantity', async () => {
    await failsWith(
      ['--memory', '2GB'],
      '--memory=2GB: use a Kubernetes quantity such as 2Gi (binary suffixes Ki, Mi, Gi, Ti; decimal k, M, G, T)',
    );
  });

  it('refuses a dry run larger than one prints, before planning it', async () => {
    await failsWith(
      ['--vm-count', '100000'],
      '--vm-count=100000: this dry run would print 800000 VMs, and one dry run prints at most 100000; use a smaller --vm-count or fewer --workloads',
    );
  });

  it('prints a dry run beyond what a cluster run creates, and refuses that run on a cluster before connecting', async () => {
    // 8 VMs per count for the six defaults: 1251 counts are 10,008 VMs, over the 10,000 a cluster run tracks
    const beyond = await runCli(['run', '--dry-run', '--vm-count', '1251', '-o', 'json']);
    expect(beyond.code, beyond.stderr).toBe(0);
    expect((JSON.parse(beyond.stdout) as { items: { kind: string }[] }).items.filter((o) => o.kind === 'VirtualMachine')).toHaveLength(10_008);
    const run = await runCli(['run', '--vm-count', '1251', '--no-audit']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'error: --vm-count=1251: this run would create 10008 VMs, and one run creates and tracks at most 10000 ' +
        '(a --dry-run prints up to 100000); use a smaller --vm-count or fewer --workloads, and run again for more\n',
    );
  }, 120_000);

  it('refuses a count of zero from the environment, naming the variable', async () => {
    await failsWith([], 'VIRTWORK_VM_COUNT=0: must be a positive whole number, such as 2', { env: { VIRTWORK_VM_COUNT: '0' } });
  });

  it('refuses a namespace that is not an RFC 1123 label', async () => {
    const result = await runCli(['run', '--dry-run', '--namespace', 'My_NS']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: --namespace=My_NS: must be an RFC 1123 label/);
  });

  it('suggests a workload for a mistyped name', async () => {
    await failsWith(['--workloads', 'cpu,chaos-disc'], '--workloads=chaos-disc: unknown workload; did you mean chaos-disk? (virtwork workloads lists them)');
  });
});

describe('values with a grammar of their own', () => {
  // An error is one line: a newline in the value shows as a space.
  it.each([['root'], ['ops\nroot'], ['Ops'], ['-x']])('refuses --ssh-user %j: created in every guest, it must be a plain user name', async (user) => {
    await failsWith(
      ['--ssh-user', user],
      `--ssh-user=${user.replace('\n', ' ')}: must be a user name of lower-case letters, digits, - and _, starting with a letter or _, at most 32 characters, and not root`,
    );
  });

  it.each([
    ['junk around a key', 'junk ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKbbtKV+MvHew0dySD+vaUSpWLSMwyz0ghMRSwAwayGj junk'],
    ['a key followed by another line', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKbbtKV+MvHew0dySD+vaUSpWLSMwyz0ghMRSwAwayGj a@b\nrm -rf /'],
  ])('refuses an --ssh-key with %s', async (_, key) => {
    const result = await runCli(['run', '--dry-run', '--ssh-key', key]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: --ssh-key=\[redacted\]: expected OpenSSH public keys/);
  });

  it.each([['quay.io/containerdisks/fedora:42;reboot'], ['quay.io/containerdisks/fedora:42\nx'], ['Quay.io/Fedora']])(
    'refuses --container-disk-image %j, which is no image reference',
    async (image) => {
      await failsWith(
        ['--container-disk-image', image],
        `--container-disk-image=${image.replace('\n', ' ')}: must be an image reference such as quay.io/containerdisks/fedora:42 (registry/repository[:tag][@digest], repository in lower case)`,
      );
    },
  );

  it.each([['/'], ['/etc'], ['/var/lib/data'], ['/usr'], ['/lib64/x'], ['/proc'], ['/dev/sdb'], ['/root/data']])(
    'refuses chaos-disk.mount=%s: formatting and mounting the disk there would hide the system',
    async (mount) => {
      const result = await runCli(['run', '--dry-run', '--workloads', 'chaos-disk', '--params', `chaos-disk.mount=${mount}`]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`^error: --params chaos-disk\\.mount=${mount}: must (be an absolute path|not be a system directory)`));
    },
  );

  it('accepts a mount point outside the system directories', async () => {
    const result = await runCli(['run', '--dry-run', '--workloads', 'chaos-disk', '--params', 'chaos-disk.mount=/srv/fill', '-o', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const secret = (JSON.parse(result.stdout) as { items: { kind: string; data?: { userdata: string } }[] }).items.find((o) => o.kind === 'Secret');
    expect(Buffer.from(secret?.data?.userdata ?? '', 'base64').toString()).toContain('mount=/srv/fill\n');
  });
});

describe('config file', () => {
  it('points at the line of an unknown key and suggests the right one', async () => {
    const cwd = await scratchDir({ 'v.yaml': 'namespace: a\ncpu_core: 4\n' });
    await failsWith(['--config', 'v.yaml'], 'v.yaml:2: cpu_core=4: unknown key; did you mean cpu_cores?', { cwd });
  });

  it('points at an unknown workload section', async () => {
    const cwd = await scratchDir({ 'v.yaml': 'workloads:\n  databse:\n    vm_count: 2\n' });
    await failsWith(['--config', 'v.yaml'], 'v.yaml:2: workloads.databse=databse: unknown workload; did you mean database? (virtwork workloads lists them)', { cwd });
  });

  it('names the variable that named a missing file', async () => {
    await failsWith([], 'VIRTWORK_CONFIG=nope.yaml: no such file; give the path of a YAML config file', { env: { VIRTWORK_CONFIG: 'nope.yaml' } });
  });
});

describe('params', () => {
  it('suggests the param for a mistyped key given by --params', async () => {
    const result = await runCli(['run', '--dry-run', '--params', 'cpu.cpu-load-percnt=50']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: --params cpu\.cpu-load-percnt=50: unknown parameter\b/);
    expect(result.stderr).toContain('did you mean cpu.cpu-load-percent?');
  });

  it('names VIRTWORK_PARAMS when the bad value came from it', async () => {
    const result = await runCli(['run', '--dry-run'], { env: { VIRTWORK_PARAMS: 'cpu.cpu-load-percent=150' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: VIRTWORK_PARAMS cpu\.cpu-load-percent=150: must be an integer from 1 to 100/);
  });

  it('names the file line when the bad param came from a workload section', async () => {
    const cwd = await scratchDir({ 'v.yaml': 'workloads:\n  disk:\n    params:\n      numjob: 4\n' });
    const result = await runCli(['run', '--dry-run', '--config', 'v.yaml'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: v\.yaml:4: workloads\.disk\.params\.numjob=4: unknown parameter\b/);
    expect(result.stderr).toContain('did you mean disk.numjobs?');
  });

  it('refuses params that are not workload.key=value', async () => {
    const result = await runCli(['run', '--dry-run', '--params', 'load=50']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: --params=load=50: expected workload\.key=value/);
  });

  it('checks params of workloads that are not selected, and warns that they are ignored', async () => {
    const bad = await runCli(['run', '--dry-run', '--workloads', 'cpu', '--params', 'disk.numjob=4']);
    expect(bad.code).toBe(2);
    const ignored = await runCli(['run', '--dry-run', '--workloads', 'cpu', '--params', 'disk.numjobs=4']);
    expect(ignored.code).toBe(0);
    const warnings = ignored.stderr.split('\n').filter((line) => line.includes('"level":"warn"'));
    expect(warnings.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual([
      'params for disk are ignored: disk is not among the selected workloads',
    ]);
  });
});
