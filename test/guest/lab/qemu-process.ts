/**
 * QEMU processes of this test worker, stopped by PID: on request, when the worker exits, and by the
 * kernel if the worker dies without running its exit hooks (`setpriv --pdeathsig`).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const running = new Set<number>();
let hooksInstalled = false;

const killNow = (pid: number): void => {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
};

/** Exit hooks kill whatever is still running: the synchronous 'exit' and the signals that end a worker. */
const installExitHooks = (): void => {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', () => running.forEach(killNow));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      running.forEach(killNow);
      process.kill(process.pid, signal);
    });
  }
};

export interface QemuProcess {
  readonly pid: number;
  /** Why QEMU is no longer running (its exit code or signal, and the tail of its output); undefined while it runs. */
  exitReason(): string | undefined;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts QEMU with `args`; its own stdout and stderr go to `outputFile`. */
export const startQemu = (args: readonly string[], outputFile: string): QemuProcess => {
  installExitHooks();
  const output = openSync(outputFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn('setpriv', ['--pdeathsig', 'SIGKILL', '--', 'qemu-system-x86_64', ...args], {
      stdio: ['ignore', output, output],
    });
  } finally {
    closeSync(output);
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error('qemu-system-x86_64 did not start (no pid)');
  running.add(pid);
  let exitReason: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(pid);
      exitReason = signal ? `QEMU was killed by ${signal}` : `QEMU exited with code ${String(code)}`;
      resolve();
    });
  });
  return {
    pid,
    exitReason: () => exitReason,
    async stop(graceMs = 5_000) {
      if (exitReason !== undefined) return;
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // Exited between the check and the kill.
      }
      const gone = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
      if (!gone) {
        killNow(pid);
        await exited;
      }
    },
  };
};

/** PIDs of QEMU processes this worker started that still run (for tests of the harness itself). */
export const runningQemuPids = (): readonly number[] => [...running];
