import { describe, expect, test } from 'vitest';
import { pairMirrorRows, type VerifyRow } from '../../src/orchestrator/verify.js';
import type { VerifyTarget } from '../../src/orchestrator/verify-checks.js';

const end = (role: 'server' | 'client', pair = '0'): VerifyTarget => ({
  namespace: 'virtwork', name: `virtwork-network-${pair}-${role}`, runId: 'r1', workload: 'network', role, pair, phase: 'Running',
  vcpus: 2, memoryBytes: null, dataDisk: null, interfaceName: 'default', params: {},
});

const netRow = (t: VerifyTarget, direction: 'receive' | 'transmit', observed: number | null): VerifyRow => ({
  namespace: t.namespace, vm: t.name, workload: t.workload, role: t.role, phase: t.phase,
  series: `kubevirt_vmi_network_${direction}_bytes_total{interface="default"}`, promql: '', observed, unit: 'bytes/s', expected: '', verdict: 'ok',
});

describe('the mirror rows of a server/client pair', () => {
  const server = end('server');
  const client = end('client');

  test('judge what one end sends against what the other receives, within a factor of 2', () => {
    const rows = [netRow(server, 'receive', 100), netRow(server, 'transmit', 90), netRow(client, 'receive', 30), netRow(client, 'transmit', 110)];
    const mirrored = pairMirrorRows([server, client], rows);
    expect(mirrored.map((r) => [r.vm, r.series, r.observed, r.verdict])).toEqual([
      ['virtwork-network-0-client', 'client transmit / server receive (virtwork-network-0-client → virtwork-network-0-server)', 1.1, 'ok'],
      ['virtwork-network-0-client', 'server transmit / client receive (virtwork-network-0-server → virtwork-network-0-client)', 3, 'high'],
    ]);
  });

  test('add nothing for a missing series (its own row says so) or for an end without its partner', () => {
    const other = end('client', '1');
    const rows = [netRow(server, 'receive', null), netRow(server, 'transmit', 90), netRow(client, 'receive', 90), netRow(client, 'transmit', 100)];
    expect(pairMirrorRows([server, client, other], rows).map((r) => r.series)).toEqual([
      'server transmit / client receive (virtwork-network-0-server → virtwork-network-0-client)',
    ]);
  });
});
