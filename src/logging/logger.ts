/**
 * The structured logger: pino lines on stderr (stdout carries results), JSON or short text lines,
 * INFO by default, DEBUG with --verbose, ERROR only with --quiet, written synchronously so nothing
 * is lost when the process exits.
 */
import pino from 'pino';
import type { Logger } from 'pino';
import { redactFields } from './redact.js';
import type { Scrubber } from './redact.js';
import { formatLogLine } from './text-format.js';

export type { Logger };

/** Where lines go; pino's sync destination on fd 2 unless a test passes its own. */
export interface LogSink {
  write(line: string): void;
}

/** The least severe level written. */
export type LogLevel = 'debug' | 'info' | 'error';

export interface LoggerOptions {
  readonly level: LogLevel;
  /** `json` (the default): one object a line; `text`: one short line for a person (see text-format.ts). */
  readonly format?: 'json' | 'text';
  /** Colour the text lines' levels (only with `format: 'text'`). */
  readonly colour?: boolean;
  /** Values to scrub from every line (see redact.ts). */
  readonly scrubber?: Scrubber;
  readonly sink?: LogSink;
}

/** pino's synchronous destination on fd 2: lines are not lost when the process exits. */
export const stderrSink = (): LogSink => pino.destination({ fd: 2, sync: true });

export const createLogger = ({ level, format = 'json', colour = false, scrubber, sink }: LoggerOptions): Logger => {
  const target = sink ?? stderrSink();
  const scrub = (line: string): string => (scrubber ? scrubber.scrub(line) : line);
  // Scrubbed as JSON first (where a secret may sit escaped), then as text too.
  const stream: LogSink =
    format === 'text'
      ? { write: (line) => target.write(scrub(formatLogLine(scrub(line), { colour }))) }
      : scrubber
        ? { write: (line) => target.write(scrub(line)) }
        : target;
  return pino(
    {
      level,
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
