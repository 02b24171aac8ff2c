/**
 * deploy/'s RBAC, proven against the simulator: its objects applied with `kubectl apply`, the CLI
 * run as its ServiceAccount with the in-cluster configuration, every command the Jobs and a person
 * with `kubectl exec` would run succeeds with the exact rules; then each rule is taken away in turn
 * and the command that needs it fails with the RBAC error naming it, or takes its documented
 * fallback. One simulator for all of it: only the Role or ClusterRole changes between cases.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { V1ClusterRole, V1PolicyRule, V1Role } from '@kubernetes/client-node';
import type { V1VirtualMachine } from '@kubevirt-ui-ext/kubevirt-api/kubevirt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startSimCluster, type SimCluster } from '../../sim/index.js';
import { BUILD_TIMEOUT_MS, ensureBuilt, plainStderrLines, type CliResult } from '../e2e/support/cli.js';
import { schemasSkipReason } from '../support/k8s-schemas.js';
import { inClusterSkipReason, runInCluster, writeServiceAccountVolume, type PodIdentity } from './in-cluster.js';
import { configYaml, find, kubectlSkipReason, renderDeploy } from './render.js';

const NAMESPACE = 'virtwork';
const SA_USER = `system:serviceaccount:${NAMESPACE}:virtwork`;
/** What the simulator serves of deploy/: everything but the Jobs and the CronJob (no batch group), which the CLI runs stand in for. */
const SERVED_KINDS = new Set(['Namespace', 'ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'PersistentVolumeClaim']);

const skip = [kubectlSkipReason, schemasSkipReason, inClusterSkipReason].find((reason) => reason !== '') ?? '';

describe.skipIf(skip !== '')(`deploy/ RBAC, enforced by the simulator ${skip}`, () => {
  const objects = skip === '' ? renderDeploy() : [];
  let sim: SimCluster;
  let dir: string;
  let volume: string;
  let pod: PodIdentity;
  let env: Record<string, string>;

  /** kubectl as the cluster's administrator (asynchronous: the simulator answers from this process). */
  const kubectl = async (...args: string[]): Promise<string> =>
    (await promisify(execFile)('kubectl', ['--kubeconfig', sim.kubeconfigPath, ...args], { encoding: 'utf8' })).stdout;

  /** `virtwork <args>` as the Job's pod runs it. */
  const virtwork = (...args: string[]): Promise<CliResult> => runInCluster(pod, volume, args, env);

  beforeAll(async () => {
    await ensureBuilt();
    sim = await startSimCluster({ tls: true, token: 'cluster-admin', readyAfterMs: 20 });
    dir = mkdtempSync(path.join(tmpdir(), 'virtwork-deploy-rbac-'));
    const served = objects.filter((o) => SERVED_KINDS.has(o.kind ?? ''));
    const manifests = path.join(dir, 'deploy.yaml');
    writeFileSync(manifests, served.map((o) => stringify(o)).join('---\n'));
    await kubectl('apply', '-f', manifests);
    pod = { token: sim.serviceAccountToken(NAMESPACE, 'virtwork'), caCert: sim.caCert ?? '', namespace: NAMESPACE, url: sim.url };
    volume = writeServiceAccountVolume(dir, pod);
    // The ConfigMap's config.yaml as the Jobs mount it; the audit database where the image's /data volume would be.
    writeFileSync(path.join(dir, 'config.yaml'), configYaml(objects));
    env = { VIRTWORK_CONFIG: path.join(dir, 'config.yaml'), VIRTWORK_AUDIT_DB: path.join(dir, 'virtwork.db') };
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await sim?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('run, status, cleanup --wait, cleanup --delete-namespace and doctor succeed as the ServiceAccount', async () => {
    const run = await virtwork('run');
    expect(run.code, run.stderr).toBe(0);
    const vms = sim.list('virtualmachines', NAMESPACE).map((vm) => vm.metadata.name);
    expect(vms.length).toBeGreaterThan(0);

    const status = await virtwork('status');
    expect(status.code, status.stderr).toBe(0);
    for (const vm of vms) expect(status.stdout).toContain(vm);

    const cleanup = await virtwork('cleanup', '--yes', '--wait');
    expect(cleanup.code, cleanup.stderr).toBe(0);
    expect(sim.list('virtualmachines', NAMESPACE)).toEqual([]);
    expect(sim.list('secrets', NAMESPACE, 'app.kubernetes.io/managed-by=virtwork')).toEqual([]);

    const deleteNamespace = await virtwork('cleanup', '--yes', '--delete-namespace');
    expect(deleteNamespace.code, deleteNamespace.stderr).toBe(0);
    expect(deleteNamespace.stdout).toContain('was not created by virtwork');
    expect(sim.get('namespaces', undefined, NAMESPACE)).toBeDefined();

    const doctor = await virtwork('doctor');
    expect(doctor.code, `${doctor.stdout}\n${doctor.stderr}`).toBe(0);
  }, 120_000);

  /** Every verb of every resource the Role and the ClusterRole grant, one case each. */
  const granted = (kind: 'Role' | 'ClusterRole'): Permission[] =>
    (find<V1Role | V1ClusterRole>(objects, kind, kind === 'Role' ? 'virtwork' : 'virtwork-doctor').rules ?? []).flatMap((rule) =>
      (rule.resources ?? []).flatMap((resource) =>
        rule.verbs.map((verb) => ({ kind, group: rule.apiGroups?.[0] ?? '', resource, verb }))));
  const permissions = skip === '' ? [...granted('Role'), ...granted('ClusterRole')] : [];

  it('every rule of deploy/ is needed by a command (no rule without a case below)', () => {
    expect(permissions.map(keyOf).sort()).toEqual(Object.keys(WITHOUT).sort());
  });

  /** The role as deploy/ has it, less one verb on one resource (a rule left with nothing is dropped). */
  const without = (kind: 'Role' | 'ClusterRole', removed?: Permission): V1Role | V1ClusterRole => {
    const role = find<V1Role | V1ClusterRole>(objects, kind, kind === 'Role' ? 'virtwork' : 'virtwork-doctor');
    const rules = (role.rules ?? []).flatMap((rule): V1PolicyRule[] =>
      (rule.resources ?? []).map((resource) => ({
        ...rule,
        resources: [resource],
        verbs: rule.verbs.filter((verb) => !(removed !== undefined && removed.resource === resource && removed.verb === verb && (rule.apiGroups ?? []).includes(removed.group))),
      })).filter((r) => r.verbs.length > 0));
    return { ...role, rules };
  };

  /** Puts the roles of deploy/ back, but for `removed`. */
  const applyRoles = async (removed?: Permission): Promise<void> => {
    const file = path.join(dir, 'roles.yaml');
    writeFileSync(file, [without('Role', removed), without('ClusterRole', removed)].map((o) => stringify(o)).join('---\n'));
    await kubectl('apply', '-f', file);
  };

  it.each(permissions.map((p) => [keyOf(p), p] as const))('without %s', async (_key, permission) => {
    const expectation = WITHOUT[keyOf(permission)];
    if (expectation === undefined) throw new Error(`no case for ${keyOf(permission)}`);
    if (expectation.before !== undefined) {
      await applyRoles();
      const before = await virtwork(...expectation.before);
      expect(before.code, before.stderr).toBe(0);
    }
    const seed = expectation.seed === undefined ? undefined : await expectation.seed(virtwork);
    if (seed !== undefined) {
      const file = path.join(dir, 'seed.yaml');
      writeFileSync(file, stringify(seed));
      await kubectl('apply', '-f', file);
    }
    await applyRoles(permission);
    sim.resetStats();
    const result = await virtwork(...expectation.command);
    const output = `${result.stdout}\n${result.stderr}`;
    const denial = `User "${SA_USER}" cannot ${expectation.refused ?? permission.verb} resource "${permission.resource}" in API group "${permission.group}"`;
    if (expectation.fallback === undefined) {
      expect(result.code, output).not.toBe(0);
      expect(output).toContain(denial);
      expect(plainStderrLines(result.stderr).join('\n') + result.stdout).toContain(`needs RBAC permission ${qualified(permission)} "${permission.verb}"`);
    } else {
      expect(output).toContain(expectation.fallback);
      if (expectation.refused === undefined) expect(result.code, output).toBe(expectation.code ?? 0);
      else expect(output).toContain(denial); // the stand-in verb is not granted either: named, as the rule to add
      expectation.check?.(sim);
    }
    await applyRoles();
  }, 60_000);
});

interface Permission {
  readonly kind: 'Role' | 'ClusterRole';
  readonly group: string;
  readonly resource: string;
  readonly verb: string;
}

const keyOf = (p: Pick<Permission, 'resource' | 'verb'>): string => `${p.verb} ${p.resource}`;
const qualified = (p: Permission): string => (p.group === '' ? p.resource : `${p.resource}.${p.group}`);

interface Expectation {
  /** The command that needs the rule. */
  readonly command: readonly string[];
  /** What to run first with every rule: a run, so there is something to delete; a cleanup, so nothing is there yet. */
  readonly before?: readonly string[];
  /** An object the administrator creates first (made with the CLI's help when it needs to). */
  readonly seed?: (cli: (...args: string[]) => Promise<CliResult>) => Promise<object>;
  /** What the CLI says when it takes its fallback. */
  readonly fallback?: string;
  /** The verb the server then refuses, when it is not the removed one. */
  readonly refused?: string;
  /** The exit code when the fallback is taken (0 unless said). */
  readonly code?: number;
  /** More to check of a fallback, in the simulator's request log. */
  readonly check?: (sim: SimCluster) => void;
}

// Without --wait: what could not be deleted would be waited for until the timeout.
const DELETE_ONE_BY_ONE = (): Expectation => ({
  command: ['cleanup', '--yes'],
  before: ['run'],
  fallback: 'deletecollection refused; deleting one by one',
  refused: 'delete',
});

/** `virtwork-cpu-0` as `run --dry-run` makes it, its cloud-init volume pointing at a Secret nobody creates. */
const vmWithoutItsSecret = async (cli: (...args: string[]) => Promise<CliResult>): Promise<V1VirtualMachine> => {
  const dryRun = await cli('run', '--dry-run', '--workloads', 'cpu', '-o', 'json');
  const vm = (JSON.parse(dryRun.stdout) as { items: V1VirtualMachine[] }).items.find((o) => o.kind === 'VirtualMachine');
  for (const volume of vm?.spec?.template?.spec?.volumes ?? []) {
    if (volume.cloudInitNoCloud?.secretRef) volume.cloudInitNoCloud.secretRef.name = 'virtwork-cpu-0-nowhere';
  }
  if (vm === undefined) throw new Error(`run --dry-run made no VirtualMachine: ${dryRun.stderr}`);
  return vm;
};

const RUN: Expectation = { command: ['run'] };
const STATUS: Expectation = { command: ['status'] };
const CLEANUP: Expectation = { command: ['cleanup', '--yes', '--wait'] };
/** doctor reports what it cannot read as a warning naming it, and checks the rest. */
const DOCTOR_SKIPS = (warning: string): Expectation => ({ command: ['doctor'], fallback: `${warning} (forbidden)` });

/** For each rule, the command that needs it and what it does without it. */
const WITHOUT: Readonly<Record<string, Expectation>> = {
  'create virtualmachines': RUN,
  'list virtualmachines': STATUS,
  'deletecollection virtualmachines': DELETE_ONE_BY_ONE(),
  'list virtualmachineinstances': STATUS,
  'watch virtualmachineinstances': {
    command: ['run'],
    before: ['cleanup', '--yes', '--wait'],
    fallback: 'watching VMIs is not allowed; polling instead',
    check: (sim) => {
      const vmiRequests = sim.requests().filter((r) => r.resource === 'virtualmachineinstances');
      expect(vmiRequests.filter((r) => r.verb === 'watch').map((r) => r.status)).toEqual([403]);
      expect(vmiRequests.filter((r) => r.verb === 'list').length).toBeGreaterThan(1);
    },
  },
  'list datavolumes': CLEANUP,
  'deletecollection datavolumes': DELETE_ONE_BY_ONE(),
  'list persistentvolumeclaims': CLEANUP,
  // CDI labels the claims of DataVolumes managed-by=cdi-controller (they go with their DataVolume), so
  // cleanup deletes claims only when something else labelled them virtwork's, as here.
  'deletecollection persistentvolumeclaims': {
    command: ['cleanup', '--yes'],
    fallback: 'deletecollection refused; deleting one by one',
    refused: 'delete',
    seed: () => Promise.resolve({
      apiVersion: 'v1', kind: 'PersistentVolumeClaim',
      metadata: { name: 'virtwork-scratch', namespace: NAMESPACE, labels: { 'app.kubernetes.io/managed-by': 'virtwork', 'virtwork/run-id': '00000000-0000-4000-8000-000000000000' } },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    }),
  },
  'create secrets': RUN,
  'list secrets': CLEANUP,
  'deletecollection secrets': DELETE_ONE_BY_ONE(),
  'create services': RUN,
  'list services': CLEANUP,
  'deletecollection services': DELETE_ONE_BY_ONE(),
  'get namespaces': { command: ['cleanup', '--yes', '--delete-namespace'] },
  // A VM (as run would make it) whose cloud-init Secret does not exist: its VMI stays in Scheduling,
  // and run, finding it, looks for the kubelet's FailedMount events after 5 s.
  'list events': {
    command: ['run', '--workloads', 'cpu', '--timeout', '12s'],
    before: ['cleanup', '--yes', '--wait'],
    seed: vmWithoutItsSecret,
    fallback: 'cannot list launcher pod events; a missing cloud-init Secret shows only as a timeout',
    code: 3,
  },
  'list nodes': DOCTOR_SKIPS('cannot list nodes'),
  'list storageclasses': DOCTOR_SKIPS('cannot list storageclasses'),
  'get storageprofiles': DOCTOR_SKIPS('cannot read the StorageProfile of ocs-storagecluster-ceph-rbd-virtualization'),
  'list cdis': DOCTOR_SKIPS('cannot list cdis.cdi.kubevirt.io'),
  'list kubevirts': DOCTOR_SKIPS('cannot list kubevirts.kubevirt.io in all namespaces'),
};
