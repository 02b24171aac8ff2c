/** memory: stress-ng workers that allocate a share of guest memory and keep touching it. */
import { z } from 'zod';
import { defineWorkload } from './define-workload.js';
import { integerParam, stringParam, WORD_PATTERN } from './params.js';

export const memory = defineWorkload({
  name: 'memory',
  description: 'stress-ng memory pressure on a share of guest memory',
  params: z.strictObject({
    'memory-percent': integerParam(80, { min: 1, max: 100 }, 'stress-ng --vm-bytes: share of available memory the workers use, in percent'),
    'vm-stressors': integerParam(1, { min: 1, max: 64 }, 'stress-ng --vm: number of memory workers'),
    'vm-method': stringParam(
      'all',
      WORD_PATTERN,
      'a stress-ng VM method such as all, flip or zero-one',
      'stress-ng --vm-method: how the workers write and check memory',
    ),
  }),
  guest: ({ params }) => ({
    tools: ['stress-ng'],
    unit: {
      description: 'stress-ng memory pressure',
      execStart: `stress-ng --vm ${params['vm-stressors']} --vm-bytes ${params['memory-percent']}% --vm-method ${params['vm-method']}`,
    },
  }),
});
