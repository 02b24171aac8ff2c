/**
 * The structured logger: pino JSON lines on stderr (stdout carries results), INFO by default and
 * DEBUG with --verbose, written synchronously so nothing is lost when the process exits.
 */
import pino from 'pino';
import type { Logger } from 'pino';
import { redactFields } from './redact.js';
import type { Scrubber } from './redact.js';

export type { Logger };

/** Where lines go; pino's sync destination on fd 2 unless a test passes its own. */
export interface LogSink {
  write(line: string): void;
}

export interface LoggerOptions {
  readonly verbose: boolean;
  /** Values to scrub from every line (see redact.ts). */
  readonly scrubber?: Scrubber;
  readonly sink?: LogSink;
}

export const createLogger = ({ verbose, scrubber, sink }: LoggerOptions): Logger => {
  const target = sink ?? pino.destination({ fd: 2, sync: true });
  const stream: LogSink = scrubber ? { write: (line) => target.write(scrubber.scrub(line)) } : target;
  return pino(
    {
      level: verbose ? 'debug' : 'info',
      // No pid/hostname: a one-shot CLI's lines are read next to the command that wrote them.
      base: null,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (fields) => redactFields(fields),
      },
    },
    stream,
  );
};
