/** The flags every benchmark takes: how many runs, and which time to judge budgets on. */
import { parseArgs } from 'node:util';
import type { MetricChoice } from './machine.js';

export interface BenchArgs {
  readonly runs: number;
  readonly warmups: number;
  readonly judge: MetricChoice;
  readonly kubectl?: string;
}

const count = (flag: string, text: string, min: number): number => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new Error(`--${flag}=${text}: expected an integer >= ${min}`);
  return value;
};

/** Parses `--runs N --warmup N --judge auto|cpu|wall [--kubectl PATH]` over the given defaults. */
export const parseBenchArgs = (argv: readonly string[], defaults: { runs: number; warmups: number }): BenchArgs => {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      runs: { type: 'string', default: String(defaults.runs) },
      warmup: { type: 'string', default: String(defaults.warmups) },
      judge: { type: 'string', default: 'auto' },
      kubectl: { type: 'string' },
    },
  });
  const judge = values.judge;
  if (judge !== 'auto' && judge !== 'cpu' && judge !== 'wall') {
    throw new Error(`--judge=${judge}: expected auto, cpu or wall`);
  }
  return {
    runs: count('runs', values.runs, 1),
    warmups: count('warmup', values.warmup, 0),
    judge,
    ...(values.kubectl !== undefined && { kubectl: values.kubectl }),
  };
};
