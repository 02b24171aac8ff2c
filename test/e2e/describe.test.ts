/** `virtwork describe VM` end to end: a real run's VM, read back from the simulator and the audit database. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, test as base, expect } from 'vitest';
import type { VmDescription } from '../../src/orchestrator/describe-vm.js';
import { startSimCluster, type SimCluster } from '../../sim/index.js';
import { NAMESPACE, seedRun } from '../orchestrator/cleanup-seed.js';
import { BUILD_TIMEOUT_MS, ensureBuilt, runCli } from './support/cli.js';

beforeAll(async () => {
  await ensureBuilt();
}, BUILD_TIMEOUT_MS);

const test = base.extend<{ sim: SimCluster; auditDb: string }>({
  // eslint-disable-next-line no-empty-pattern
  sim: async ({}, use) => {
    const sim = await startSimCluster();
    await use(sim);
    await sim.stop();
  },
  // eslint-disable-next-line no-empty-pattern
  auditDb: async ({}, use) => {
    await use(path.join(await mkdtemp(path.join(tmpdir(), 'virtwork-describe-')), 'audit.db'));
  },
});

const cli = (sim: SimCluster, auditDb: string, ...args: string[]) =>
  runCli([...args, '--kubeconfig', sim.kubeconfigPath, '--audit-db', auditDb]);

test('describe shows the workload, its params from the audit, the units and commands from cloud-init, the VMI and how to connect', async ({ sim, auditDb }) => {
  sim.guest('virtwork-cpu-0', NAMESPACE).passProbe();
  const run = await cli(sim, auditDb, 'run', '--workloads', 'cpu', '--params', 'cpu.cpu-load-percent=60', '--ssh-user', 'ops', '-o', 'json');
  expect(run.code).toBe(0);
  const runId = (JSON.parse(run.stdout) as { runId: string }).runId;

  const json = await cli(sim, auditDb, 'describe', 'virtwork-cpu-0', '-o', 'json');
  const text = await cli(sim, auditDb, 'describe', 'virtwork-cpu-0');

  expect(json.code).toBe(0);
  const vm = JSON.parse(json.stdout) as VmDescription;
  expect(vm).toMatchObject({ name: 'virtwork-cpu-0', namespace: NAMESPACE, runId, workload: 'cpu', role: null, readiness: 'http' });
  expect(vm.params).toMatchObject({ 'cpu-load-percent': 60 });
  expect(vm.cloudInit).toMatchObject({ secret: 'virtwork-cpu-0-cloudinit', found: true, user: 'ops' });
  const cpuUnit = vm.cloudInit.units.find((unit) => unit.name === 'virtwork-cpu.service');
  expect(cpuUnit?.execStart).toEqual([expect.stringMatching(/^stress-ng --cpu 0 --cpu-load 60 /)]);
  expect(vm.cloudInit.units.map((unit) => unit.name)).toContain('virtwork-health.service');
  expect(vm.instance?.phase).toBe('Running');
  expect(vm.instance?.node).toEqual(expect.any(String));
  expect(vm.instance?.conditions).toContainEqual(expect.objectContaining({ type: 'Ready', status: 'True' }));

  expect(text.code).toBe(0);
  expect(text.stdout).toMatch(/^Name:\s+virtwork-cpu-0\nNamespace:\s+virtwork\n/);
  expect(text.stdout).toMatch(/^Params:\s+cpu-load-percent=60$/m);
  expect(text.stdout).toMatch(/^ {2}virtwork-cpu\.service:\n {4}Description:\s+.+\n {4}ExecStart:\s+stress-ng --cpu 0 --cpu-load 60 /m);
  expect(text.stdout).toMatch(/^ {4}TYPE\s+STATUS\s+REASON\s+MESSAGE$/m);
  expect(text.stdout).toMatch(/^ {4}Ready\s+True\b/m);
  expect(text.stdout).toContain(`Connect:\n  virtctl console virtwork-cpu-0 -n ${NAMESPACE}\n  virtctl ssh ops@vm/virtwork-cpu-0 -n ${NAMESPACE}\n`);
});

test('a VM of a run the audit database does not know, stopped: params and instance say so', async ({ sim, auditDb }) => {
  seedRun(sim, 'run-elsewhere', { vms: 1, runStrategy: 'Halted' });

  const result = await cli(sim, auditDb, 'describe', 'virtwork-cpu-0');

  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/^Run ID:\s+run-elsewhere$/m);
  expect(result.stdout).toMatch(/^Params:\s+<not in the audit database>$/m);
  expect(result.stdout).toMatch(/^Instance:\s+<none> \(the VM has no VMI/m);
  // The seeded Secret holds an empty cloud-config: no units to show.
  expect(result.stdout).toMatch(/^Units:\s+<none>$/m);
});

test('a VM that does not exist is reported in kubectl words, exit 1; -n chooses where to look', async ({ sim, auditDb }) => {
  seedRun(sim, 'run-a', { vms: 1, runStrategy: 'Halted', namespace: 'team-a' });

  const missing = await cli(sim, auditDb, 'describe', 'virtwork-cpu-0');
  const found = await cli(sim, auditDb, 'describe', 'virtwork-cpu-0', '-n', 'team-a', '-o', 'json');

  expect(missing.code).toBe(1);
  expect(missing.stderr).toContain('error: virtualmachines.kubevirt.io "virtwork-cpu-0" not found\n');
  expect(found.code).toBe(0);
  expect((JSON.parse(found.stdout) as VmDescription).namespace).toBe('team-a');
});
