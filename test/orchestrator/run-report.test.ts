/** The cleanup hint of a run report: it finds what the run reports, on the same cluster, or is absent. */
import { describe, expect, it } from 'vitest';
import type { CreateResult } from '../../src/kube/create.js';
import { buildRunPlan } from '../../src/orchestrator/plan.js';
import { buildRunReport, cleanupCommandFor } from '../../src/orchestrator/run-report.js';
import { fakeFactory, runConfig } from './fake-workloads.js';

const RUN_ID = 'run-new';
const plan = buildRunPlan(runConfig({ workloads: ['spin'] }), { runId: RUN_ID }, fakeFactory());
const answered = (outcome: CreateResult['outcome']): CreateResult[] =>
  plan.objects.map((o) => ({ kind: o.kind ?? '', name: o.metadata?.name ?? '', outcome, answeredAt: 0 }));
const vmsOf = (results: CreateResult[]) => new Map(results.filter((r) => r.kind === 'VirtualMachine').map((r) => [r.name, r]));

describe('the cleanup hint', () => {
  it("names this run when it created objects, with the run's --kubeconfig, --context and -n", () => {
    const confirmed = answered('created');
    const report = buildRunReport({ plan, created: vmsOf(confirmed), confirmed, clusterFlags: { kubeconfig: '/home/me/my kube', context: 'prod' } });

    expect(report.cleanupCommand).toBe(`virtwork cleanup --run-id ${RUN_ID} --kubeconfig '/home/me/my kube' --context prod -n ${plan.namespace}`);
  });

  it('names the run that owns the objects when all of them were already there', () => {
    const confirmed = answered('existing');
    const owners = new Map(confirmed.filter((r) => r.kind !== 'Namespace').map((r) => [`${r.kind}/${r.name}`, 'run-old']));
    const report = buildRunReport({ plan, created: vmsOf(confirmed), confirmed, owners });

    expect(report.cleanupCommand).toBe(`virtwork cleanup --run-id run-old -n ${plan.namespace}`);
    expect(report.vms.map((vm) => [vm.existing, vm.ownerRunId])).toEqual(report.vms.map(() => [true, 'run-old']));
  });

  it('is absent when the run created nothing and no run owns what it found', () => {
    const confirmed = answered('existing');
    const report = buildRunReport({ plan, created: vmsOf(confirmed), confirmed });

    expect(report.cleanupCommand).toBeUndefined();
  });

  it('selects several owning runs by label, quoted for the shell', () => {
    expect(cleanupCommandFor(['a', 'b'], 'ns')).toBe("virtwork cleanup -l 'virtwork/run-id in (a,b)' -n ns");
  });
});
