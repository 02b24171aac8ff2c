/**
 * `virtwork cleanup` end to end: the real binary as a child process against a simulator started
 * in-process, whose objects were seeded as earlier runs (and other people) left them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect } from 'vitest';
import { listExecutions, openAuditDatabase, showExecution, type ExecutionDetails } from '../../src/audit/index.js';
import { main } from '../../src/cli/main.js';
import type { CleanupResult } from '../../src/orchestrator/cleanup.js';
import type { SimCluster } from '../../sim/index.js';
import { NAMESPACE, managed, names, seedForeign, seedNamespace, seedRun } from '../orchestrator/cleanup-seed.js';
import { BUILD_TIMEOUT_MS, ensureBuilt, plainStderrLines, runCli, type CliResult } from './support/cli.js';
import { e2eTest } from './support/fixtures.js';

beforeAll(async () => {
  await ensureBuilt();
}, BUILD_TIMEOUT_MS);

const test = e2eTest();

const cleanup = (sim: SimCluster, auditDb: string, ...args: string[]): Promise<CliResult> =>
  runCli(['cleanup', '--kubeconfig', sim.kubeconfigPath, '--audit-db', auditDb, ...args]);

/**
 * `main` in this process, with a stdin that says it is a terminal and answers `answer`: the one
 * path a child process cannot take, since its stdin is never a TTY here.
 */
const cleanupOnTerminal = async (sim: SimCluster, auditDb: string, answer: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  let stdout = '';
  let stderr = '';
  const code = main(['node', 'virtwork', 'cleanup', '--kubeconfig', sim.kubeconfigPath, '--audit-db', auditDb, ...args], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: {
      write: (text: string) => {
        stderr += text;
        if (text.endsWith('[y/N] ')) stdin.end(answer);
      },
    },
    logSink: { write: () => undefined },
    stdin,
    env: { HOME: path.dirname(auditDb) },
    cwd: path.dirname(auditDb),
  });
  return { code: await code, stdout, stderr };
};

const resultOf = (cli: CliResult): CleanupResult => JSON.parse(cli.stdout) as CleanupResult;

const auditOf = async (file: string, runId: string): Promise<ExecutionDetails | undefined> => {
  const db = await openAuditDatabase(file);
  try {
    return showExecution(db, runId);
  } finally {
    db.close();
  }
};

describe('virtwork cleanup', () => {
  test('--run-id deletes one run, leaves the other run and unlabelled objects, and links the run', async ({ sim, auditDb }) => {
    seedRun(sim, 'run-a', { vms: 2, dataDisks: true, service: true });
    seedRun(sim, 'run-b', { vms: 1, workload: 'memory' });
    seedForeign(sim, 'Secret', 'team-db-password');
    seedForeign(sim, 'Service', 'team-api');

    const cli = await cleanup(sim, auditDb, '--run-id', 'run-a', '--yes', '--wait', '-o', 'json');

    expect(cli.code).toBe(0);
    const result = resultOf(cli);
    expect(result.deleted).toEqual({ VirtualMachine: 2, DataVolume: 2, PersistentVolumeClaim: 0, Secret: 2, Service: 1 });
    expect(result.plan.runIds).toEqual(['run-a']);
    expect(names(sim, 'virtualmachines')).toEqual(['virtwork-memory-0']);
    expect(names(sim, 'datavolumes')).toEqual([]);
    expect(names(sim, 'secrets')).toEqual(['team-db-password', 'virtwork-memory-0-cloudinit']);
    expect(names(sim, 'services')).toEqual(['team-api']);
    expect((await auditOf(auditDb, result.executionId))?.execution).toMatchObject({
      command: 'cleanup', status: 'success', cleanupMode: 'run-id', linkedRunIds: ['run-a'],
      deleted: { vms: 2, dataVolumes: 2, secrets: 2, services: 1, pvcs: 0, namespace: false },
    });
  });

  test("without -n it cleans the kubeconfig context's namespace, and records that namespace", async ({ sim, auditDb }) => {
    seedRun(sim, 'run-team', { vms: 1, runStrategy: 'Halted', namespace: 'team-a' });
    seedRun(sim, 'run-default', { vms: 1, runStrategy: 'Halted' });
    const kubeconfig = path.join(mkdtempSync(path.join(tmpdir(), 'virtwork-ctx-')), 'kubeconfig');
    await sim.writeKubeconfig(kubeconfig, 'team-a');

    const cli = await runCli(['cleanup', '--kubeconfig', kubeconfig, '--audit-db', auditDb, '--yes', '-o', 'json']);

    expect(cli.code, cli.stderr).toBe(0);
    const result = resultOf(cli);
    expect([result.plan.namespace, result.plan.runIds]).toEqual(['team-a', ['run-team']]);
    expect(names(sim, 'virtualmachines', undefined, 'team-a')).toEqual([]);
    expect(names(sim, 'virtualmachines')).toEqual(['virtwork-cpu-0']);
    expect((await auditOf(auditDb, result.executionId))?.execution).toMatchObject({ command: 'cleanup', namespace: 'team-a' });
  });

  test('prints a table of what it found and deleted per kind', async ({ sim, auditDb }) => {
    seedRun(sim, 'run-a', { vms: 2, service: true });

    const cli = await cleanup(sim, auditDb, '--yes');

    expect(cli.code).toBe(0);
    expect(cli.stdout.split('\n').slice(0, 6)).toEqual([
      'KIND                    FOUND   DELETED',
      'VirtualMachine          2       2',
      'DataVolume              0       0',
      'PersistentVolumeClaim   0       0',
      'Secret                  2       2',
      'Service                 1       1',
    ]);
    expect(cli.stdout).toContain('Runs: run-a\n');
  });

  test('a Forbidden delete on one kind still deletes the rest, reports it and exits 1', async ({ sim, auditDb }) => {
    seedRun(sim, 'run-a', { vms: 2, service: true });
    sim.faults.add({ kind: 'deny', match: { resource: 'services', verb: ['delete', 'deletecollection'] } });

    const cli = await cleanup(sim, auditDb, '--yes', '-o', 'json');

    expect(cli.code).toBe(1);
    const result = resultOf(cli);
    expect(result.deleted).toMatchObject({ VirtualMachine: 2, Secret: 2, Service: 0 });
    expect(result.failures).toEqual([{ kind: 'Service', message: expect.stringMatching(/^forbidden: cannot delete services "virtwork-cpu-server"/) as unknown }]);
    expect(plainStderrLines(cli.stderr)).toEqual([expect.stringMatching(/^error: cleanup finished with 1 failure\(s\): Service: forbidden: .*RBAC permission services "delete"/) as unknown]);
    expect(names(sim, 'secrets')).toEqual([]);
    expect(names(sim, 'services')).toEqual(['virtwork-cpu-server']);
    expect((await auditOf(auditDb, result.executionId))?.execution.status).toBe('failed');
  });

  test('without --yes and without a terminal it refuses with exit 2 and deletes nothing', async ({ sim, auditDb }) => {
    seedRun(sim, 'run-a', { vms: 2 });

    const cli = await cleanup(sim, auditDb);

    expect(cli.code).toBe(2);
    expect(plainStderrLines(cli.stderr)).toEqual([
      'error: --yes=not given: cleanup would delete 2 VirtualMachines and 2 Secrets in namespace virtwork; ' +
        'stdin is not a terminal, so confirm with --yes (or preview with --dry-run)',
    ]);
    expect(names(sim, 'virtualmachines')).toHaveLength(2);
    expect(sim.stats().byVerb.deletecollection).toBeUndefined();
  });

  test('on a terminal it asks with the counts, and deletes on "y"', async ({ sim, auditDb }) => {
    seedRun(sim, 'run-a', { vms: 2, service: true });

    const cli = await cleanupOnTerminal(sim, auditDb, 'y\n');

    expect(cli.stderr).toBe('Delete 2 VirtualMachines, 2 Secrets and 1 Service in namespace virtwork? [y/N] ');
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('Service                 1       1');
    expect(names(sim, 'secrets')).toEqual([]);
  });

  test('on a terminal anything but "y" cancels: nothing deleted, exit 0', async ({ sim, auditDb }) => {
    seedRun(sim, 'run-a', { vms: 1 });

    const cli = await cleanupOnTerminal(sim, auditDb, '\n');

    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('Cleanup cancelled; nothing was deleted.');
    expect(names(sim, 'secrets')).toEqual(['virtwork-cpu-0-cloudinit']);
    expect(sim.stats().byVerb.deletecollection).toBeUndefined();
  });

  test('--dry-run lists every object that would go and deletes nothing', async ({ sim, auditDb }) => {
    seedRun(sim, 'run-a', { vms: 1, service: true });

    const cli = await cleanup(sim, auditDb, '--dry-run');

    expect(cli.code).toBe(0);
    expect(cli.stdout.split('\n').slice(0, 5)).toEqual([
      'Would delete from namespace virtwork (dry run, nothing deleted):',
      'KIND             NAME                       RUN ID',
      'VirtualMachine   virtwork-cpu-0             run-a',
      'Secret           virtwork-cpu-0-cloudinit   run-a',
      'Service          virtwork-cpu-server        run-a',
    ]);
    expect(names(sim, 'virtualmachines')).toEqual(['virtwork-cpu-0']);
    expect(Object.keys(sim.stats().byVerb)).toEqual(['list']);
  });

  test("--wait is bounded by the config file's timeout, as run's wait is", async ({ sim, auditDb }) => {
    // A managed Secret that another controller's finalizer holds: deleted, but never gone.
    sim.seed({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'virtwork-cpu-0-cloudinit', namespace: NAMESPACE, labels: managed('run-a', 'cpu'), finalizers: ['example.com/hold'] },
      type: 'Opaque',
    });
    const config = path.join(path.dirname(auditDb), 'virtwork.yaml');
    writeFileSync(config, 'timeout: 1\n');

    const cli = await cleanup(sim, auditDb, '--config', config, '--yes', '--wait');

    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('1 object(s) still present after 1s: Secret/virtwork-cpu-0-cloudinit');
  });

  test('--delete-namespace removes the namespace virtwork created once it is empty of others', async ({ sim, auditDb }) => {
    seedNamespace(sim, 'run-a');
    seedRun(sim, 'run-a', { vms: 1 });

    const cli = await cleanup(sim, auditDb, '--yes', '--delete-namespace', '--wait');

    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain(`Namespace ${NAMESPACE} deleted.`);
    expect(sim.get('namespaces', undefined, NAMESPACE)).toBeUndefined();
  });

  test('cleaning up 500 VMs with their Secrets and DataVolumes costs at most 50 requests', async ({ sim, auditDb }) => {
    seedRun(sim, 'run-big', { vms: 500, dataDisks: true, runStrategy: 'Halted' });
    await expect.poll(() => sim.list('datavolumes', NAMESPACE).length, { timeout: 20_000 }).toBe(500);
    sim.resetStats();

    const cli = await cleanup(sim, auditDb, '--yes', '-o', 'json');

    expect(cli.code).toBe(0);
    expect(resultOf(cli).deleted).toMatchObject({ VirtualMachine: 500, DataVolume: 500, Secret: 500 });
    expect(sim.stats().total).toBeLessThanOrEqual(50);
    expect(names(sim, 'secrets')).toEqual([]);
    expect(names(sim, 'datavolumes')).toEqual([]);
  });

  test('-A cleans every namespace holding virtwork objects, each audited as its own cleanup with its namespace and runs', async ({ sim, auditDb }) => {
    seedRun(sim, 'run-a', { vms: 1, runStrategy: 'Halted' });
    seedRun(sim, 'run-b', { vms: 2, runStrategy: 'Halted', namespace: 'team-b', service: true });
    seedForeign(sim, 'Secret', 'team-db-password', 'team-b');

    const cli = await cleanup(sim, auditDb, '-A', '--yes', '-o', 'json');

    expect(cli.code, cli.stderr).toBe(0);
    const results = JSON.parse(cli.stdout) as CleanupResult[];
    expect(results.map((r) => [r.plan.namespace, r.plan.runIds, r.deleted.VirtualMachine, r.deleted.Secret, r.deleted.Service])).toEqual([
      ['team-b', ['run-b'], 2, 2, 1],
      [NAMESPACE, ['run-a'], 1, 1, 0],
    ]);
    expect(names(sim, 'virtualmachines')).toEqual([]);
    expect(names(sim, 'virtualmachines', undefined, 'team-b')).toEqual([]);
    expect(names(sim, 'secrets', undefined, 'team-b')).toEqual(['team-db-password']);
    for (const result of results) {
      expect((await auditOf(auditDb, result.executionId))?.execution).toMatchObject({
        command: 'cleanup', status: 'success', namespace: result.plan.namespace, linkedRunIds: result.plan.runIds,
      });
    }
  });

  test('-l narrows a cleanup by label, and -A -l narrows it in every namespace', async ({ sim, auditDb }) => {
    seedRun(sim, 'run-a', { vms: 1, runStrategy: 'Halted' });
    seedRun(sim, 'run-m', { vms: 1, workload: 'memory', runStrategy: 'Halted' });
    seedRun(sim, 'run-b', { vms: 1, workload: 'memory', runStrategy: 'Halted', namespace: 'team-b' });

    const one = await cleanup(sim, auditDb, '-l', 'virtwork/workload=cpu', '--yes', '-o', 'json');
    const everywhere = await cleanup(sim, auditDb, '-A', '-l', 'virtwork/workload in (memory)', '--dry-run', '-o', 'json');

    expect(one.code, one.stderr).toBe(0);
    expect(resultOf(one).plan.labelSelector).toBe('app.kubernetes.io/managed-by=virtwork,virtwork/workload=cpu');
    expect(names(sim, 'virtualmachines')).toEqual(['virtwork-memory-0']);
    const dry = JSON.parse(everywhere.stdout) as CleanupResult[];
    expect(dry.map((r) => [r.plan.namespace, r.plan.objects.VirtualMachine.map((o) => o.name), r.dryRun])).toEqual([
      ['team-b', ['virtwork-memory-0'], true],
      [NAMESPACE, ['virtwork-memory-0'], true],
    ]);
    expect(names(sim, 'virtualmachines', undefined, 'team-b')).toEqual(['virtwork-memory-0']);
  });

  test('-A finding nothing says so and records nothing', async ({ sim, auditDb }) => {
    seedForeign(sim, 'Secret', 'team-db-password');

    const cli = await cleanup(sim, auditDb, '-A', '--yes');

    expect(cli).toMatchObject({ code: 0, stdout: 'No virtwork objects found in any namespace (selector app.kubernetes.io/managed-by=virtwork).\n' });
    const db = await openAuditDatabase(auditDb);
    try {
      expect(listExecutions(db)).toEqual([]);
    } finally {
      db.close();
    }
  });

  test('-A on a terminal asks once for every namespace; "n" cancels, recorded declined in each namespace\'s cleanup', async ({ sim, auditDb }) => {
    seedRun(sim, 'run-a', { vms: 1, runStrategy: 'Halted' });
    seedRun(sim, 'run-b', { vms: 2, runStrategy: 'Halted', namespace: 'team-b' });

    const cli = await cleanupOnTerminal(sim, auditDb, 'n\n', '-A', '-o', 'json');

    expect(cli.stderr).toBe('Delete 3 VirtualMachines and 3 Secrets in 2 namespaces (team-b, virtwork)? [y/N] ');
    expect(cli.code).toBe(0);
    const results = JSON.parse(cli.stdout) as CleanupResult[];
    expect(results.map((r) => [r.plan.namespace, r.cancelled])).toEqual([['team-b', true], [NAMESPACE, true]]);
    expect(names(sim, 'virtualmachines', undefined, 'team-b')).toHaveLength(2);
    for (const result of results) {
      expect((await auditOf(auditDb, result.executionId))?.execution).toMatchObject({ namespace: result.plan.namespace, status: 'declined' });
    }
  });

  test('--delete-namespace is refused with -A and with -l, before anything is listed (exit 2)', async ({ sim, auditDb }) => {
    seedNamespace(sim, 'run-a');
    seedRun(sim, 'run-a', { vms: 1, runStrategy: 'Halted' });

    const all = await cleanup(sim, auditDb, '-A', '--delete-namespace', '--yes');
    const selected = await cleanup(sim, auditDb, '-l', 'virtwork/workload=cpu', '--delete-namespace', '--yes');

    expect(all).toMatchObject({ code: 2, stdout: '' });
    expect(plainStderrLines(all.stderr)).toEqual(['error: --delete-namespace=with --all-namespaces: deletes one namespace at a time: name it with -n instead of -A']);
    expect(selected.code).toBe(2);
    expect(plainStderrLines(selected.stderr)).toEqual([
      'error: --delete-namespace=with --selector virtwork/workload=cpu: the namespace goes only once the cleanup empties it, ' +
        'and -l leaves the other virtwork objects; leave out -l, or --delete-namespace',
    ]);
    expect(sim.stats().byVerb.list).toBeUndefined();
    expect(names(sim, 'virtualmachines')).toEqual(['virtwork-cpu-0']);
  });

  test('--run-id takes a unique prefix, and the audit records the whole id; an ambiguous one deletes nothing (exit 2)', async ({ sim, auditDb }) => {
    seedRun(sim, '5b0c2f0e-aaaa', { vms: 1, runStrategy: 'Halted' });
    seedRun(sim, '5b0c9999-bbbb', { vms: 1, workload: 'memory', runStrategy: 'Halted' });

    const ambiguous = await cleanup(sim, auditDb, '--run-id', '5b0c', '--yes');
    const unique = await cleanup(sim, auditDb, '--run-id', '5b0c2', '--yes', '-o', 'json');

    expect(ambiguous.code).toBe(2);
    expect(plainStderrLines(ambiguous.stderr)).toEqual([
      'error: --run-id=5b0c: matches 2 run ids in namespace virtwork (5b0c2f0e-aaaa, 5b0c9999-bbbb); type more of the id',
    ]);
    expect(unique.code, unique.stderr).toBe(0);
    const result = resultOf(unique);
    expect(result.plan.labelSelector).toBe('app.kubernetes.io/managed-by=virtwork,virtwork/run-id=5b0c2f0e-aaaa');
    expect(names(sim, 'virtualmachines')).toEqual(['virtwork-memory-0']);
    expect((await auditOf(auditDb, result.executionId))?.execution).toMatchObject({ cleanupMode: 'run-id', linkedRunIds: ['5b0c2f0e-aaaa'] });
  });
});
