import type { V1Service } from '@kubernetes/client-node';
import type { V1VirtualMachine } from '@kubevirt-ui-ext/kubevirt-api/kubevirt';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/cloudinit/password.js';
import { DEFAULTS } from '../../src/constants.js';
import { InvalidInputError } from '../../src/errors.js';
import { buildRunPlan, MAX_DRY_RUN_VMS, MAX_PLANNED_VMS } from '../../src/orchestrator/plan.js';
import { builtins, describeWorkloads } from '../../src/workloads/registry.js';
import { runConfig } from './fake-workloads.js';
import { expectPlanInvariants, ofKind } from './plan-invariants.js';

const RUN_ID = 'c3d6f0a2-1b4e-4f8a-9c7d-2e5b8a1f0d63';
const ALL = builtins.map((w) => w.name);
const PASSWORD = 'correct horse battery staple';
const HASH = hashPassword(PASSWORD, 'fixedsaltfortest');

const planAll = (vmCount: number) =>
  buildRunPlan(
    runConfig({ workloads: ALL, vmCount, ssh: { user: 'virtwork', password: PASSWORD, authorizedKeys: ['ssh-ed25519 AAAAC3Nza tester'] } }),
    { runId: RUN_ID, passwordHash: HASH },
  );

describe('buildRunPlan with the built-in workloads', () => {
  it('plans all nine workloads', () => {
    expect(ALL).toEqual(['cpu', 'memory', 'disk', 'database', 'network', 'tps', 'chaos-disk', 'chaos-network', 'chaos-process']);
  });

  it('--vm-count 2 of all nine gives 2 VMs each, and 2 pairs each for network and tps', () => {
    const plan = planAll(2);
    const perWorkload = Object.fromEntries(ALL.map((name) => [name, plan.vms.filter((vm) => vm.workload === name).length]));
    expect(perWorkload).toEqual({
      cpu: 2,
      memory: 2,
      disk: 2,
      database: 2,
      network: 4,
      tps: 4,
      'chaos-disk': 2,
      'chaos-network': 2,
      'chaos-process': 2,
    });
    expect(plan.objects.map((obj) => obj.kind).reduce<Record<string, number>>((n, kind = '') => ({ ...n, [kind]: (n[kind] ?? 0) + 1 }), {})).toEqual({
      Namespace: 1,
      Service: 4,
      Secret: 22,
      VirtualMachine: 22,
    });
  });

  it('every object of that plan validates and every plan invariant holds', () => {
    expectPlanInvariants(planAll(2));
  });

  it('names the pairs and their Services as the workloads define them', () => {
    const plan = planAll(1);
    expect(plan.vms.filter((vm) => vm.role !== undefined).map((vm) => vm.name)).toEqual([
      'virtwork-network-0-server',
      'virtwork-network-0-client',
      'virtwork-tps-0-server',
      'virtwork-tps-0-client',
    ]);
    expect(ofKind<V1Service>(plan, 'Service').map((s) => [s.metadata?.name, s.spec?.selector])).toEqual([
      ['virtwork-network-0-server', { 'virtwork/workload': 'network', 'virtwork/role': 'server', 'virtwork/pair': '0' }],
      ['virtwork-tps-0-server', { 'virtwork/workload': 'tps', 'virtwork/role': 'server', 'virtwork/pair': '0' }],
    ]);
  });

  it.each(['network', 'tps'])('--vm-count 3 of %s gives one Service per pair, each selecting exactly its server', (workload) => {
    const plan = buildRunPlan(runConfig({ workloads: [workload], vmCount: 3 }), { runId: RUN_ID });
    const vms = ofKind<V1VirtualMachine>(plan, 'VirtualMachine');
    const services = ofKind<V1Service>(plan, 'Service');
    expect(services.map((s) => s.metadata?.name)).toEqual([0, 1, 2].map((i) => `virtwork-${workload}-${i}-server`));
    for (const service of services) {
      const selected = vms.filter((vm) =>
        Object.entries(service.spec?.selector ?? {}).every(([k, v]) => vm.spec.template.metadata?.labels?.[k] === v),
      );
      expect(selected.map((vm) => vm.metadata?.name)).toEqual([service.metadata?.name]);
    }
    // each client is written for its own pair's server, by its short name
    for (const i of [0, 1, 2]) {
      const client = plan.vms.find((vm) => vm.name === `virtwork-${workload}-${i}-client`);
      expect(client?.userdata).toContain(`host=virtwork-${workload}-${i}-server\n`);
    }
    expectPlanInvariants(plan);
  });

  it('with a cluster domain, clients name their server by its fully qualified Service name', () => {
    const plan = buildRunPlan(runConfig({ workloads: ['network'], vmCount: 2, clusterDomain: 'cluster.example' }), { runId: RUN_ID });
    const client = plan.vms.find((vm) => vm.name === 'virtwork-network-1-client');
    expect(client?.userdata).toContain(`host=virtwork-network-1-server.${plan.namespace}.svc.cluster.example\n`);
    expectPlanInvariants(plan);
  });

  it.each(['guest-agent', 'running'] as const)('with --readiness %s, every plan invariant holds', (readiness) => {
    expectPlanInvariants(buildRunPlan(runConfig({ workloads: ALL, vmCount: 1, readiness }), { runId: RUN_ID }));
  });

  it('gives DataVolumes to exactly the workloads that declare a data disk', () => {
    const plan = planAll(1);
    const withDisks = ofKind<V1VirtualMachine>(plan, 'VirtualMachine')
      .filter((vm) => (vm.spec.dataVolumeTemplates ?? []).length > 0)
      .map((vm) => vm.metadata?.labels?.['virtwork/workload']);
    expect(withDisks).toEqual(describeWorkloads().filter((w) => w.dataDisk).map((w) => w.name));
    expect(withDisks).toEqual(['disk', 'database', 'chaos-disk']);
  });

  it('plans as many VMs per --vm-count as each workload says it needs', () => {
    for (const { name, vmsPerCount } of describeWorkloads()) {
      const plan = buildRunPlan(runConfig({ workloads: [name], vmCount: 3 }), { runId: RUN_ID });
      expect(plan.vms, name).toHaveLength(3 * vmsPerCount);
    }
  });

  it('runs the six default workloads without naming any', () => {
    const plan = buildRunPlan(runConfig({ workloads: [...DEFAULTS.workloads] }), { runId: RUN_ID });
    expect([...new Set(plan.vms.map((vm) => vm.workload))]).toEqual(['cpu', 'memory', 'disk', 'database', 'network', 'tps']);
    expectPlanInvariants(plan);
  });

  it('puts the password hash in the user data and never the password', () => {
    const plan = planAll(1);
    expect(plan.vms.every((vm) => vm.userdata.includes(HASH))).toBe(true);
    expect(JSON.stringify(plan)).not.toContain(PASSWORD);
  });

  it('passes params through to the guest', () => {
    const plan = buildRunPlan(runConfig({ workloads: ['cpu'], params: { cpu: { 'cpu-load-percent': '50' } } }), { runId: RUN_ID });
    expect(plan.vms[0]?.userdata).toContain('--cpu-load 50');
  });

  it('refuses an unknown param with a did-you-mean', () => {
    const config = runConfig({ workloads: ['cpu', 'disk'], params: { disk: { numjob: '8' } } });
    expect(() => buildRunPlan(config, { runId: RUN_ID })).toThrow(InvalidInputError);
    expect(() => buildRunPlan(config, { runId: RUN_ID })).toThrow(/--params disk\.numjob.*did you mean disk\.numjobs\?/);
  });

  it('refuses an unknown workload with a did-you-mean', () => {
    expect(() => buildRunPlan(runConfig({ workloads: ['cpus'] }), { runId: RUN_ID })).toThrow(/did you mean cpu\?/);
  });
});

describe('buildRunPlan size bounds', () => {
  it('plans a dry run beyond what a cluster run tracks, builds none of its objects up front, and refuses that run on a cluster', () => {
    const plan = buildRunPlan(runConfig({ workloads: ['cpu'], vmCount: MAX_PLANNED_VMS + 1, dryRun: true }), { runId: RUN_ID });
    expect(plan.vms).toHaveLength(MAX_PLANNED_VMS + 1);
    expect(plan.kinds.map((planned) => [planned.kind, planned.names.length])).toEqual([
      ['Namespace', 1],
      ['Secret', MAX_PLANNED_VMS + 1],
      ['VirtualMachine', MAX_PLANNED_VMS + 1],
    ]);
    // each iteration builds the objects anew: nothing is kept by the plan
    const [first] = plan.kinds[2] ?? [];
    const [again] = plan.kinds[2] ?? [];
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
    expect(() => buildRunPlan(runConfig({ workloads: ['cpu'], vmCount: MAX_PLANNED_VMS + 1, dryRun: false }), { runId: RUN_ID })).toThrow(
      /this run would create 10001 VMs, and one run creates and tracks at most 10000/,
    );
    expect(() => buildRunPlan(runConfig({ workloads: ['cpu'], vmCount: MAX_DRY_RUN_VMS + 1, dryRun: true }), { runId: RUN_ID })).toThrow(
      /this dry run would print 100001 VMs, and one dry run prints at most 100000/,
    );
  });
});
