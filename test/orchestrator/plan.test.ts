import type { V1Service } from '@kubernetes/client-node';
import type { V1VirtualMachine } from '@kubevirt-ui-ext/kubevirt-api/kubevirt';
import { describe, expect, it } from 'vitest';
import { InvalidParamError } from '../../src/workloads/params.js';
import type { WorkloadFactory } from '../../src/orchestrator/plan.js';
import { buildRunPlan, selectWorkloads } from '../../src/orchestrator/plan.js';
import { fakeFactory, runConfig } from './fake-workloads.js';
import { expectPlanInvariants, ofKind } from './plan-invariants.js';

const RUN_ID = '5a0a8f8e-9d7e-4a3b-8a55-0e2f4c1b7d93';
const HASH = '$6$saltsalt$fakehashonlyfortests';

const names = (plan: { vms: readonly { name: string }[] }) => plan.vms.map((vm) => vm.name);

describe('buildRunPlan with fake workloads', () => {
  it('holds every plan invariant, with several VMs of each kind', () => {
    expectPlanInvariants(buildRunPlan(runConfig({ vmCount: 2 }), { runId: RUN_ID, passwordHash: HASH }, fakeFactory()));
  });

  it('lists objects in creation order: Namespace, Services, Secrets, VirtualMachines', () => {
    const plan = buildRunPlan(runConfig(), { runId: RUN_ID }, fakeFactory());
    expect(plan.objects.map((obj) => `${obj.kind}/${obj.metadata?.name}`)).toEqual([
      'Namespace/virtwork-test',
      'Service/virtwork-echo-0-server',
      'Secret/virtwork-store-0-cloudinit',
      'Secret/virtwork-spin-0-cloudinit',
      'Secret/virtwork-echo-0-server-cloudinit',
      'Secret/virtwork-echo-0-client-cloudinit',
      'VirtualMachine/virtwork-store-0',
      'VirtualMachine/virtwork-spin-0',
      'VirtualMachine/virtwork-echo-0-server',
      'VirtualMachine/virtwork-echo-0-client',
    ]);
  });

  it('numbers the VMs of a single-role workload 0..N-1', () => {
    const plan = buildRunPlan(runConfig({ workloads: ['spin'], vmCount: 3 }), { runId: RUN_ID }, fakeFactory());
    expect(names(plan)).toEqual(['virtwork-spin-0', 'virtwork-spin-1', 'virtwork-spin-2']);
    expect(plan.vms.map((vm) => [vm.index, vm.role])).toEqual([[0, undefined], [1, undefined], [2, undefined]]);
  });

  it('gives a multi-VM workload one VM per role for each index', () => {
    const plan = buildRunPlan(runConfig({ workloads: ['echo'], vmCount: 2 }), { runId: RUN_ID }, fakeFactory());
    expect(names(plan)).toEqual(['virtwork-echo-0-server', 'virtwork-echo-0-client', 'virtwork-echo-1-server', 'virtwork-echo-1-client']);
    expect(plan.vms.map((vm) => vm.unitNames)).toEqual([
      ['virtwork-echo-server.service'],
      ['virtwork-echo-client.service'],
      ['virtwork-echo-server.service'],
      ['virtwork-echo-client.service'],
    ]);
  });

  it('puts one Service in front of each pair’s server, named after it, and none in front of the clients', () => {
    const plan = buildRunPlan(runConfig({ workloads: ['echo'], vmCount: 2 }), { runId: RUN_ID }, fakeFactory());
    const vms = ofKind<V1VirtualMachine>(plan, 'VirtualMachine');
    const selectedBy = (service: V1Service): (string | undefined)[] =>
      vms
        .filter((vm) => Object.entries(service.spec?.selector ?? {}).every(([key, value]) => vm.spec.template.metadata?.labels?.[key] === value))
        .map((vm) => vm.metadata?.name);
    expect(ofKind<V1Service>(plan, 'Service').map((s) => [s.metadata?.name, selectedBy(s)])).toEqual([
      ['virtwork-echo-0-server', ['virtwork-echo-0-server']],
      ['virtwork-echo-1-server', ['virtwork-echo-1-server']],
    ]);
    expect(vms.map((vm) => vm.metadata?.labels?.['virtwork/pair'])).toEqual(['0', '0', '1', '1']);
  });

  it('refuses, as a bug, a Service that selects a role the workload does not have', () => {
    expect(() => buildRunPlan(runConfig({ workloads: ['echo'] }), { runId: RUN_ID }, fakeFactory({ selectorRole: 'srv' }))).toThrow(
      /selects role srv, which it does not have \(roles: server, client\)/,
    );
  });

  it('gives every VM of a disk workload its own DataVolume', () => {
    const plan = buildRunPlan(runConfig({ workloads: ['store'], vmCount: 2 }), { runId: RUN_ID }, fakeFactory());
    const dataVolumes = ofKind<V1VirtualMachine>(plan, 'VirtualMachine').flatMap((vm) => vm.spec.dataVolumeTemplates ?? []);
    expect(dataVolumes.map((dv) => [dv.metadata?.name, dv.spec.storage?.resources?.requests?.storage])).toEqual([
      ['virtwork-store-0-data', '10Gi'],
      ['virtwork-store-1-data', '10Gi'],
    ]);
  });

  it('carries image, resources and user data into each VM plan', () => {
    const plan = buildRunPlan(runConfig({ workloads: ['spin'], containerDiskImage: 'quay.io/containerdisks/debian:12' }), { runId: RUN_ID }, fakeFactory());
    expect(plan.vms[0]).toMatchObject({
      name: 'virtwork-spin-0',
      workload: 'spin',
      index: 0,
      cpuCores: 2,
      memory: '2Gi',
      image: 'quay.io/containerdisks/debian:12',
      secretName: 'virtwork-spin-0-cloudinit',
      unitNames: ['virtwork-spin.service'],
      dataDisks: [],
    });
    expect(plan.vms[0]?.userdata).toMatch(/^#cloud-config\n# spin in virtwork-test for virtwork/);
  });

  it('hands the workloads the namespace, SSH user, keys and the password hash, never a plain password', () => {
    const factory = fakeFactory();
    const config = runConfig({ ssh: { user: 'ops', password: 'plain-secret', authorizedKeys: ['ssh-ed25519 AAAA k'] } });
    buildRunPlan(config, { runId: RUN_ID, passwordHash: HASH }, factory);
    expect(factory.created[0]?.ctx).toEqual({
      namespace: 'virtwork-test',
      ssh: { user: 'ops', passwordHash: HASH, authorizedKeys: ['ssh-ed25519 AAAA k'] },
      guestOs: 'fedora',
      skipPackageInstall: false,
      readiness: 'http',
    });
    expect(JSON.stringify(factory.created)).not.toContain('plain-secret');
  });

  it('refuses a configured password without its hash rather than drop it', () => {
    const config = runConfig({ ssh: { user: 'ops', password: 'plain-secret', authorizedKeys: [] } });
    expect(() => buildRunPlan(config, { runId: RUN_ID }, fakeFactory())).toThrow(/no passwordHash/);
  });

  it('is deterministic: the same config and run id give the same plan', () => {
    const plan = () => buildRunPlan(runConfig({ vmCount: 2 }), { runId: RUN_ID, passwordHash: HASH }, fakeFactory());
    expect(plan()).toEqual(plan());
  });

  it('passes a bad param up as the InvalidParamError naming its workload and key, which the CLI maps to where it was set', () => {
    const config = runConfig({ workloads: ['spin', 'echo'], params: { echo: { bogus: 1 } } });
    let thrown: unknown;
    try {
      buildRunPlan(config, { runId: RUN_ID }, fakeFactory());
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidParamError);
    expect(thrown).toMatchObject({ workload: 'echo', key: 'bogus', field: '--params echo.bogus', value: 1 });
  });

  it('keeps each workload with its params as built (parsed once), in the order given', () => {
    const factory = fakeFactory();
    const plan = buildRunPlan(runConfig({ workloads: ['echo', 'spin'], params: { spin: { load: '80' } } }), { runId: RUN_ID }, factory);
    expect(plan.workloads).toEqual([
      { name: 'echo', params: { load: 50 } },
      { name: 'spin', params: { load: '80' } },
    ]);
    expect(factory.created.map((c) => c.name)).toEqual(['echo', 'spin']);
  });

  it('refuses two planned objects of one kind with one name', () => {
    const factory = fakeFactory();
    // Two workloads whose VMs come out with the same names, as two catalog entries could.
    const clashing: WorkloadFactory = {
      createWorkload: (_name, config, ctx) => factory.createWorkload('spin', config, ctx),
    };
    expect(() => buildRunPlan(runConfig({ workloads: ['spin', 'store'] }), { runId: RUN_ID }, clashing)).toThrow(
      'Secret name=virtwork-spin-0-cloudinit: two planned objects share this name',
    );
  });
});

describe('buildRunPlan refuses before anything is built to be sent', () => {
  it('a VM its builder would refuse (a unit name that is no systemd service name), though objects are built only when iterated', () => {
    const factory = fakeFactory();
    const badUnits: WorkloadFactory = {
      createWorkload: (name, config, ctx) => {
        const workload = factory.createWorkload(name, config, ctx);
        return Object.assign(Object.create(workload) as typeof workload, { unitNames: () => ['not a unit'] });
      },
    };
    expect(() => buildRunPlan(runConfig({ workloads: ['spin'], vmCount: 3 }), { runId: RUN_ID }, badUnits)).toThrow(/unit name "not a unit"/);
  });
});

describe('selectWorkloads', () => {
  it('keeps the order given and applies the global values', () => {
    const selected = selectWorkloads(runConfig({ workloads: ['echo', 'spin'], vmCount: 3, cpuCores: 4, memory: '8Gi', diskSize: '50Gi' }));
    expect(selected).toEqual([
      { name: 'echo', config: { vmCount: 3, cpuCores: 4, memory: '8Gi', diskSize: '50Gi', params: {} } },
      { name: 'spin', config: { vmCount: 3, cpuCores: 4, memory: '8Gi', diskSize: '50Gi', params: {} } },
    ]);
  });

  it('lets workloads.<name> override count, cores and memory of that workload only', () => {
    const config = runConfig({ workloads: ['store', 'spin'], workloadOverrides: { spin: { vmCount: 5, cpuCores: 1, memory: '512Mi' } } });
    expect(selectWorkloads(config).map((w) => [w.name, w.config.vmCount, w.config.cpuCores, w.config.memory])).toEqual([
      ['store', 1, 2, '2Gi'],
      ['spin', 5, 1, '512Mi'],
    ]);
  });

  it("gives each workload its own params (already merged from every source) and no other's", () => {
    const config = runConfig({ workloads: ['spin', 'echo'], params: { spin: { load: '50' }, store: { ignored: 'x' } } });
    expect(selectWorkloads(config).map((w) => [w.name, w.config.params])).toEqual([
      ['spin', { load: '50' }],
      ['echo', {}],
    ]);
  });
});
