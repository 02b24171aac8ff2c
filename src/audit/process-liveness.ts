/**
 * Whether the virtwork process that wrote an execution still runs, for telling a live
 * `in_progress` row from one a killed process left behind (SIGKILL, a crash, a lost machine).
 * Answerable only on the machine that wrote it; elsewhere the row says what it says.
 */
import { hostname } from 'node:os';

export const isAbandoned = (processId: number | null, host: string | null): boolean => {
  if (processId === null || host === null || host !== hostname()) return false;
  return !isVirtworkProcess(processId);
};

/**
 * Whether a process with that id runs. A process id the system has given to another program since
 * reads as alive: the row then stays `in_progress`, as before, rather than being called abandoned
 * wrongly.
 */
const isVirtworkProcess = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};
