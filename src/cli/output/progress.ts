/**
 * The live progress display of a run on stderr, when stderr is a terminal: first the objects being
 * created, kind by kind with counts, then the VMs by state with the elapsed time against
 * `--timeout` and the slowest VMs by name. It is redrawn in place (at most every `minIntervalMs`,
 * and every second for the clock), and log lines are written above it, so it never scrolls away.
 * `run` and any command that waits for VMs (`wait`) drive the same display.
 */
import { styleText } from 'node:util';
import { countReadiness, slowestVms, waitingLabel, type ReadinessCounts, type VmState } from '../../kube/readiness.js';

export interface ProgressStream {
  readonly isTTY?: boolean;
  /** The terminal's width; lines are cut to it, so each takes one row and the redraw stays exact. */
  readonly columns?: number;
  write(text: string): unknown;
}

/** One kind's objects: how many of the plan's are created (or found) so far. */
export interface CreationStep {
  readonly kind: string;
  readonly done: number;
  readonly total: number;
}

export interface ProgressDisplay {
  /** Creating objects: the counts of `step.kind` (earlier kinds keep their last counts). */
  creating(step: CreationStep): void;
  /**
   * Waiting: every VM's state by name; the clock starts at the first call. The map may be the
   * waiter's own, live one: it is read only when the display is drawn.
   */
  waiting(states: ReadonlyMap<string, VmState>): void;
  /** Writes `text` (whole lines) above the display and draws the display again below it. */
  writeAbove(text: string): void;
  /** Draws the last state once more, leaves it on screen, and stops the clock. */
  done(): void;
}

export interface ProgressOptions {
  /** The readiness wait's limit (`--timeout`), shown against the elapsed time. */
  readonly timeoutSeconds?: number;
  readonly colour?: boolean;
  readonly minIntervalMs?: number;
  /** How many of the slowest VMs to name. */
  readonly slowest?: number;
  readonly now?: () => number;
}

/** "12/40 VMs ready, 3 scheduling, 1 failed" */
export const formatProgress = (counts: ReadinessCounts): string =>
  [
    `${counts.ready}/${counts.total} VMs ready`,
    ...[...counts.waiting].map(([label, n]) => `${n} ${label}`),
    ...(counts.failed > 0 ? [`${counts.failed} failed`] : []),
  ].join(', ');

/** "Creating: Namespace 1/1, Secret 40/40, VirtualMachine 12/40" */
export const formatCreation = (steps: readonly CreationStep[]): string =>
  `Creating: ${steps.map((s) => `${s.kind} ${s.done}/${s.total}`).join(', ')}`;

/** "45s of 600s" */
export const formatClock = (elapsedSeconds: number, timeoutSeconds?: number): string =>
  `${Math.floor(elapsedSeconds)}s${timeoutSeconds === undefined ? '' : ` of ${timeoutSeconds}s`}`;

/** "Slowest: virtwork-cpu-3 (scheduling), virtwork-disk-1 (booting)" */
export const formatSlowest = (vms: readonly VmState[]): string | undefined =>
  vms.length === 0 ? undefined : `Slowest: ${vms.map((vm) => `${vm.name} (${waitingLabel(vm)})`).join(', ')}`;

// Cursor movement and erasing, as every terminal since the VT100 understands them.
const ERASE_DOWN = '\u001b[J';
const up = (rows: number): string => (rows > 0 ? `\u001b[${rows}A` : '');

/** The display on `stream`, or undefined when the stream is not a terminal (nothing is drawn then). */
export const createProgressDisplay = (stream: ProgressStream, options: ProgressOptions = {}): ProgressDisplay | undefined => {
  if (!stream.isTTY) return undefined;
  const { timeoutSeconds, colour = false, minIntervalMs = 100, slowest = 3, now = () => performance.now() } = options;
  const paint = (style: Parameters<typeof styleText>[0], text: string): string => (colour ? styleText(style, text, { validateStream: false }) : text);
  const steps: CreationStep[] = [];
  let states: ReadonlyMap<string, VmState> | undefined;
  let waitStartedAt: number | undefined;
  let rows = 0;
  let drawnAt = -Infinity;
  let timer: NodeJS.Timeout | undefined;
  let clock: NodeJS.Timeout | undefined;

  const fit = (line: string): string => {
    const width = (stream.columns ?? 0) - 1;
    // eslint-disable-next-line no-control-regex
    const plain = line.replace(/\u001b\[[0-9;]*m/g, '');
    // a line cut short loses its colour: a cut must not split an escape sequence
    return width > 0 && plain.length > width ? `${plain.slice(0, width - 1)}…` : line;
  };
  const frame = (): string[] => {
    const lines: string[] = [];
    if (states === undefined) {
      if (steps.length > 0) lines.push(formatCreation(steps));
      return lines;
    }
    const counts = countReadiness(states.values());
    const elapsed = (now() - (waitStartedAt ?? now())) / 1000;
    const summary = formatProgress(counts);
    lines.push(`${counts.failed > 0 ? paint('red', summary) : counts.ready === counts.total ? paint('green', summary) : summary}   ${paint('dim', formatClock(elapsed, timeoutSeconds))}`);
    const slow = formatSlowest(slowestVms(states.values(), slowest));
    if (slow !== undefined) lines.push(slow);
    return lines;
  };
  /** Back to where the display starts, erased. */
  const clear = (): string => (rows === 0 ? '' : `\r${up(rows - 1)}${ERASE_DOWN}`);
  const draw = (): void => {
    timer = undefined;
    drawnAt = now();
    const lines = frame().map(fit);
    stream.write(`${clear()}${lines.join('\n')}`);
    rows = lines.length;
  };
  const schedule = (): void => {
    if (timer !== undefined) return;
    const wait = drawnAt + minIntervalMs - now();
    if (wait <= 0) draw();
    else timer = setTimeout(draw, wait).unref();
  };

  return {
    creating(step) {
      const at = steps.findIndex((s) => s.kind === step.kind);
      if (at === -1) steps.push(step);
      else steps[at] = step;
      schedule();
    },
    waiting(next) {
      states = next;
      if (waitStartedAt === undefined) {
        waitStartedAt = now();
        // the clock moves even while no VM changes
        clock = setInterval(schedule, 1000).unref();
      }
      schedule();
    },
    writeAbove(text) {
      const lines = frame().map(fit);
      stream.write(`${clear()}${text.endsWith('\n') ? text : `${text}\n`}${lines.join('\n')}`);
      rows = lines.length;
    },
    done() {
      clearTimeout(timer);
      clearInterval(clock);
      timer = undefined;
      const lines = frame().map(fit);
      stream.write(`${clear()}${lines.length > 0 ? `${lines.join('\n')}\n` : ''}`);
      rows = 0;
    },
  };
};
