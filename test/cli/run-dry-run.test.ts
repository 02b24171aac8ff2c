import { beforeAll, describe, expect, it } from 'vitest';
import { LABEL_MANAGED_BY, LABEL_RUN_ID } from '../../src/constants.js';
import { kinds, names, parseYamlStream, vmNamed, vmsOf } from './support/manifests.js';
import type { Manifest } from './support/manifests.js';
import { BUILD_TIMEOUT_MS, ensureBuilt, runCli } from './support/run-cli.js';

beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const dryRunYaml = async (args: string[], env: Record<string, string> = {}): Promise<Manifest[]> => {
  const result = await runCli(['run', '--dry-run', ...args], { env });
  expect(result.code, result.stderr).toBe(0);
  return parseYamlStream(result.stdout);
};

describe('run --dry-run', () => {
  it('prints every object as YAML documents in creation order: Namespace, Services, Secrets, VMs', async () => {
    const objects = await dryRunYaml(['--workloads', 'cpu,network', '--vm-count', '2']);
    expect(kinds(objects)).toEqual([
      'Namespace',
      'Service',
      'Service',
      ...Array<string>(6).fill('Secret'),
      ...Array<string>(6).fill('VirtualMachine'),
    ]);
    expect(names(objects, 'VirtualMachine')).toEqual([
      'virtwork-cpu-0',
      'virtwork-cpu-1',
      'virtwork-network-0-server',
      'virtwork-network-0-client',
      'virtwork-network-1-server',
      'virtwork-network-1-client',
    ]);
    expect(names(objects, 'Secret')).toEqual(names(objects, 'VirtualMachine').map((name) => `${name}-cloudinit`));
  });

  it('labels every object with one fresh run id, and a new run gets a new one', async () => {
    const first = await dryRunYaml(['--workloads', 'cpu']);
    const second = await dryRunYaml(['--workloads', 'cpu']);
    const runIds = new Set(first.map((o) => o.metadata?.labels?.[LABEL_RUN_ID]));
    expect(runIds.size).toBe(1);
    const [runId] = runIds;
    expect(runId).toMatch(UUID);
    expect(first.every((o) => o.metadata?.labels?.[LABEL_MANAGED_BY] === 'virtwork')).toBe(true);
    expect(second[0]?.metadata?.labels?.[LABEL_RUN_ID]).not.toBe(runId);
  });

  it('-o json prints one v1 List holding the same objects in the same order', async () => {
    const result = await runCli(['run', '--dry-run', '-o', 'json', '--workloads', 'disk,tps']);
    expect(result.code, result.stderr).toBe(0);
    const list = JSON.parse(result.stdout) as { apiVersion: string; kind: string; items: Manifest[] };
    expect(list.apiVersion).toBe('v1');
    expect(list.kind).toBe('List');
    expect(kinds(list.items)).toEqual(['Namespace', 'Service', 'Secret', 'Secret', 'Secret', 'VirtualMachine', 'VirtualMachine', 'VirtualMachine']);
    expect(names(list.items, 'VirtualMachine')).toEqual(['virtwork-disk-0', 'virtwork-tps-0-server', 'virtwork-tps-0-client']);
    expect(vmNamed(list.items, 'virtwork-disk-0').spec?.dataVolumeTemplates).toHaveLength(1);
  });

  it('--storage-class sets storageClassName on every data disk, and without it the field is left out', async () => {
    const storageOf = (objects: Manifest[]) => vmsOf(objects).flatMap((vm) => (vm.spec.dataVolumeTemplates ?? []).map((dv) => dv.spec.storage));
    const named = storageOf(await dryRunYaml(['--workloads', 'cpu,disk,database', '--storage-class', 'ocs-storagecluster-ceph-rbd']));
    expect(named).toHaveLength(2);
    expect(named.every((storage) => storage?.storageClassName === 'ocs-storagecluster-ceph-rbd')).toBe(true);
    const fromEnv = storageOf(await dryRunYaml(['--workloads', 'disk'], { VIRTWORK_STORAGE_CLASS: 'lvms-vg1' }));
    expect(fromEnv.map((storage) => storage?.storageClassName)).toEqual(['lvms-vg1']);
    const unset = storageOf(await dryRunYaml(['--workloads', 'disk,database']));
    expect(unset.map((storage) => storage && 'storageClassName' in storage)).toEqual([false, false]);
  });

  it('runs the default workloads, and chaos ones only when named', async () => {
    const defaults = await dryRunYaml([]);
    const workloads = new Set(defaults.filter((o) => o.kind === 'VirtualMachine').map((o) => o.metadata?.labels?.['virtwork/workload']));
    expect([...workloads]).toEqual(['cpu', 'memory', 'disk', 'database', 'network', 'tps']);
    const all = await dryRunYaml(['--workloads', 'cpu,memory,disk,database,network,tps,chaos-disk,chaos-network,chaos-process', '--vm-count', '2']);
    expect(names(all, 'VirtualMachine')).toHaveLength(2 * 9 + 2 * 2);
    expect(names(all, 'VirtualMachine')).toContain('virtwork-chaos-process-1');
  });

  it('needs no cluster and no kubeconfig', async () => {
    const objects = await dryRunYaml(['--workloads', 'cpu'], { KUBECONFIG: '/nonexistent/kubeconfig' });
    expect(kinds(objects)).toEqual(['Namespace', 'Secret', 'VirtualMachine']);
  });

  it('logs one info line on stderr saying what was planned', async () => {
    const result = await runCli(['run', '--dry-run', '--workloads', 'cpu', '--vm-count', '3']);
    const lines = result.stderr.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'info', vms: 3, objects: 7, namespace: 'virtwork', workloads: ['cpu'] });
  });

  it('refuses -o table and -o wide for manifests', async () => {
    for (const format of ['table', 'wide']) {
      const result = await runCli(['run', '--dry-run', '-o', format]);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`error: --output=${format}: with --dry-run, use yaml, json, name (the objects, not a summary)\n`);
    }
  });

  it('prints kind/name lines with -o name, as kubectl does, in creation order', async () => {
    const result = await runCli(['run', '--dry-run', '--workloads', 'cpu', '--vm-count', '2', '-o', 'name']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'namespace/virtwork',
        'secret/virtwork-cpu-0-cloudinit',
        'secret/virtwork-cpu-1-cloudinit',
        'virtualmachine.kubevirt.io/virtwork-cpu-0',
        'virtualmachine.kubevirt.io/virtwork-cpu-1',
        '',
      ].join('\n'),
    );
  });
});

describe('run without --dry-run', () => {
  it('checks the input, then exits 2 on one line when no kubeconfig is found', async () => {
    const result = await runCli(['run', '--workloads', 'cpu'], { env: { KUBECONFIG: '' } });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: kubeconfig ".*\/\.kube\/config" \(from ~\/\.kube\/config\) does not exist; set --kubeconfig, VIRTWORK_KUBECONFIG or KUBECONFIG, or log in to a cluster first\n$/m);
    const invalid = await runCli(['run', '--memory', '2GB']);
    expect(invalid.stderr).toContain('--memory=2GB');
  });
});
