/**
 * The live progress line while VMs boot: "12/40 VMs ready, 3 scheduling, 1 failed", redrawn in
 * place on stderr when stderr is a terminal, at most every `minIntervalMs`.
 */
import type { ReadinessCounts } from '../../kube/readiness.js';

export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export interface ProgressLine {
  update(counts: ReadinessCounts): void;
  /** Draws the last counts and ends the line. */
  done(): void;
}

export const formatProgress = (counts: ReadinessCounts): string =>
  [
    `${counts.ready}/${counts.total} VMs ready`,
    ...[...counts.waiting].map(([label, n]) => `${n} ${label}`),
    ...(counts.failed > 0 ? [`${counts.failed} failed`] : []),
  ].join(', ');

// Erase the line, draw, and put the cursor back at column 0: a JSON log line written to stderr
// meanwhile overwrites the progress text instead of being glued to its end.
const ERASE_LINE = '\u001b[2K';

/** A progress line on `stream`, or undefined when the stream is not a terminal. */
export const createProgressLine = (
  stream: ProgressStream,
  { minIntervalMs = 100, now = () => performance.now() }: { minIntervalMs?: number; now?: () => number } = {},
): ProgressLine | undefined => {
  if (!stream.isTTY) return undefined;
  let latest: ReadinessCounts | undefined;
  let drawnAt = -Infinity;
  let timer: NodeJS.Timeout | undefined;
  const draw = (): void => {
    timer = undefined;
    if (latest === undefined) return;
    drawnAt = now();
    stream.write(`${ERASE_LINE}${formatProgress(latest)}\r`);
  };
  return {
    update(counts) {
      latest = counts;
      if (timer !== undefined) return;
      const wait = drawnAt + minIntervalMs - now();
      if (wait <= 0) draw();
      else timer = setTimeout(draw, wait).unref();
    },
    done() {
      clearTimeout(timer);
      timer = undefined;
      if (latest !== undefined) stream.write(`${ERASE_LINE}${formatProgress(latest)}\n`);
    },
  };
};
