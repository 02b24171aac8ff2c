/**
 * `virtwork doctor` end to end: the real binary against the simulator, healthy (exit 0, every check
 * passing) and broken one way at a time (exit 1, the failing check naming its fix), plus bad input
 * (exit 2) and a server that cannot be reached.
 */
import { createServer } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/orchestrator/doctor/check.js';
import type { DoctorReport } from '../../src/orchestrator/doctor/doctor.js';
import { startSimCluster, type SimCluster, type SimClusterOptions } from '../../sim/index.js';
import { writeBareKubeconfig } from '../support/bare-kubeconfig.js';
import { BUILD_TIMEOUT_MS, ensureBuilt, isolatedEnv, plainStderrLines, runCli, type CliResult } from './support/cli.js';

beforeAll(async () => {
  await ensureBuilt();
}, BUILD_TIMEOUT_MS);

const CHECKS = ['api', 'identity', 'kubevirt', 'cdi', 'permissions', 'storage', 'nodes', 'image'];

/** Runs `virtwork doctor <args>` against a simulator started with `options`, then stops it. */
const doctorOn = async (options: SimClusterOptions, args: string[] = [], prepare?: (sim: SimCluster) => void): Promise<CliResult> => {
  const sim = await startSimCluster({ tls: true, token: 'doctor-token', ...options });
  try {
    prepare?.(sim);
    return await runCli(['doctor', '--kubeconfig', sim.kubeconfigPath, ...args]);
  } finally {
    await sim.stop();
  }
};

/** The checks of a `-o json` run. */
const checksOf = (result: CliResult): readonly CheckResult[] => (JSON.parse(result.stdout) as DoctorReport).checks;
const named = (result: CliResult, name: string): CheckResult[] => checksOf(result).filter((c) => c.name === name);

describe('doctor on a healthy cluster', () => {
  it('passes every check, one line each, and exits 0', async () => {
    const result = await doctorOn({});
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^CHECK\s+STATUS\s+MESSAGE$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/).slice(0, 2))).toEqual(CHECKS.map((name) => [name, 'pass']));
    // Not a terminal: no colour codes.
    expect(result.stdout).not.toContain('\u001b[');
    expect(plainStderrLines(result.stderr)).toEqual([]);
  });

  it('-o json gives each check with its message, and the counts', async () => {
    const result = await doctorOn({}, ['-o', 'json', '--workloads', 'database', '--vm-count', '2', '--memory', '4Gi']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as DoctorReport & { summary: Record<string, number> };
    expect(report).toMatchObject({ context: 'virtwork-sim', namespace: 'virtwork', summary: { pass: 8, warn: 0, fail: 0 } });
    expect(report.checks.find((c) => c.name === 'nodes')?.message).toBe(
      '3 schedulable nodes with 46.5 CPUs and 180Gi allocatable; the plan needs 4 vCPUs and 8Gi for 2 VMs',
    );
    expect(report.checks.find((c) => c.name === 'kubevirt')?.message).toBe('KubeVirt v1.5.2, Deployed (openshift-cnv/kubevirt-kubevirt-hyperconverged)');
  });
});

describe('doctor on a broken cluster fails the check that matters, naming the fix', () => {
  it('no default StorageClass: storage fails until --storage-class names one', async () => {
    const result = await doctorOn({ defaultStorageClass: false }, ['-o', 'json']);
    expect(result.code).toBe(1);
    expect(named(result, 'storage')).toEqual([expect.objectContaining({
      status: 'fail', fix: expect.stringContaining('pass --storage-class NAME (one of ocs-storagecluster-ceph-rbd and ocs-storagecluster-ceph-rbd-virtualization)') as unknown,
    })]);
    expect(plainStderrLines(result.stderr)).toEqual(['error: 1 of 8 checks failed (storage)']);
    const withClass = await doctorOn({ defaultStorageClass: false }, ['-o', 'json', '--storage-class', 'ocs-storagecluster-ceph-rbd']);
    expect(withClass.code, withClass.stdout).toBe(0);
  });

  it('an incomplete StorageProfile: storage fails, saying the disks would get no PVC', async () => {
    const result = await doctorOn({ storageProfiles: 'incomplete' }, ['-o', 'json']);
    expect(result.code).toBe(1);
    expect(named(result, 'storage')[0]).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('no PVC (ErrClaimNotValid)') as unknown,
      fix: expect.stringContaining('kubectl patch storageprofile ocs-storagecluster-ceph-rbd-virtualization') as unknown,
    });
  });

  it('without data disks planned, storage is not needed and passes', async () => {
    const result = await doctorOn({ defaultStorageClass: false }, ['-o', 'json', '--workloads', 'cpu,network']);
    expect(result.code, result.stdout).toBe(0);
    expect(named(result, 'storage')[0]?.message).toBe('no planned workload has a data disk, so no StorageClass is needed');
  });

  it('no schedulable node: nodes fails, pointing at virt-handler', async () => {
    const result = await doctorOn({ workerNodes: 0 }, ['-o', 'json']);
    expect(result.code).toBe(1);
    expect(named(result, 'nodes')[0]).toMatchObject({ status: 'fail', fix: expect.stringContaining('virt-handler') as unknown });
  });

  it('too little memory: nodes fails with the figures; more vCPUs than CPUs only warns', async () => {
    const small = { workerAllocatable: { cpu: '4', memory: '8Gi' } };
    const memory = await doctorOn(small, ['-o', 'json', '--workloads', 'cpu', '--vm-count', '4', '--memory', '8Gi']);
    expect(memory.code).toBe(1);
    expect(named(memory, 'nodes')[0]).toMatchObject({
      status: 'fail', message: 'the plan needs 8 vCPUs and 32Gi for 4 VMs, more memory than the 3 schedulable nodes with 12 CPUs and 24Gi allocatable',
    });
    const cpu = await doctorOn(small, ['-o', 'json', '--workloads', 'cpu', '--vm-count', '4', '--cpu-cores', '4', '--memory', '1Gi']);
    expect(cpu.code, cpu.stdout).toBe(0);
    expect(named(cpu, 'nodes')[0]?.status).toBe('warn');
  });

  it('no KubeVirt CR: kubevirt fails; a KubeVirt still deploying only warns', async () => {
    const absent = await doctorOn({ kubevirt: 'absent' }, ['-o', 'json']);
    expect(absent.code).toBe(1);
    expect(named(absent, 'kubevirt')[0]).toMatchObject({ status: 'fail', message: 'kubevirt.io/v1 is served but there is no KubeVirt custom resource: KubeVirt is not deployed' });
    const deploying = await doctorOn({ kubevirt: 'Deploying' }, ['-o', 'json']);
    expect(deploying.code).toBe(0);
    expect(named(deploying, 'kubevirt')[0]).toMatchObject({ status: 'warn', message: expect.stringContaining('is Deploying, not Available') as unknown });
  });

  it('KubeVirt not installed at all: kubevirt fails, saying to install it', async () => {
    const result = await doctorOn({}, ['-o', 'json'], (sim) => sim.removeApiGroup('kubevirt.io'));
    expect(result.code).toBe(1);
    expect(named(result, 'kubevirt')[0]).toMatchObject({ status: 'fail', fix: expect.stringContaining('install OpenShift Virtualization') as unknown });
  });

  it('a server without SelfSubjectReview (Kubernetes 1.26): identity only warns', async () => {
    const result = await doctorOn({ selfSubjectReview: false }, ['-o', 'json']);
    expect(result.code, result.stdout).toBe(0);
    expect(named(result, 'identity')[0]).toMatchObject({ status: 'warn', message: expect.stringContaining('no SelfSubjectReview API') as unknown });
  });

  it('denied verbs: permissions fails for each rule run needs, and warns for a fallback', async () => {
    const result = await doctorOn({}, ['-o', 'json'], (sim) => {
      sim.faults.add({ kind: 'deny', match: { verb: 'create', resource: 'virtualmachines', namespace: 'virtwork' } });
      sim.faults.add({ kind: 'deny', match: { verb: 'deletecollection', resource: 'datavolumes' } });
    });
    expect(result.code).toBe(1);
    expect(named(result, 'permissions').map((c) => [c.status, c.message])).toEqual([
      ['fail', 'create on virtualmachines (group kubevirt.io) in namespace virtwork is not allowed: run needs it'],
      ['warn', 'deletecollection on datavolumes (group cdi.kubevirt.io) in namespace virtwork is not allowed, so cleanup deletes the objects one by one'],
    ]);
    expect(named(result, 'permissions')[0]?.fix).toContain('kubectl create role virtwork --verb=create --resource=virtualmachines.kubevirt.io -n virtwork');
  });

  it('a malformed --container-disk-image is bad input, refused as run refuses it (exit 2)', async () => {
    const result = await doctorOn({}, ['-o', 'json', '--container-disk-image', 'quay.io/containerdisks/Fedora:42']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: --container-disk-image=quay.io/containerdisks/Fedora:42: must be an image reference');
  });

  it('an image without a registry: image warns that the node resolves the short name', async () => {
    const result = await doctorOn({}, ['-o', 'json', '--container-disk-image', 'containerdisks/fedora:42']);
    expect(result.code).toBe(0);
    expect(named(result, 'image')[0]).toMatchObject({ status: 'warn', message: expect.stringContaining('names no registry') as unknown });
  });
});

describe('doctor without a cluster to check', () => {
  it('fails the api check when the server cannot be reached, and still checks the image', async () => {
    const port = await closedPort();
    const kubeconfig = await writeBareKubeconfig(`http://127.0.0.1:${port}`);
    const result = await runCli(['doctor', '--kubeconfig', kubeconfig, '-o', 'json']);
    expect(result.code).toBe(1);
    expect(checksOf(result).map((c) => [c.name, c.status])).toEqual([['api', 'fail'], ['image', 'pass']]);
    expect(checksOf(result)[0]?.message).toContain('cannot reach the Kubernetes API server');
  });

  it('exits 2 on bad input: an output it cannot print, a bad storage class name, an unknown param', async () => {
    const env = isolatedEnv({ KUBECONFIG: '/nonexistent/kubeconfig' });
    const wide = await runCli(['doctor', '-o', 'wide'], env);
    expect(wide.code).toBe(2);
    expect(plainStderrLines(wide.stderr)).toEqual(["error: option '-o, --output <format>' argument 'wide' is invalid. Allowed choices are table, json, yaml."]);
    const storage = await runCli(['doctor', '--storage-class', 'Fast_RBD'], env);
    expect(storage.code).toBe(2);
    expect(storage.stderr).toContain('error: --storage-class=Fast_RBD: must be a Kubernetes object name');
    const param = await runCli(['doctor', '--params', 'cpu.cpu-load-percnt=50'], env);
    expect(param.code).toBe(2);
    expect(param.stderr).toContain('did you mean cpu.cpu-load-percent?');
  });
});

/** A port nothing listens on: bound, then released. */
const closedPort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
