import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors.js';
import { managedLabels, roleLabels, workloadLabels } from '../../src/kube/labels.js';
import type { ServiceInput } from '../../src/kube/service.js';
import { buildService } from '../../src/kube/service.js';
import { schemaErrors, schemasAvailable, schemasSkipReason } from '../support/k8s-schemas.js';

const serviceInput = (overrides: Partial<ServiceInput> = {}): ServiceInput => ({
  name: 'virtwork-tps-server',
  namespace: 'virtwork',
  labels: { ...managedLabels('run-1'), ...workloadLabels('tps') },
  selector: roleLabels('tps', 'server'),
  ports: [
    { name: 'netperf', port: 12865 },
    { name: 'netperf-data', port: 12866 },
    { name: 'http', port: 8080 },
  ],
  ...overrides,
});

describe('buildService', () => {
  it.skipIf(!schemasAvailable)(`validates against the Kubernetes Service schema ${schemasSkipReason}`, () => {
    expect(schemaErrors('io.k8s.api.core.v1.Service', buildService(serviceInput()))).toEqual([]);
  });

  it('is a ClusterIP Service selecting exactly the given labels', () => {
    const service = buildService(serviceInput());
    expect(service.spec?.type).toBe('ClusterIP');
    expect(service.spec?.selector).toEqual({ 'virtwork/workload': 'tps', 'virtwork/role': 'server' });
  });

  it('carries the managed labels itself, so cleanup finds it', () => {
    expect(buildService(serviceInput()).metadata?.labels).toEqual(serviceInput().labels);
  });

  it('names every port and targets the same port on the VM, TCP unless told otherwise', () => {
    const service = buildService(serviceInput({ ports: [{ name: 'iperf3', port: 5201 }, { name: 'dns', port: 53, protocol: 'UDP' }] }));
    expect(service.spec?.ports).toEqual([
      { name: 'iperf3', port: 5201, targetPort: 5201, protocol: 'TCP' },
      { name: 'dns', port: 53, targetPort: 53, protocol: 'UDP' },
    ]);
  });

  it('refuses a name that is not an RFC 1035 label, since it becomes a DNS name', () => {
    expect(() => buildService(serviceInput({ name: '1-server' }))).toThrow(InvalidInputError);
  });

  it('refuses a port outside 1-65535 and a port name that is no label', () => {
    expect(() => buildService(serviceInput({ ports: [{ name: 'x', port: 70000 }] }))).toThrow(/port 70000 of Service .*this is a bug/);
    expect(() => buildService(serviceInput({ ports: [{ name: 'Bad_Name', port: 80 }] }))).toThrow(/port name/);
  });
});
