/**
 * The program of a client role: one round of load against its server, forever. A round that fails
 * (the server is not up yet, its name does not resolve yet, an iperf3 server busy with another test)
 * is logged and tried again after a pause that doubles up to a bound, and resets after a round that
 * worked. The script never exits because its server is not ready, so systemd never restarts it and
 * the unit stays active: no crash loop under load, no readiness that flaps.
 */
import { sh, type ShellScript } from './shell-script.js';

/** Seconds between tries: 1, 2, 4, ... up to this. */
export const CLIENT_MAX_BACKOFF_SECONDS = 30;

export interface ClientLoop {
  readonly summary: string;
  /** Shell assignments the round uses, such as `host=...`. */
  readonly setup: readonly string[];
  /** What the round runs against, for the log line: `$host:5201`. */
  readonly target: string;
  /** The round's commands, run with errexit: the first that fails ends the round. */
  readonly round: readonly string[];
}

export const clientLoop = ({ summary, setup, target, round }: ClientLoop): ShellScript =>
  sh(summary, [
    ...setup,
    'round() {',
    ...round.map((line) => `  ${line}`),
    '}',
    'delay=1',
    'while :; do',
    // errexit is ignored in an `if` or `||` condition, so the round runs in a subshell of its own
    // with errexit on, and the loop reads its status with errexit off.
    '  set +e',
    '  (set -e; round)',
    '  status=$?',
    '  set -e',
    '  if [ "$status" -eq 0 ]; then',
    '    delay=1',
    '  else',
    `    echo "a round against ${target} failed (exit $status; the server may not be up yet); next try in \${delay}s" >&2`,
    '    sleep "$delay"',
    `    delay=$((delay * 2 > ${CLIENT_MAX_BACKOFF_SECONDS} ? ${CLIENT_MAX_BACKOFF_SECONDS} : delay * 2))`,
    '  fi',
    'done',
  ]);
