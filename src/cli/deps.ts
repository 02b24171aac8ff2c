/** What the CLI touches outside itself, passed in so tests can run `main` against their own. */
import type { LogSink } from '../logging/logger.js';
import type { Scrubber } from '../logging/redact.js';

export interface TextSink {
  write(text: string): unknown;
}

/** Where log lines go while something else owns the bottom of the terminal (the progress display). */
export interface LogRoute {
  above?: ((line: string) => void) | undefined;
}

/** Where a confirmation is read from; `isTTY` says whether someone can answer. */
export type InputStream = NodeJS.ReadableStream & { readonly isTTY?: boolean };

export interface CliDeps {
  /** Results: tables, JSON, manifests. */
  readonly stdout: TextSink;
  /** Errors (`error: ...`); JSON log lines too, unless `logSink` is given. */
  readonly stderr: TextSink;
  /** Where log lines go; by default pino's synchronous destination on fd 2. */
  readonly logSink?: LogSink;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** For `cleanup`'s confirmation; absent means no terminal to ask. */
  readonly stdin?: InputStream;
  /**
   * Keeps V8's heap near what the process holds, for a cluster run, which waits on the API, not the
   * CPU. The young generation stays within a few MB (V8 grows it with the allocation rate, up to
   * 134 MB that it keeps), and the old generation may grow to twice what the last full collection
   * left before the next one (V8 picks up to four times). At 10,000 VMs the run peaked at 479 MB with
   * neither, 310 MB with the first, and about 250 MB with both, for the same CPU time within noise
   * (docs/benchmarks.md, "Scale"). A dry run keeps V8's defaults: it is CPU-bound, and planning
   * 5,000 VMs took 15 % more CPU with a fixed young generation. Absent in tests: their process is not ours.
   */
  readonly limitHeapGrowth?: () => Promise<void>;
}

/** What a command gets: the deps, plus the secrets that no error or log line may show. */
export interface CommandContext extends CliDeps {
  readonly scrubber: Scrubber;
  /** Log lines go above the progress display while one is drawn. */
  readonly logRoute: LogRoute;
  /** Aborted on SIGINT/SIGTERM once `armInterrupts` was called, for commands that do cluster work or stream output. */
  readonly signal?: AbortSignal;
  /**
   * From here on SIGINT and SIGTERM cancel through `signal` (and a second one ends the process),
   * instead of ending the process at once. Commands call it when they start work an interrupt must
   * wind down: requests to a cluster, an audit execution to end, a dry run's output (written in
   * turns). Until then (flags, planning, CPU-bound) the default stands, so Ctrl-C works even inside a long loop.
   */
  readonly armInterrupts?: () => void;
}

export const processDeps = (): CliDeps => ({
  stdout: process.stdout,
  stderr: process.stderr,
  // A getter: process.stdin is created on first access, and only cleanup's confirmation needs it.
  get stdin() {
    return process.stdin;
  },
  env: process.env,
  cwd: process.cwd(),
  // --max-semi-space-size is read only when the heap is made, before any of this runs; these two
  // are read each time a generation would grow, so setting them now still holds.
  limitHeapGrowth: async () => {
    const v8 = await import('node:v8');
    v8.setFlagsFromString('--semi-space-growth-factor=1');
    v8.setFlagsFromString(`--heap-growing-percent=${OLD_GENERATION_GROWTH_PERCENT}`);
  },
});

/** How far the old generation may grow past what a full collection left: 100 % is twice. */
const OLD_GENERATION_GROWTH_PERCENT = 100;
