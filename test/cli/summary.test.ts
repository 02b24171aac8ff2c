import { describe, expect, it } from 'vitest';
import { formatSummaryTable, toSummaryJson } from '../../src/cli/output/summary.js';
import type { RunReport } from '../../src/orchestrator/run-report.js';

const report: RunReport = {
  runId: '0b7c6a52-3c5e-4a8e-9d1b-6f1f8f6c2a10',
  namespace: 'virtwork',
  readiness: 'http',
  vms: [
    { name: 'virtwork-cpu-0', workload: 'cpu', phase: 'Running', ready: true, node: 'node-1', existing: false, failed: false, timeToReadySeconds: 12.3456 },
    { name: 'virtwork-network-0-server', workload: 'network', role: 'server', phase: 'Running', ready: true, node: 'node-2', existing: true, failed: false },
    { name: 'virtwork-network-0-client', workload: 'network', role: 'client', phase: 'Scheduling', ready: false, existing: false, failed: false },
  ],
  totals: { planned: 3, created: 2, existing: 1, ready: 2, notReady: 1, failed: 0 },
  cleanupCommand: 'virtwork cleanup --run-id 0b7c6a52-3c5e-4a8e-9d1b-6f1f8f6c2a10',
  waited: true,
  waitStopped: false,
  createdObjects: {},
};

describe('the summary table', () => {
  it('has one aligned row per VM with time to ready, or existing, and ends with totals, run id and cleanup command', () => {
    const lines = formatSummaryTable(report).split('\n');
    expect(lines[0]?.split(/\s{2,}/)).toEqual(['NAME', 'WORKLOAD', 'ROLE', 'PHASE', 'READY', 'NODE', 'TIME TO READY']);
    expect(lines[1]?.split(/\s{2,}/)).toEqual(['virtwork-cpu-0', 'cpu', '-', 'Running', 'true', 'node-1', '12.3s']);
    expect(lines[2]?.split(/\s{2,}/)).toEqual(['virtwork-network-0-server', 'network', 'server', 'Running', 'true', 'node-2', 'existing']);
    expect(lines[3]?.split(/\s{2,}/)).toEqual(['virtwork-network-0-client', 'network', 'client', 'Scheduling', 'false', '-', '-']);
    // columns line up: every row's PHASE starts where the header's does
    const phaseColumn = lines[0]?.indexOf('PHASE');
    expect(lines.slice(1, 4).map((line) => line.slice(phaseColumn).split(' ')[0])).toEqual(['Running', 'Running', 'Scheduling']);
    expect(lines.slice(5)).toEqual([
      'VMs: 2 created, 1 existing; 2 ready, 1 not ready, 0 failed',
      'Readiness: http (every workload unit active, asked at GET /readyz on port 8099 in the guest)',
      `Run ID: ${report.runId}`,
      `Clean up: ${report.cleanupCommand}`,
      '',
    ]);
  });

  it('shows readiness as unknown and says so in the totals when not waited for', () => {
    const text = formatSummaryTable({ ...report, waited: false, vms: report.vms.slice(0, 1) });
    expect(text.split('\n')[1]?.split(/\s{2,}/)[4]).toBe('-');
    expect(text).toContain('VMs: 2 created, 1 existing; not waited for');
  });

  it('says how much of the plan exists after a stop', () => {
    const stopped = { ...report, vms: [], waited: false, totals: { ...report.totals, planned: 40, created: 0, existing: 0 } };
    const text = formatSummaryTable(stopped);
    expect(text).toContain('No VMs were created.\n');
    expect(text).toContain('VMs: 0 created, 0 existing of 40 planned; not waited for');
  });

  it('names what a stop before the VMs left behind, so the cleanup hint makes sense', () => {
    const stopped = { ...report, vms: [], waited: false, createdObjects: { Namespace: 1, Secret: 50, Service: 1 } };
    expect(formatSummaryTable(stopped)).toContain('No VMs were created; this run created 1 Namespace, 50 Secrets, 1 Service.\n');
  });

  it('says readiness is unknown, not "not waited for", when an error stopped the wait', () => {
    const text = formatSummaryTable({ ...report, waited: false, waitStopped: true });
    expect(text).toContain('VMs: 2 created, 1 existing; readiness unknown: the wait stopped on an error\n');
  });
});

describe('the readiness line', () => {
  it.each([
    ['guest-agent', 'Readiness: guest-agent (every workload unit active, asked through the QEMU guest agent)'],
    ['running', 'Readiness: running (the VMI runs; the workload may still be starting)'],
  ] as const)('says what ready meant with --readiness %s', (readiness, line) => {
    expect(formatSummaryTable({ ...report, readiness }).split('\n')).toContain(line);
    expect(toSummaryJson({ ...report, readiness }).readiness).toBe(readiness);
  });
});

describe('run -o json', () => {
  it('has the DESIGN.md shape with null for absent values', () => {
    const json = toSummaryJson(report);
    expect(Object.keys(json)).toEqual(['runId', 'namespace', 'guestOs', 'readiness', 'vms', 'totals', 'cleanupCommand']);
    expect(json.readiness).toBe('http');
    expect(json.vms[0]).toEqual({
      name: 'virtwork-cpu-0', workload: 'cpu', role: null, phase: 'Running', ready: true, node: 'node-1', existing: false, ownerRunId: null, timeToReadySeconds: 12.346,
    });
    expect(json.vms[2]).toMatchObject({ node: null, timeToReadySeconds: null, ready: false });
    expect(json.cleanupCommand).toBe(report.cleanupCommand);
  });

  it('says ready: null, and null readiness totals, when readiness was not waited for (--no-wait)', () => {
    const json = toSummaryJson({ ...report, waited: false });
    expect(json.vms.map((vm) => vm.ready)).toEqual([null, null, null]);
    expect(json.totals).toEqual({ planned: 3, created: 2, existing: 1, ready: null, notReady: null, failed: null });
  });
});
