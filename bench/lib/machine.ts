/**
 * Which time a budget is judged on. Wall time is what a user feels, but on a shared machine whose
 * load average is above its core count, a child waits for a core and its wall time measures the
 * neighbours; its CPU time (user + sys) does not. So: wall on a quiet machine, CPU on a busy one.
 */
import os from 'node:os';

export type Metric = 'wall' | 'cpu';
export type MetricChoice = Metric | 'auto';

export interface MachineState {
  readonly cores: number;
  /** 1-minute load average, when the benchmark started and when it ended. */
  readonly loadBefore: number;
  readonly loadAfter: number;
}

export const loadAverage = (): number => os.loadavg()[0] ?? 0;
export const coreCount = (): number => os.availableParallelism();

/** `auto`: CPU time when the load average, at the start or the end, was above the number of cores. */
export const chooseMetric = (choice: MetricChoice, machine: MachineState): Metric => {
  if (choice !== 'auto') return choice;
  return Math.max(machine.loadBefore, machine.loadAfter) > machine.cores ? 'cpu' : 'wall';
};

/** One line for the report: the load, the cores, and the time the budgets were judged on, and why. */
export const describeMachine = (choice: MetricChoice, machine: MachineState): string => {
  const metric = chooseMetric(choice, machine);
  const load = `load average ${machine.loadBefore.toFixed(1)} -> ${machine.loadAfter.toFixed(1)} on ${machine.cores} cores`;
  const why =
    choice !== 'auto'
      ? `as asked (--judge ${choice})`
      : metric === 'cpu'
        ? 'because the load average was above the core count'
        : 'because the load average stayed at or below the core count';
  const judged = metric === 'cpu' ? 'CPU time (user + sys)' : 'wall time';
  return `${os.cpus()[0]?.model ?? 'unknown CPU'}; ${load}: budgets judged on ${judged} ${why}`;
};
