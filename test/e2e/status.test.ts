/** `virtwork status` end to end: the real binary against a simulator with two runs' VMs. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, expect } from 'vitest';
import type { StatusReport } from '../../src/orchestrator/status.js';
import type { SimCluster } from '../../sim/index.js';
import { NAMESPACE, seedRun } from '../orchestrator/cleanup-seed.js';
import { writeBareKubeconfig } from '../support/bare-kubeconfig.js';
import { BUILD_TIMEOUT_MS, ensureBuilt, runCli } from './support/cli.js';
import { e2eTest } from './support/fixtures.js';

beforeAll(async () => {
  await ensureBuilt();
}, BUILD_TIMEOUT_MS);

const test = e2eTest();

const status = (sim: SimCluster, ...args: string[]) => runCli(['status', '--kubeconfig', sim.kubeconfigPath, '--no-audit', ...args]);

test('status shows the managed VMs by run, with phase, readiness, node, workload and role', async ({ sim }) => {
  seedRun(sim, 'run-a', { vms: 2 });
  seedRun(sim, 'run-b', { vms: 1, workload: 'memory', runStrategy: 'Halted' });
  sim.guest('virtwork-cpu-0', NAMESPACE).passProbe();
  sim.guest('virtwork-cpu-1', NAMESPACE).failProbe();
  await expect.poll(() => sim.list('virtualmachineinstances', NAMESPACE).filter((vmi) => (vmi.status as { phase?: string }).phase === 'Running').length).toBe(2);

  const json = await status(sim, '-o', 'json');
  const table = await status(sim);
  const only = await status(sim, '--run-id', 'run-b', '-o', 'json');
  const wide = await status(sim, '-o', 'wide');
  const names = await status(sim, '-o', 'name');
  const yaml = await status(sim, '-o', 'yaml');

  expect(json.code).toBe(0);
  const report = JSON.parse(json.stdout) as StatusReport;
  expect(report.runs.map((r) => [r.runId, r.vms.map((vm) => [vm.name, vm.workload, vm.phase, vm.ready])]).sort()).toEqual([
    ['run-a', [['virtwork-cpu-0', 'cpu', 'Running', true], ['virtwork-cpu-1', 'cpu', 'Running', false]]],
    ['run-b', [['virtwork-memory-0', 'memory', 'Stopped', false]]],
  ]);
  expect(table.code).toBe(0);
  const lines = table.stdout.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^RUN ID\s+NAME\s+WORKLOAD\s+ROLE\s+PHASE\s+READY\s+AGE$/);
  // Split on whitespace as awk does: a single-role VM's ROLE is '-', not a blank that shifts the columns.
  expect(lines.slice(1).map((line) => line.split(/\s+/).slice(0, 6)).sort()).toEqual([
    ['run-a', 'virtwork-cpu-0', 'cpu', '-', 'Running', 'true'],
    ['run-a', 'virtwork-cpu-1', 'cpu', '-', 'Running', 'false'],
    ['run-b', 'virtwork-memory-0', 'memory', '-', 'Stopped', 'false'],
  ]);
  // -o wide adds what ready means and the node, as kubectl's wide adds a pod's node
  const wideLines = wide.stdout.trimEnd().split('\n');
  expect(wideLines[0]).toMatch(/^RUN ID\s+NAME\s+WORKLOAD\s+ROLE\s+PHASE\s+READY\s+AGE\s+READINESS\s+NODE$/);
  expect(wideLines.slice(1).map((line) => line.split(/\s+/).slice(7, 9)[0]).sort()).toEqual(['guest-agent', 'guest-agent', 'guest-agent']);
  expect(wideLines.slice(1).filter((line) => /\ssim-worker-\S+$/.test(line))).toHaveLength(2);
  // -o name: kind/name lines; -o yaml: the report
  expect(names.stdout.split('\n').sort()).toEqual(['', 'virtualmachine.kubevirt.io/virtwork-cpu-0', 'virtualmachine.kubevirt.io/virtwork-cpu-1', 'virtualmachine.kubevirt.io/virtwork-memory-0']);
  expect(yaml.stdout).toMatch(/^namespace: virtwork\nruns:\n {2}- runId: run-/);
  expect((JSON.parse(only.stdout) as StatusReport).runs.map((r) => r.runId)).toEqual(['run-b']);
});

test('status says so when there is nothing to show, and -o name prints nothing', async ({ sim }) => {
  const empty = await status(sim);
  const names = await status(sim, '-o', 'name');

  expect(empty).toMatchObject({ code: 0, stdout: `No virtwork VMs in namespace ${NAMESPACE}.\n` });
  expect(names).toMatchObject({ code: 0, stdout: '' });
});

test('a kubeconfig whose server port fetch refuses (9) names the URL, the port and what to do, exit 2', async () => {
  const kubeconfig = await writeBareKubeconfig('https://127.0.0.1:9', { token: 't' });
  const result = await runCli(['status', '--kubeconfig', kubeconfig, '--no-audit']);
  expect(result.code).toBe(2);
  expect(result.stderr).toBe(
    'error: the API server URL https://127.0.0.1:9 (context "bare") uses port 9, which Node\'s fetch refuses ' +
      '(the Fetch standard reserves it for another protocol); serve the API on another port, or reach it through kubectl proxy\n',
  );
});

test("without -n, status looks in the kubeconfig context's namespace; -n still wins", async ({ sim }) => {
  seedRun(sim, 'run-in-team', { vms: 1, runStrategy: 'Halted', namespace: 'team-a' });
  seedRun(sim, 'run-in-default', { vms: 1, runStrategy: 'Halted' });
  const kubeconfig = path.join(await mkdtemp(path.join(tmpdir(), 'virtwork-ctx-')), 'kubeconfig');
  await sim.writeKubeconfig(kubeconfig, 'team-a');

  const fromContext = await runCli(['status', '--kubeconfig', kubeconfig, '--no-audit', '-o', 'json']);
  const typed = await runCli(['status', '--kubeconfig', kubeconfig, '--no-audit', '-n', NAMESPACE, '-o', 'json']);

  expect(fromContext.code, fromContext.stderr).toBe(0);
  const report = JSON.parse(fromContext.stdout) as StatusReport;
  expect([report.namespace, report.runs.map((r) => r.runId)]).toEqual(['team-a', ['run-in-team']]);
  expect((JSON.parse(typed.stdout) as StatusReport).runs.map((r) => r.runId)).toEqual(['run-in-default']);
});

test('-A shows the VMs of every namespace with a NAMESPACE column, and -l narrows them by label', async ({ sim }) => {
  seedRun(sim, 'run-a', { vms: 1, runStrategy: 'Halted' });
  seedRun(sim, 'run-b', { vms: 1, workload: 'memory', runStrategy: 'Halted', namespace: 'team-b' });
  seedRun(sim, 'run-c', { vms: 1, runStrategy: 'Halted', namespace: 'team-c' });

  const json = await status(sim, '-A', '-o', 'json');
  const table = await status(sim, '--all-namespaces');
  const narrowed = await status(sim, '-A', '-l', 'virtwork/workload=cpu', '-o', 'json');
  const oneNamespace = await status(sim, '-l', 'virtwork/workload in (memory)', '-o', 'json');
  const nothing = await status(sim, '-A', '-l', 'virtwork/workload=disk');

  expect(json.code, json.stderr).toBe(0);
  const report = JSON.parse(json.stdout) as StatusReport;
  expect(report.namespace).toBeNull();
  expect(report.runs.flatMap((r) => r.vms.map((vm) => [r.runId, vm.namespace, vm.name])).sort()).toEqual([
    ['run-a', NAMESPACE, 'virtwork-cpu-0'],
    ['run-b', 'team-b', 'virtwork-memory-0'],
    ['run-c', 'team-c', 'virtwork-cpu-0'],
  ]);
  const lines = table.stdout.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^NAMESPACE\s+RUN ID\s+NAME\s+/);
  expect(lines.slice(1).map((line) => line.split(/\s+/).slice(0, 3)).sort()).toEqual([
    ['team-b', 'run-b', 'virtwork-memory-0'],
    ['team-c', 'run-c', 'virtwork-cpu-0'],
    [NAMESPACE, 'run-a', 'virtwork-cpu-0'],
  ]);
  expect((JSON.parse(narrowed.stdout) as StatusReport).runs.map((r) => r.runId).sort()).toEqual(['run-a', 'run-c']);
  // Without -A, -l narrows within the one namespace: team-b's memory VM is not there.
  expect((JSON.parse(oneNamespace.stdout) as StatusReport).runs).toEqual([]);
  expect(nothing).toMatchObject({ code: 0, stdout: 'No virtwork VMs in any namespace.\n' });
});

test('a malformed -l fails before any request, naming the flag, the value and the syntax (exit 2)', async ({ sim }) => {
  const result = await status(sim, '-l', 'virtwork/workload in (cpu');
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/^error: --selector=virtwork\/workload in \(cpu: must be a label selector: .*such as virtwork\/workload=cpu\n$/);
});

test('--run-id takes a unique prefix; an ambiguous or unmatched one says so and exits 2', async ({ sim }) => {
  seedRun(sim, 'abc-1', { vms: 1, runStrategy: 'Halted' });
  seedRun(sim, 'abc-2', { vms: 1, workload: 'memory', runStrategy: 'Halted' });
  seedRun(sim, 'xyz-9', { vms: 1, workload: 'disk', runStrategy: 'Halted', namespace: 'team-x' });

  const prefix = await status(sim, '--run-id', 'abc-2', '-o', 'json');
  const across = await status(sim, '-A', '--run-id', 'xy', '-o', 'json');
  const ambiguous = await status(sim, '--run-id', 'abc');
  const unmatched = await status(sim, '--run-id', 'xy');

  expect((JSON.parse(prefix.stdout) as StatusReport).runs.map((r) => r.runId)).toEqual(['abc-2']);
  expect((JSON.parse(across.stdout) as StatusReport).runs.map((r) => r.runId)).toEqual(['xyz-9']);
  expect(ambiguous).toMatchObject({ code: 2, stdout: '' });
  expect(ambiguous.stderr).toBe('error: --run-id=abc: matches 2 run ids in namespace virtwork (abc-1, abc-2); type more of the id\n');
  expect(unmatched).toMatchObject({ code: 2, stderr: 'error: --run-id=xy: no run id in namespace virtwork is or starts with this\n' });
});
