/** chaos-process: at an interval, signal one random process, sparing what keeps the VM alive. Opt-in. */
import { z } from 'zod';
import { defineWorkload } from './define-workload.js';
import { sh } from './guest/shell-script.js';
import { enumParam, integerParam } from './params.js';

const SIGNALS = ['SIGTERM', 'SIGKILL', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'] as const;

/** By command name: init and its services, logins and shells. Kernel threads are skipped apart. */
const PROTECTED_NAMES = [
  'systemd.*',
  'sshd.*',
  'dbus.*',
  'agetty',
  'login',
  'sudo',
  'su',
  'auditd',
  'rsyslogd',
  'chronyd',
  'NetworkManager',
  'sh',
  'bash',
  'dash',
  'zsh',
  'ksh',
  'fish',
  'cloud-init',
  'qemu-ga',
];

/** By unit: every virtwork unit (this one and its children too), cloud-init's stages, the guest agent. */
const PROTECTED_UNITS = ['virtwork-[^/]*', 'cloud-init[^/]*', 'cloud-config', 'cloud-final', 'qemu-guest-agent'];

export const chaosProcess = defineWorkload({
  name: 'chaos-process',
  description: 'sends a signal to a random non-essential process at an interval',
  params: z.strictObject({
    signal: enumParam(SIGNALS, 'SIGTERM', 'the signal sent'),
    interval: integerParam(30, { min: 1, max: 86_400 }, 'seconds between two signals'),
    'min-pid': integerParam(1_000, { min: 2, max: 4_194_304 }, 'lowest PID that may be signalled: early PIDs belong to boot-time services'),
  }),
  guest: ({ params }) => {
    const signal = params.signal.replace(/^SIG/, '');
    return {
      tools: ['procps'],
      script: sh(`chaos-process: every ${params.interval} s, send ${params.signal} to one random process with PID >= ${params['min-pid']}`, [
        `protected_names='^(${PROTECTED_NAMES.join('|')})$'`,
        `protected_units='/(${PROTECTED_UNITS.join('|')})\\.service'`,
        'while :; do',
        `  sleep ${params.interval}`,
        '  # Candidates in random order: user-space (parent is not kthreadd, PID 2), not protected by name.',
        `  for pid in $(ps -eo pid=,ppid=,comm= | awk -v min=${params['min-pid']} -v names="$protected_names" '$1 >= min && $2 != 2 && $3 !~ names { print $1 }' | shuf); do`,
        '    # A process that is gone by now has no cgroup or comm to read: skip it.',
        '    cgroup=$(cat "/proc/$pid/cgroup" 2>/dev/null) || continue',
        '    comm=$(cat "/proc/$pid/comm" 2>/dev/null) || continue',
        '    if printf \'%s\\n\' "$cgroup" | grep -Eq "$protected_units"; then',
        '      continue',
        '    fi',
        `    if kill -s ${signal} "$pid" 2>/dev/null; then`,
        `      echo "virtwork: sent ${params.signal} to $pid ($comm)"`,
        '      break',
        '    fi',
        '  done',
        'done',
      ]),
      unit: { description: `random ${params.signal} to non-essential processes` },
    };
  },
});
