/** chaos-disk: fill the data disk to a target percentage, hold, release, repeat. Opt-in. */
import { z } from 'zod';
import { DATA_MOUNT } from '../constants.js';
import { defineWorkload } from './define-workload.js';
import { sh } from './guest/shell-script.js';
import { integerParam, mountPathParam } from './params.js';

const FILL_FILE = 'virtwork-chaos-fill';

export const chaosDisk = defineWorkload({
  name: 'chaos-disk',
  description: 'fills its data disk to a target percentage, holds, releases, repeats',
  params: z.strictObject({
    mount: mountPathParam(DATA_MOUNT, 'where the data disk is mounted; only it is filled'),
    'fill-percent': integerParam(90, { min: 1, max: 99 }, 'how full each fill leaves the disk, in percent'),
    'fill-sleep': integerParam(60, { min: 1, max: 86_400 }, 'seconds the disk stays full'),
    'release-sleep': integerParam(30, { min: 1, max: 86_400 }, 'seconds between a release and the next fill'),
  }),
  dataMount: (params) => params.mount,
  guest: ({ params }) => {
    const fillFile = `${params.mount}/${FILL_FILE}`;
    return {
      tools: [],
      script: sh(`chaos-disk: fill ${params.mount} to ${params['fill-percent']}%, hold, release, repeat`, [
        `mount=${params.mount}`,
        `fill_file=${fillFile}`,
        '# A fill left by an earlier run would count as used space.',
        'rm -f "$fill_file"',
        'while :; do',
        '  # df -P: one line per filesystem; -k: sizes in KiB.',
        `  size_kib=$(df -Pk "$mount" | awk 'NR == 2 { print $2 }')`,
        `  used_kib=$(df -Pk "$mount" | awk 'NR == 2 { print $3 }')`,
        `  fill_kib=$((size_kib * ${params['fill-percent']} / 100 - used_kib))`,
        '  if [ "$fill_kib" -gt 0 ]; then',
        '    fallocate -l "$((fill_kib * 1024))" "$fill_file"',
        `    echo "virtwork: filled $mount to ${params['fill-percent']}%"`,
        '  fi',
        `  sleep ${params['fill-sleep']}`,
        '  rm -f "$fill_file"',
        `  sleep ${params['release-sleep']}`,
        'done',
      ]),
      // Stopping the unit gives the space back.
      unit: { description: 'disk fill and release', requiresMountsFor: [params.mount], execStopPost: `rm -f ${fillFile}` },
    };
  },
});
