/**
 * The program: global options, the commands, and the one place where an error becomes a line on
 * stderr and an exit code. Commands load their heavy modules (zod, yaml, pino, the workloads and
 * planning) inside their actions, so `virtwork --version` loads little more than commander.
 */
import { Command, CommanderError } from 'commander';
import { exitCodeFor } from '../errors.js';
import type { ExitCode } from '../errors.js';
import { createScrubber } from '../logging/redact.js';
import type { Scrubber } from '../logging/redact.js';
import { processDeps } from './deps.js';
import type { CliDeps, CommandContext } from './deps.js';
import { addSettingOptions } from './options.js';
import { runCommand } from './run.js';
import { UsageError } from './usage-error.js';
import { readVersion, versionCommand } from './version.js';
import { workloadsCommand } from './workloads.js';

export const buildProgram = (ctx: CommandContext): Command => {
  const program = new Command('virtwork')
    .description('Create KubeVirt VMs on OpenShift Virtualization that run continuous workloads for monitoring')
    .version(readVersion(), '--version', 'print the version and exit')
    .helpOption('-h, --help', 'show help for a command')
    .helpCommand(false)
    .configureHelp({ showGlobalOptions: true })
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (text) => ctx.stdout.write(text),
      writeErr: (text) => ctx.stderr.write(text),
      // main prints every error, commander's included, as one line.
      outputError: () => undefined,
    })
    .exitOverride((error) => {
      throw error.exitCode === 0 ? error : new UsageError(error);
    });
  addSettingOptions(program, 'global');
  for (const command of [runCommand(ctx), workloadsCommand(ctx), versionCommand(ctx)]) {
    program.addCommand(command.copyInheritedSettings(program));
  }
  return program;
};

/** Run the CLI on `argv` (`process.argv` form) and return the exit code; never throws. */
export const main = async (argv: readonly string[], deps: CliDeps = processDeps()): Promise<ExitCode> => {
  const ctx: CommandContext = { ...deps, scrubber: createScrubber() };
  try {
    await buildProgram(ctx).parseAsync([...argv]);
    return 0;
  } catch (error) {
    // --help and --version end parsing through commander's exit path with code 0.
    if (error instanceof CommanderError && error.exitCode === 0) return 0;
    if (!(error instanceof UsageError && error.shown)) ctx.stderr.write(`${formatError(error, ctx.scrubber)}\n`);
    return exitCodeFor(error);
  }
};

/** kubectl style: `error: <what>`, on one line, with no secret in it. */
const formatError = (error: unknown, scrubber: Scrubber): string => {
  const message = error instanceof Error ? error.message : String(error);
  return `error: ${scrubber.scrub(message).replace(/\s*\n\s*/g, ' ')}`;
};
