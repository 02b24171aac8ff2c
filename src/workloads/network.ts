/** network: iperf3 server/client pairs; clients reach the servers through a Service's DNS name. */
import { z } from 'zod';
import { defineWorkload } from './define-workload.js';
import { integerParam } from './params.js';
import { serviceDnsName } from './service-dns.js';
import type { ServiceSpec } from './workload.js';

const IPERF3_PORT = 5201;
const SERVICE: ServiceSpec = { name: 'virtwork-iperf3-server', ports: [{ name: 'iperf3', port: IPERF3_PORT }], selectorRole: 'server' };

export const network = defineWorkload({
  name: 'network',
  description: 'iperf3 bidirectional throughput between server and client VMs',
  params: z.strictObject({
    'parallel-streams': integerParam(4, { min: 1, max: 128 }, 'iperf3 -P: parallel client streams'),
    'test-duration': integerParam(60, { min: 1, max: 86_400 }, 'iperf3 -t: seconds of each test; systemd starts the next'),
  }),
  roles: ['server', 'client'],
  service: SERVICE,
  guest: ({ params, role, namespace }) =>
    role === 'server'
      ? { tools: ['iperf3'], unit: { description: 'iperf3 server', execStart: `iperf3 -s -p ${IPERF3_PORT}` } }
      : {
          tools: ['iperf3'],
          unit: {
            // Until a server answers, iperf3 fails and systemd tries again.
            description: 'iperf3 client, bidirectional',
            execStart: `iperf3 -c ${serviceDnsName(SERVICE, namespace)} -p ${IPERF3_PORT} -P ${params['parallel-streams']} -t ${params['test-duration']} --bidir`,
            after: ['network-online.target'],
          },
        },
});
