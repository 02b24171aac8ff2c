/**
 * The logger of a command: its level (--verbose, --quiet), its format (--log-format, else text on a
 * terminal and JSON elsewhere), colour (a terminal without NO_COLOR), and where its lines go: to
 * stderr, or above the progress display while one is drawn.
 */
import type { SettingInputs } from '../config/resolve-settings.js';
import { InvalidInputError } from '../errors.js';
import type { Logger, LogLevel, LogSink } from '../logging/logger.js';
import type { CommandContext, TextSink } from './deps.js';

export interface CommandLogger {
  readonly logger: Logger;
  /** --quiet: errors and the result only; no progress display either. */
  readonly quiet: boolean;
}

/** Whether `stream` is a terminal a person reads. */
export const isTerminal = (stream: TextSink): boolean => (stream as TextSink & { isTTY?: boolean }).isTTY === true;

/** Colour only for a person at a terminal, and never when NO_COLOR is set to anything (no-color.org). */
export const colourOn = (stream: TextSink, env: CommandContext['env']): boolean => isTerminal(stream) && (env.NO_COLOR ?? '') === '';

export const createCommandLogger = async (inputs: SettingInputs, verbose: boolean, ctx: CommandContext): Promise<CommandLogger> => {
  const [{ resolveDefaulted, resolveSetting }, { createLogger, stderrSink }] = await Promise.all([
    import('../config/resolve-settings.js'),
    import('../logging/logger.js'),
  ]);
  const quiet = resolveDefaulted('quiet', inputs);
  if (quiet.value && verbose) throw new InvalidInputError(quiet.field, 'with --verbose', 'choose one: --quiet logs errors only, --verbose logs everything');
  const level: LogLevel = quiet.value ? 'error' : verbose ? 'debug' : 'info';
  const format = resolveSetting('logFormat', inputs)?.value ?? (isTerminal(ctx.stderr) ? 'text' : 'json');
  const target = ctx.logSink ?? stderrSink();
  const sink: LogSink = { write: (line) => (ctx.logRoute.above ?? ((text: string) => target.write(text)))(line) };
  const logger = createLogger({ level, format, colour: format === 'text' && colourOn(ctx.stderr, ctx.env), scrubber: ctx.scrubber, sink });
  return { logger, quiet: quiet.value };
};
