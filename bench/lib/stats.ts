/** Median and p90 of a series of samples, the figures every benchmark table shows. */
import type { Sample } from './measure.js';

/** Nearest-rank percentile (`p` in 0..100) of the values: always one of them, never interpolated. */
export const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) throw new Error('percentile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
};

export interface Spread {
  readonly median: number;
  readonly p90: number;
}

export interface Summary {
  readonly runs: number;
  readonly wallMs: Spread;
  readonly cpuMs: Spread;
  /** The largest of the runs: memory does not depend on load, so no run is discounted. */
  readonly peakRssKiB?: number;
}

const spread = (values: readonly number[]): Spread => ({ median: percentile(values, 50), p90: percentile(values, 90) });

export const summarize = (samples: readonly Sample[]): Summary => {
  const rss = samples.flatMap((s) => (s.peakRssKiB === undefined ? [] : [s.peakRssKiB]));
  return {
    runs: samples.length,
    wallMs: spread(samples.map((s) => s.wallMs)),
    cpuMs: spread(samples.map((s) => s.cpuMs)),
    ...(rss.length > 0 && { peakRssKiB: Math.max(...rss) }),
  };
};
