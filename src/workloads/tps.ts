/**
 * tps: transactions per second between server and client VMs: netperf TCP_RR request/response rounds
 * and HTTP fetches of a generated file with curl. Where the guest OS has no netperf, only HTTP runs.
 */
import { z } from 'zod';
import { defineWorkload } from './define-workload.js';
import { hasTool, type GuestProfile, type GuestTool } from './guest/guest-profile.js';
import { clientLoop } from './guest/client-loop.js';
import { bash, sh, type ShellScript } from './guest/shell-script.js';
import { integerParam, stringParam, type Params } from './params.js';
import { requireServiceHost } from './service-dns.js';
import type { ServiceSpec } from './workload.js';

const NETPERF_CONTROL_PORT = 12865;
/** netperf picks a random data port unless told; the Service must know it. */
const NETPERF_DATA_PORT = 12866;
const HTTP_PORT = 8080;
const SERVED_DIR = '/var/lib/virtwork-tps';
const SERVED_FILE = 'payload.bin';

const SERVICE: ServiceSpec = {
  ports: [
    { name: 'netperf-control', port: NETPERF_CONTROL_PORT },
    { name: 'netperf-data', port: NETPERF_DATA_PORT },
    { name: 'http', port: HTTP_PORT },
  ],
  selectorRole: 'server',
};

const params = z.strictObject({
  // head -c takes K, M and G (powers of 1024), not a lowercase g.
  'file-size': stringParam('10M', /^[1-9][0-9]*[KMG]?$/, 'a size such as 512K, 10M or 1G', 'size of the file clients fetch over HTTP'),
  iterations: integerParam(30, { min: 1, max: 100_000 }, 'HTTP fetches in each round'),
  duration: integerParam(60, { min: 1, max: 86_400 }, 'netperf -l: seconds of TCP_RR in each round'),
});

export const tps = defineWorkload({
  name: 'tps',
  description: 'netperf TCP_RR and HTTP file fetches between server and client VMs',
  params,
  roles: ['server', 'client'],
  service: SERVICE,
  guest: ({ params, role, profile, serviceHost }) => {
    const netperf = hasTool(profile, 'netperf');
    const tools: GuestTool[] = netperf ? ['netperf'] : [];
    return role === 'server'
      ? {
          tools: [...tools, 'python3'],
          script: serverScript(params, profile, netperf),
          unit: { description: netperf ? 'netserver and HTTP server' : 'HTTP server' },
        }
      : {
          tools: [...tools, 'curl'],
          script: clientScript(params, profile, netperf, requireServiceHost(serviceHost)),
          unit: { description: netperf ? 'netperf TCP_RR and HTTP fetch loop' : 'HTTP fetch loop', after: ['network-online.target'] },
        };
  },
});

const withoutNetperf = (profile: GuestProfile): string => `no netperf on ${profile.name}: ${profile.missingTools.netperf ?? 'not packaged'}`;

const serverScript = (p: Params<typeof params>, profile: GuestProfile, netperf: boolean): ShellScript => {
  const prepare = [`dir=${SERVED_DIR}`, 'mkdir -p "$dir"', `head -c ${p['file-size']} /dev/urandom >"$dir/${SERVED_FILE}"`];
  const http = `python3 -m http.server ${HTTP_PORT} --directory "$dir"`;
  if (!netperf) {
    return sh(`tps server: an HTTP server for the clients' file fetches (${withoutNetperf(profile)})`, [...prepare, `exec ${http}`]);
  }
  return bash("tps server: netserver for netperf TCP_RR and an HTTP server for the clients' file fetches", [
    ...prepare,
    `netserver -D -p ${NETPERF_CONTROL_PORT} &`,
    `${http} &`,
    '# Either server exiting ends the unit, and systemd restarts both.',
    'wait -n',
  ]);
};

const clientScript = (p: Params<typeof params>, profile: GuestProfile, netperf: boolean, host: string): ShellScript => {
  const fetches = [
    'i=0',
    `while [ "$i" -lt ${p.iterations} ]; do`,
    `  curl -fsS -o /dev/null "http://$host:${HTTP_PORT}/${SERVED_FILE}"`,
    '  i=$((i + 1))',
    'done',
  ];
  const netperfRound = `netperf -H "$host" -p ${NETPERF_CONTROL_PORT} -t TCP_RR -l ${p.duration} -- -P ,${NETPERF_DATA_PORT}`;
  return clientLoop({
    summary: netperf
      ? 'tps client: netperf TCP_RR rounds and HTTP fetches against its server’s Service, forever'
      : `tps client: HTTP fetches against its server’s Service, forever (${withoutNetperf(profile)})`,
    setup: [`host=${host}`],
    target: `$host`,
    round: [...(netperf ? [netperfRound] : []), ...fetches],
  });
};
