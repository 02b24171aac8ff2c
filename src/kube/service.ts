/**
 * The ClusterIP Service in front of one role of a multi-VM workload, so clients reach their servers
 * by DNS name (`<service>.<namespace>.svc.cluster.local`). Pure: no cluster I/O.
 */
import type { V1Service } from '@kubernetes/client-node';
import { InternalError } from '../errors.js';
import type { Labels } from './labels.js';
import { assertDns1123Label, assertRfc1035Label } from './names.js';

export interface ServicePortInput {
  /** Port names are RFC 1123 labels; named ports make the Service readable and the Endpoints stable. */
  readonly name: string;
  readonly port: number;
  readonly protocol?: 'TCP' | 'UDP';
}

export interface ServiceInput {
  /** An RFC 1035 label: it becomes a DNS name. */
  readonly name: string;
  readonly namespace: string;
  readonly labels: Labels;
  /** Exactly the labels of the VM template it fronts, e.g. `roleLabels(workload, 'server')`. */
  readonly selector: Labels;
  readonly ports: readonly ServicePortInput[];
}

export const buildService = (input: ServiceInput): V1Service => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: {
    name: assertRfc1035Label('Service name', input.name),
    namespace: input.namespace,
    labels: { ...input.labels },
  },
  spec: {
    type: 'ClusterIP',
    selector: { ...input.selector },
    ports: input.ports.map((port) => ({
      name: assertDns1123Label(`port name of Service ${input.name}`, port.name),
      port: assertPort(input.name, port.port),
      targetPort: port.port,
      protocol: port.protocol ?? 'TCP',
    })),
  },
});

const assertPort = (service: string, port: number): number => {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InternalError(`port ${port} of Service ${service}: must be an integer from 1 to 65535`);
  }
  return port;
};
