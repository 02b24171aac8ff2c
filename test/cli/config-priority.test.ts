/**
 * "flag > VIRTWORK_* > config file > default", seen from outside: the real CLI's --dry-run output
 * for several keys, lists, the per-workload section and params.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { names, parseYamlStream, userdataOf, vmNamed, vmsOf } from './support/manifests.js';
import type { Manifest } from './support/manifests.js';
import { BUILD_TIMEOUT_MS, ensureBuilt, runCli, scratchDir } from './support/run-cli.js';

beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);

const CONFIG = [
  'namespace: from-file',
  'vm_count: 2',
  'cpu_cores: 3',
  'memory: 3Gi',
  'container_disk_image: registry.example/file-image:1',
  'params:',
  '  cpu: {cpu-load-percent: 30, cpu-method: fft}',
  'workloads:',
  '  cpu:',
  '    memory: 5Gi',
  '    params: {cpu-method: matrixprod}',
  '  chaos-network: {enabled: true}',
  '  memory: {enabled: false}',
  '  disk: {enabled: false}',
  '  database: {enabled: false}',
  '  network: {enabled: false}',
  '  tps: {enabled: false}',
].join('\n');

/** `run --dry-run` with the scratch config as VIRTWORK_CONFIG (unless the args say otherwise). */
const plan = async (args: string[], env: Record<string, string> = {}): Promise<Manifest[]> => {
  const cwd = await scratchDir({ 'virtwork.yaml': CONFIG });
  const result = await runCli(['run', '--dry-run', ...args], { cwd, env: { VIRTWORK_CONFIG: 'virtwork.yaml', ...env } });
  expect(result.code, result.stderr).toBe(0);
  return parseYamlStream(result.stdout);
};

const namespaceOf = (objects: Manifest[]): string | undefined => objects.find((o) => o.kind === 'Namespace')?.metadata?.name;
const domainOf = (objects: Manifest[], vm: string) => vmNamed(objects, vm).spec?.template?.spec?.domain;
const cpuExecStart = (objects: Manifest[]): string | undefined =>
  /ExecStart=(stress-ng --cpu .*)/.exec(userdataOf(objects, 'virtwork-cpu-0-cloudinit'))?.[1];

describe('config priority through the CLI', () => {
  it('takes everything from the file when no flag or variable is set', async () => {
    const objects = await plan([]);
    expect(namespaceOf(objects)).toBe('from-file');
    expect(names(objects, 'VirtualMachine')).toEqual(['virtwork-cpu-0', 'virtwork-cpu-1', 'virtwork-chaos-network-0', 'virtwork-chaos-network-1']);
    expect(domainOf(objects, 'virtwork-cpu-0')?.cpu?.cores).toBe(3);
    // the cpu section's memory beats the file's global memory
    expect(domainOf(objects, 'virtwork-cpu-0')?.memory?.guest).toBe('5Gi');
    expect(domainOf(objects, 'virtwork-chaos-network-0')?.memory?.guest).toBe('3Gi');
    const image = vmNamed(objects, 'virtwork-cpu-0').spec?.template?.spec?.volumes?.find((v) => v.containerDisk)?.containerDisk?.image;
    expect(image).toBe('registry.example/file-image:1');
    expect(cpuExecStart(objects)).toBe('stress-ng --cpu 0 --cpu-load 30 --cpu-method matrixprod');
  });

  it('lets variables beat the file, key by key', async () => {
    const objects = await plan([], {
      VIRTWORK_NAMESPACE: 'from-env',
      VIRTWORK_VM_COUNT: '1',
      VIRTWORK_MEMORY: '1Gi',
      VIRTWORK_WORKLOADS: 'cpu,memory',
      VIRTWORK_PARAMS: 'cpu.cpu-load-percent=55',
    });
    expect(namespaceOf(objects)).toBe('from-env');
    // the variable's list replaces the file's selection; enabled: false does not apply to a named list
    expect(names(objects, 'VirtualMachine')).toEqual(['virtwork-cpu-0', 'virtwork-memory-0']);
    // VIRTWORK_MEMORY outranks the file, so the cpu section's memory no longer applies
    expect(domainOf(objects, 'virtwork-cpu-0')?.memory?.guest).toBe('1Gi');
    expect(domainOf(objects, 'virtwork-cpu-0')?.cpu?.cores).toBe(3);
    expect(cpuExecStart(objects)).toBe('stress-ng --cpu 0 --cpu-load 55 --cpu-method matrixprod');
  });

  it('lets flags beat variables, and merges --params over VIRTWORK_PARAMS', async () => {
    const objects = await plan(
      ['--namespace', 'from-flag', '--vm-count', '3', '--cpu-cores', '4', '--workloads', 'cpu', '--params', 'cpu.cpu-method=fft'],
      { VIRTWORK_NAMESPACE: 'from-env', VIRTWORK_VM_COUNT: '1', VIRTWORK_WORKLOADS: 'memory', VIRTWORK_PARAMS: 'cpu.cpu-load-percent=55' },
    );
    expect(namespaceOf(objects)).toBe('from-flag');
    expect(names(objects, 'VirtualMachine')).toEqual(['virtwork-cpu-0', 'virtwork-cpu-1', 'virtwork-cpu-2']);
    expect(domainOf(objects, 'virtwork-cpu-2')?.cpu?.cores).toBe(4);
    expect(cpuExecStart(objects)).toBe('stress-ng --cpu 0 --cpu-load 55 --cpu-method fft');
  });

  it('takes -n as --namespace', async () => {
    const objects = await plan(['-n', 'short-flag', '--workloads', 'cpu'], { VIRTWORK_NAMESPACE: 'from-env' });
    expect(namespaceOf(objects)).toBe('short-flag');
    expect(vmsOf(objects).map((vm) => vm.metadata?.namespace)).toEqual(['short-flag', 'short-flag']);
  });

  it('takes --workloads repeated and comma-separated alike', async () => {
    const objects = await plan(['--workloads', 'memory', '--workloads', 'chaos-process,cpu']);
    expect(vmsOf(objects).map((vm) => vm.metadata?.labels?.['virtwork/workload'])).toEqual(
      ['memory', 'memory', 'chaos-process', 'chaos-process', 'cpu', 'cpu'],
    );
  });

  it('falls back to the defaults without a file', async () => {
    const result = await runCli(['run', '--dry-run', '--workloads', 'cpu']);
    const objects = parseYamlStream(result.stdout);
    expect(namespaceOf(objects)).toBe('virtwork');
    expect(domainOf(objects, 'virtwork-cpu-0')).toMatchObject({ cpu: { cores: 2 }, memory: { guest: '2Gi' } });
    expect(cpuExecStart(objects)).toBe('stress-ng --cpu 0 --cpu-load 100 --cpu-method all');
  });

  it('reads the file given by --config over VIRTWORK_CONFIG', async () => {
    const cwd = await scratchDir({ 'a.yaml': 'namespace: from-a\n', 'b.yaml': 'namespace: from-b\n' });
    const result = await runCli(['run', '--dry-run', '--workloads', 'cpu', '--config', 'b.yaml'], { cwd, env: { VIRTWORK_CONFIG: 'a.yaml' } });
    expect(namespaceOf(parseYamlStream(result.stdout))).toBe('from-b');
  });
});

/**
 * The config file is read once per command: given as a named pipe that is written once, a second
 * read would wait for a writer that never comes. After a grace period the pipe is opened for writing
 * once more so a process stuck there ends, and the test says what happened.
 */
describe('the config file, read once per command', () => {
  const readOnce = async (args: (fifo: string) => string[]): Promise<{ code: number; stdout: string; secondRead: boolean }> => {
    const dir = await scratchDir();
    const fifo = path.join(dir, 'virtwork.yaml');
    execFileSync('mkfifo', [fifo]);
    const cli = runCli(args(fifo));
    await writeFile(fifo, 'namespace: from-pipe\nvm_count: 2\n');
    const settled = await Promise.race([cli.then(() => 'done' as const), delay(20_000).then(() => 'waiting' as const)]);
    let secondRead = false;
    if (settled === 'waiting') {
      // Someone is waiting on the pipe: release it (EOF), so the process ends.
      const fd = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
      closeSync(fd);
      secondRead = true;
    }
    return { ...(await cli), secondRead };
  };

  it('by run --dry-run', async () => {
    const result = await readOnce((fifo) => ['run', '--dry-run', '--workloads', 'cpu', '--config', fifo]);
    expect(result.secondRead).toBe(false);
    expect(result.code).toBe(0);
    const objects = parseYamlStream(result.stdout);
    expect(names(objects, 'VirtualMachine')).toEqual(['virtwork-cpu-0', 'virtwork-cpu-1']);
    expect(vmsOf(objects).map((vm) => vm.metadata?.namespace)).toEqual(['from-pipe', 'from-pipe']);
  });

  it('by audit list, whose --limit and audit settings come from the same inputs', async () => {
    const result = await readOnce((fifo) => ['audit', 'list', '-o', 'json', '--config', fifo]);
    expect(result.secondRead).toBe(false);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([]);
  });
});

/** Two contexts: `dev` (current) names namespace team-a, `bare` names none. */
const TWO_CONTEXTS = [
  'apiVersion: v1',
  'kind: Config',
  'clusters: [{name: c, cluster: {server: "https://127.0.0.1:6443"}}]',
  'users: [{name: u, user: {token: t}}]',
  'contexts: [{name: dev, context: {cluster: c, user: u, namespace: team-a}}, {name: bare, context: {cluster: c, user: u}}]',
  'current-context: dev',
  '',
].join('\n');

describe('the namespace of the kubeconfig context', () => {
  const dryRun = async (args: string[], env: Record<string, string>) => {
    const cwd = await scratchDir({ kubeconfig: TWO_CONTEXTS });
    const result = await runCli(['run', '--dry-run', '--workloads', 'cpu', ...args], { cwd, env: { KUBECONFIG: path.join(cwd, 'kubeconfig'), ...env } });
    expect(result.code, result.stderr).toBe(0);
    return { objects: parseYamlStream(result.stdout), stderr: result.stderr };
  };

  it("is used when nothing else names one, and the debug log says it came from the kubeconfig", async () => {
    const { objects, stderr } = await dryRun(['--verbose'], {});
    expect(namespaceOf(objects)).toBe('team-a');
    expect(vmsOf(objects).map((vm) => vm.metadata?.namespace)).toEqual(['team-a']);
    const resolved = stderr.split('\n').filter((line) => line.includes('"configuration resolved"')).map((line) => JSON.parse(line) as { sources?: { namespace?: string } });
    expect(resolved.map((line) => line.sources?.namespace)).toEqual(['kubeconfig']);
  });

  it('is that of --context when given, and virtwork when that context names none', async () => {
    const { objects } = await dryRun(['--context', 'bare'], {});
    expect(namespaceOf(objects)).toBe('virtwork');
  });

  it('loses to -n, VIRTWORK_NAMESPACE and the config file', async () => {
    expect(namespaceOf((await dryRun(['-n', 'typed'], {})).objects)).toBe('typed');
    expect(namespaceOf((await dryRun([], { VIRTWORK_NAMESPACE: 'from-env' })).objects)).toBe('from-env');
  });

  it('is not needed by a dry run: without any kubeconfig the namespace is virtwork', async () => {
    const result = await runCli(['run', '--dry-run', '--workloads', 'cpu'], { env: { KUBECONFIG: '/nonexistent/kubeconfig' } });
    expect(result.code, result.stderr).toBe(0);
    expect(namespaceOf(parseYamlStream(result.stdout))).toBe('virtwork');
  });
});
