/** cpu: stress-ng keeps every vCPU busy. */
import { z } from 'zod';
import { defineWorkload } from './define-workload.js';
import { integerParam, stringParam, WORD_PATTERN } from './params.js';

export const cpu = defineWorkload({
  name: 'cpu',
  description: 'stress-ng CPU load on every vCPU',
  params: z.strictObject({
    'cpu-load-percent': integerParam(100, { min: 1, max: 100 }, 'load each stress-ng worker puts on its vCPU, in percent'),
    'cpu-method': stringParam(
      'all',
      WORD_PATTERN,
      'a stress-ng CPU method such as all, matrixprod or fft',
      'stress-ng --cpu-method: what the workers compute (all cycles through every method)',
    ),
  }),
  guest: ({ params }) => ({
    tools: ['stress-ng'],
    unit: {
      description: 'stress-ng CPU load on every vCPU',
      // --cpu 0: one worker per online CPU.
      execStart: `stress-ng --cpu 0 --cpu-load ${params['cpu-load-percent']} --cpu-method ${params['cpu-method']}`,
    },
  }),
});
