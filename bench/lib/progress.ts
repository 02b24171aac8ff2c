/** `round 3/23` on stderr while a benchmark runs, on a terminal only, so logs stay clean. */
export const showRound = (round: number, total: number): void => {
  if (!process.stderr.isTTY) return;
  process.stderr.write(round < total ? `\rround ${round}/${total}` : '\r\x1b[K');
};
