/** network: iperf3 server/client pairs; each client reaches its own server through its pair's Service. */
import { z } from 'zod';
import { defineWorkload } from './define-workload.js';
import { clientLoop } from './guest/client-loop.js';
import { integerParam } from './params.js';
import { requireServiceHost } from './service-dns.js';
import type { ServiceSpec } from './workload.js';

const IPERF3_PORT = 5201;
const SERVICE: ServiceSpec = { ports: [{ name: 'iperf3', port: IPERF3_PORT }], selectorRole: 'server' };

export const network = defineWorkload({
  name: 'network',
  description: 'iperf3 bidirectional throughput between server and client VMs',
  params: z.strictObject({
    'parallel-streams': integerParam(4, { min: 1, max: 128 }, 'iperf3 -P: parallel client streams'),
    'test-duration': integerParam(60, { min: 1, max: 86_400 }, 'iperf3 -t: seconds of each test; the client starts the next at once'),
  }),
  roles: ['server', 'client'],
  service: SERVICE,
  guest: ({ params, role, serviceHost }) =>
    role === 'server'
      ? { tools: ['iperf3'], unit: { description: 'iperf3 server', execStart: `iperf3 -s -p ${IPERF3_PORT}` } }
      : {
          tools: ['iperf3'],
          // Tests run back to back in one process: were each test the unit's whole life, the unit would
          // leave `active` between tests and the readiness probe would fail then. Until its server
          // answers, the client waits inside the unit.
          script: clientLoop({
            summary: 'network client: bidirectional iperf3 tests against its server’s Service, back to back, forever',
            setup: [`host=${requireServiceHost(serviceHost)}`],
            target: `$host:${IPERF3_PORT}`,
            round: [`iperf3 -c "$host" -p ${IPERF3_PORT} -P ${params['parallel-streams']} -t ${params['test-duration']} --bidir`],
          }),
          unit: { description: 'iperf3 client, bidirectional', after: ['network-online.target'] },
        },
});
