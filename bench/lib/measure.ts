/**
 * Times a command as a child process: wall time and the child's CPU time (user + sys), and on request
 * its peak resident memory. Bash's `time` keyword reads getrusage() of the waited-for child with
 * millisecond resolution; GNU time prints only centiseconds, too coarse for a 50 ms start, so it is
 * used for the one figure it alone gives: the peak RSS (`%M`, in KiB).
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';

export interface CommandSpec {
  readonly file: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** Where the child's stdout goes; /dev/null unless the output is checked afterwards. */
  readonly stdoutPath?: string;
  /** Where GNU time writes the peak RSS; absent means not measured (it adds a process to the timing). */
  readonly rssPath?: string;
}

export interface Sample {
  readonly wallMs: number;
  readonly userMs: number;
  readonly sysMs: number;
  /** user + sys: what a loaded machine does not inflate, unlike wall time. */
  readonly cpuMs: number;
  readonly peakRssKiB?: number;
}

export const GNU_TIME = '/usr/bin/time';

// $1: stdout path, $2: RSS file or empty, then the command. fd 3 carries the timing line, fd 4 the
// child's own stderr, so neither mixes with the other.
const SCRIPT = String.raw`
out=$1 rss=$2
shift 2
exec 4>&2
TIMEFORMAT='%3R %3U %3S'
if [ -n "$rss" ]; then
  { time ${GNU_TIME} -f %M -o "$rss" "$@" >"$out" 2>&4 4>&-; } 2>&3
else
  { time "$@" >"$out" 2>&4 4>&-; } 2>&3
fi
`;

const STDERR_KEPT = 8_000;

/** Runs the command once; rejects, with the end of its stderr, if it exits non-zero. */
export const measureOnce = async (command: CommandSpec): Promise<Sample> => {
  const child = spawn(
    'bash',
    ['-c', SCRIPT, 'measure', command.stdoutPath ?? '/dev/null', command.rssPath ?? '', command.file, ...command.args],
    { env: command.env, stdio: ['ignore', 'ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  let timing = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-STDERR_KEPT)));
  const timingStream = child.stdio[3];
  if (!(timingStream instanceof Readable)) throw new Error('no timing pipe on fd 3');
  timingStream.setEncoding('utf8');
  timingStream.on('data', (chunk: string) => (timing += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const shown = [command.file, ...command.args].join(' ');
  if (code !== 0) throw new Error(`${shown} exited ${code}:\n${stderr}`);
  const [wall, user, sys] = timing.trim().split(/\s+/).map((seconds) => Number(seconds) * 1000);
  if (wall === undefined || user === undefined || sys === undefined || [wall, user, sys].some(Number.isNaN)) {
    throw new Error(`${shown}: unreadable timing ${JSON.stringify(timing)}`);
  }
  const sample = { wallMs: wall, userMs: user, sysMs: sys, cpuMs: user + sys };
  return command.rssPath === undefined ? sample : { ...sample, peakRssKiB: await readPeakRss(command.rssPath) };
};

/** GNU time's -o file: the `%M` figure is its last line (a failing command adds a line before it). */
const readPeakRss = async (file: string): Promise<number> => {
  const last = (await readFile(file, 'utf8')).trim().split('\n').at(-1) ?? '';
  const kib = Number(last);
  if (!Number.isFinite(kib) || last === '') throw new Error(`unreadable peak RSS in ${file}: ${JSON.stringify(last)}`);
  return kib;
};

export interface Case {
  /** Short name for the table, e.g. `virtwork --version`. */
  readonly name: string;
  readonly command: CommandSpec;
}

export interface Rounds {
  readonly warmups: number;
  readonly runs: number;
  /** Called after each round, e.g. to show progress. */
  readonly onRound?: (round: number, total: number) => void;
}

/**
 * Runs every case `warmups` times untimed, then `runs` times timed. Cases take turns within each
 * round, so a change in the machine's load falls on all of them alike instead of on one.
 */
export const measureCases = async (cases: readonly Case[], { warmups, runs, onRound }: Rounds): Promise<Map<string, Sample[]>> => {
  const samples = new Map<string, Sample[]>(cases.map((c) => [c.name, []]));
  const total = warmups + runs;
  for (let round = 0; round < total; round++) {
    for (const c of cases) {
      const sample = await measureOnce(c.command);
      if (round >= warmups) samples.get(c.name)?.push(sample);
    }
    onRound?.(round + 1, total);
  }
  return samples;
};
