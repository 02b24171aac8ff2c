import { describe, expect, test } from 'vitest';
import { checksFor, type VerifyTarget } from '../../src/orchestrator/verify-checks.js';

const target = (over: Partial<VerifyTarget>): VerifyTarget => ({
  namespace: 'virtwork',
  name: 'virtwork-x-0',
  runId: 'r1',
  workload: 'cpu',
  role: null,
  pair: null,
  phase: 'Running',
  vcpus: 2,
  memoryBytes: 2 * 2 ** 30,
  dataDisk: null,
  interfaceName: 'default',
  params: {},
  ...over,
});

describe('the checks of each workload', () => {
  test('cpu expects vCPUs × load within half of it (or 0.1 core), and says flat when nothing moves', () => {
    const [check] = checksFor(target({ params: { 'cpu-load-percent': 30 } }), '5m');
    expect(check!.promql).toBe('sum(rate(kubevirt_vmi_vcpu_seconds_total{namespace="virtwork",name="virtwork-x-0",state="running"}[5m]))');
    expect(check!.expected).toBe('0.60 ± 0.30 cores (2 vCPU × 30 %)');
    expect([0, 0.2, 0.35, 0.6, 0.85, 1.2].map(check!.judge)).toEqual(['flat', 'low', 'ok', 'ok', 'ok', 'high']);
  });

  test('memory takes available minus usable and wants at least half the configured share', () => {
    const [check] = checksFor(target({ workload: 'memory', params: { 'memory-percent': 50 } }), '5m');
    const sel = '{namespace="virtwork",name="virtwork-x-0"}';
    expect(check!.promql).toBe(`sum(max_over_time(kubevirt_vmi_memory_available_bytes${sel}[5m]) - min_over_time(kubevirt_vmi_memory_usable_bytes${sel}[5m]))`);
    expect(check!.judge(2 ** 29 - 1)).toBe('low');
    expect(check!.judge(2 ** 29)).toBe('ok');
  });

  test('disk and database read the data drive; a network VM checks both directions on its interface', () => {
    const disk = checksFor(target({ workload: 'database', dataDisk: 'data' }), '1m');
    expect(disk.map((c) => c.unit)).toEqual(['ops/s', 'bytes/s']);
    for (const c of disk) expect(c.promql).toContain('drive="data"');
    const net = checksFor(target({ workload: 'network', role: 'client', interfaceName: 'default' }), '1m');
    expect(net.map((c) => c.series)).toEqual(['kubevirt_vmi_network_receive_bytes_total{interface="default"}', 'kubevirt_vmi_network_transmit_bytes_total{interface="default"}']);
    expect(net.map((c) => c.judge(9_999))).toEqual(['low', 'low']);
  });

  test('chaos-network shows drops without judging them; chaos-disk watches its mount fill and empty', () => {
    const chaosNet = checksFor(target({ workload: 'chaos-network' }), '1m');
    expect(chaosNet.at(-1)!.judge(0)).toBe('info');
    const [fill] = checksFor(target({ workload: 'chaos-disk', params: { mount: '/srv/fill' } }), '10m');
    expect(fill!.promql).toContain('max_over_time(kubevirt_vmi_filesystem_used_bytes{namespace="virtwork",name="virtwork-x-0",mount_point="/srv/fill"}[10m])');
    expect(fill!.judge(0)).toBe('flat');
    expect(fill!.judge(2 ** 30)).toBe('ok');
  });

  test('a workload the checks cannot size (catalog, chaos-process) must show some CPU', () => {
    const [check] = checksFor(target({ workload: 'nginx' }), '5m');
    expect(check!.expected).toBe('> 0 cores');
    expect(check!.judge(0)).toBe('flat');
    expect(check!.judge(0.01)).toBe('ok');
  });
});

describe('observed values as the table shows them', () => {
  test('cores, MiB, bytes per second in B, kB or MB, and other rates with their unit', async () => {
    const { formatObserved } = await import('../../src/orchestrator/verify-checks.js');
    expect(formatObserved(0.6, 'cores')).toBe('0.60 cores');
    expect(formatObserved(1.5 * 2 ** 30, 'bytes')).toBe('1536 MiB');
    expect([512, 40_000, 2_500_000].map((v) => formatObserved(v, 'bytes/s'))).toEqual(['512 B/s', '40.0 kB/s', '2.5 MB/s']);
    expect(formatObserved(33.6, 'packets/s')).toBe('33.6 packets/s');
  });
});
