/**
 * A benchmark's entry point and exit code: 0 every budget met, 1 a budget missed (a gate for a
 * change), 2 nothing could be judged (bad flag, build failure, a command that failed).
 */
export const BUDGET_MISSED = 1;
export const BENCH_FAILED = 2;

/** Runs `bench`, which returns whether a budget was missed, and sets the exit code. */
export const runBench = (bench: () => Promise<boolean>): void => {
  bench().then(
    (missed) => {
      process.exitCode = missed ? BUDGET_MISSED : 0;
    },
    (error: unknown) => {
      process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = BENCH_FAILED;
    },
  );
};
