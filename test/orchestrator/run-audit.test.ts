import { describe, expect, it } from 'vitest';
import type { Auditor } from '../../src/audit/auditor.js';
import { InternalError, InterruptedError, NotReadyError } from '../../src/errors.js';
import { buildRunPlan } from '../../src/orchestrator/plan.js';
import { RunAudit } from '../../src/orchestrator/run-audit.js';
import type { RunReport } from '../../src/orchestrator/run-report.js';
import { fakeFactory, runConfig } from './fake-workloads.js';

const RUN_ID = '5f0c4a1e-2222-4333-8444-555566667777';

/** An Auditor that keeps every call, by method, in order. */
const recordingAuditor = (): Auditor & { readonly calls: [string, unknown[]][] } => {
  const calls: [string, unknown[]][] = [];
  return new Proxy({ calls } as unknown as Auditor & { calls: [string, unknown[]][] }, {
    get: (target, name) => (name === 'calls' ? target.calls : (...args: unknown[]) => void calls.push([String(name), args])),
  });
};

const setUp = () => {
  const config = runConfig({ workloads: ['spin', 'echo'], params: { spin: { load: '80' } } });
  const plan = buildRunPlan(config, { runId: RUN_ID }, fakeFactory());
  const auditor = recordingAuditor();
  return { config, plan, auditor, audit: RunAudit.start(auditor, config, plan) };
};

const report = (failure?: RunReport['failure']): RunReport => ({
  runId: RUN_ID,
  namespace: 'virtwork-test',
  readiness: 'http',
  vms: [{ name: 'virtwork-spin-0', workload: 'spin', phase: 'Running', ready: true, existing: false, failed: false }],
  totals: { planned: 1, created: 1, existing: 0, ready: 1, notReady: 0, failed: 0 },
  cleanupCommand: 'virtwork cleanup',
  waited: true,
  waitStopped: false,
  createdObjects: {},
  ...(failure && { failure }),
});

const ends = (auditor: ReturnType<typeof recordingAuditor>) => auditor.calls.filter(([name]) => name === 'completeExecution').map(([, args]) => args[1]);

describe('RunAudit', () => {
  it('starts the execution with the plan: its workloads with the params they were built with, and its VMs as planned', () => {
    const { auditor } = setUp();
    expect(auditor.calls.map(([name]) => name)).toEqual(['startExecution', 'recordWorkloads', 'recordVms']);
    const workloads = auditor.calls[1]?.[1][1] as { workloadType: string; params: unknown }[];
    expect(workloads.map((w) => [w.workloadType, w.params])).toEqual([
      ['spin', { load: '80' }],
      ['echo', { load: 50 }],
    ]);
  });

  it('ends once with the report: its final phases, then its status', () => {
    const { auditor, audit } = setUp();
    audit.end({ report: report() });
    expect(auditor.calls.map(([name]) => name).slice(3)).toEqual(['updateVms', 'updateWorkloads', 'completeExecution']);
    expect(ends(auditor)).toEqual([{ status: 'success' }]);
  });

  it("records a report's failure as the outcome, with a timeout event per VM that was not ready", () => {
    const { auditor, audit } = setUp();
    audit.end({ report: report(new NotReadyError('1 VM not ready: virtwork-spin-0', ['virtwork-spin-0'])) });
    expect(auditor.calls.filter(([name]) => name === 'recordEvent').map(([, args]) => (args[1] as { type: string }).type)).toEqual(['vm_timeout']);
    expect(ends(auditor)).toEqual([{ status: 'failed', errorSummary: '1 VM not ready: virtwork-spin-0' }]);
  });

  it('ends with the error that stopped the run before a report: interrupted for a signal', () => {
    const { auditor, audit } = setUp();
    audit.end({ error: new InterruptedError('SIGINT') });
    expect(ends(auditor)).toEqual([{ status: 'interrupted', errorSummary: 'interrupted by SIGINT' }]);
  });

  it('ends a dry run, which has no report, as a success', () => {
    const { auditor, audit } = setUp();
    audit.end({});
    expect(ends(auditor)).toEqual([{ status: 'success' }]);
  });

  it('refuses a second end as a bug instead of writing the outcome twice', () => {
    const { auditor, audit } = setUp();
    audit.end({ report: report() });
    expect(() => audit.end({ error: new Error('late') })).toThrow(InternalError);
    expect(ends(auditor)).toHaveLength(1);
  });
});
