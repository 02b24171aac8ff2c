/** chaos-network: netem latency and packet loss on the default-route interface while the unit runs. Opt-in. */
import { z } from 'zod';
import { defineWorkload } from './define-workload.js';
import { sh } from './guest/shell-script.js';
import { integerParam, numberParam } from './params.js';

export const chaosNetwork = defineWorkload({
  name: 'chaos-network',
  description: 'netem latency and packet loss on the default-route interface',
  params: z.strictObject({
    'latency-ms': integerParam(100, { min: 0, max: 60_000 }, 'netem delay added to every outgoing packet, in milliseconds'),
    'packet-loss-percent': numberParam(5, { min: 0, max: 100 }, 'netem loss: share of outgoing packets dropped, in percent'),
  }),
  guest: ({ params, paths }) => {
    const netem = `netem delay ${params['latency-ms']}ms loss ${params['packet-loss-percent']}%`;
    return {
      tools: ['tc'],
      kernelModules: ['sch_netem'],
      script: sh('chaos-network: `start` puts netem on the default-route interface and holds; `stop` removes it', [
        `interface=$(ip route show default | awk '{ for (i = 1; i < NF; i++) if ($i == "dev") { print $(i + 1); exit } }')`,
        'if [ -z "$interface" ]; then',
        '  echo "virtwork: no default route yet" >&2',
        '  exit 1',
        'fi',
        'case "${1:-start}" in',
        '  start)',
        `    tc qdisc replace dev "$interface" root ${netem}`,
        `    echo "virtwork: ${netem} on $interface"`,
        '    exec sleep infinity',
        '    ;;',
        '  stop)',
        "    # Remove only netem, so the interface's default qdisc comes back.",
        '    if tc qdisc show dev "$interface" root | grep -q netem; then',
        '      tc qdisc del dev "$interface" root',
        '    fi',
        '    ;;',
        'esac',
      ]),
      unit: { description: 'netem latency and loss', execStart: `${paths.script} start`, execStopPost: `${paths.script} stop` },
    };
  },
});
