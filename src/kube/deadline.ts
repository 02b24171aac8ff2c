/**
 * An AbortSignal that aborts with a TimeoutError after `ms`, however long. Node's timers (and so
 * `AbortSignal.timeout`) fire at once for any delay of 2^31 ms (about 24.8 days) or more, with only a
 * warning; a long `--timeout` is waited out here in steps below that bound.
 */
const MAX_TIMER_MS = 2 ** 31 - 1;

export const timeoutSignal = (ms: number): AbortSignal => {
  if (ms <= MAX_TIMER_MS) return AbortSignal.timeout(ms);
  const controller = new AbortController();
  const end = Date.now() + ms;
  const step = (): void => {
    const left = end - Date.now();
    if (left <= 0) controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    // unref: like AbortSignal.timeout, a pending deadline does not keep the process alive.
    else setTimeout(step, Math.min(left, MAX_TIMER_MS)).unref();
  };
  step();
  return controller.signal;
};
