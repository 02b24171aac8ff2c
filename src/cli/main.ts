/**
 * The program: global options, the commands, and the one place where an error becomes a line on
 * stderr and an exit code. Commands load their heavy modules (zod, yaml, pino, the workloads and
 * planning) inside their actions, so `virtwork --version` loads little more than commander.
 */
import { Command, CommanderError, Option } from 'commander';
import { InterruptedError, exitCodeFor } from '../errors.js';
import type { ExitCode } from '../errors.js';
import { createScrubber } from '../logging/redact.js';
import type { Scrubber } from '../logging/redact.js';
import { processDeps } from './deps.js';
import type { CliDeps, CommandContext } from './deps.js';
import { auditCommand } from './commands/audit.js';
import { cleanupCommand } from './commands/cleanup.js';
import { completionCommand } from './commands/completion.js';
import { describeCommand } from './commands/describe.js';
import { doctorCommand } from './commands/doctor.js';
import { addSettingOptions } from './options.js';
import { runCommand } from './commands/run.js';
import { statusCommand } from './commands/status.js';
import { UsageError, throwUsageError } from './usage-error.js';
import { validateCommand } from './commands/validate.js';
import { verifyCommand } from './commands/verify.js';
import { waitCommand } from './commands/wait.js';
import { readVersion, versionCommand } from './commands/version.js';
import { workloadsCommand } from './commands/workloads.js';
import { completeCommand } from './commands/complete.js';
import { visibleGlobalOptions } from './global-options.js';

export const buildProgram = (ctx: CommandContext): Command => {
  const program = new Command('virtwork')
    .description('Create KubeVirt VMs on OpenShift Virtualization that run continuous workloads for monitoring')
    .version(readVersion(), '--version', 'print the version and exit')
    .helpOption('-h, --help', 'show help for a command')
    .helpCommand('help [command]', 'show help for a command')
    .configureHelp({ showGlobalOptions: true, visibleGlobalOptions })
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (text) => ctx.stdout.write(text),
      writeErr: (text) => ctx.stderr.write(text),
      // main prints every error, commander's included, as one line.
      outputError: () => undefined,
    });
  program.exitOverride(throwUsageError(program));
  addSettingOptions(program, 'global');
  // The negation of the `audit` setting: commander stores both under `audit`.
  program.addOption(new Option('--no-audit', 'record nothing in the audit database'));
  const commands = [runCommand(ctx), doctorCommand(ctx), cleanupCommand(ctx), statusCommand(ctx), waitCommand(ctx), describeCommand(ctx), verifyCommand(ctx), auditCommand(ctx), validateCommand(ctx), workloadsCommand(ctx), versionCommand(ctx), completionCommand(ctx)];
  for (const command of commands) {
    program.addCommand(command.copyInheritedSettings(program).exitOverride(throwUsageError(command)));
    // nested commands (`audit list`, `audit show`) report errors the same way
    for (const nested of command.commands) nested.copyInheritedSettings(command).exitOverride(throwUsageError(nested));
  }
  // For the completion scripts only: not in help, not completed itself.
  program.addCommand(completeCommand(ctx).copyInheritedSettings(program).exitOverride(throwUsageError(program)), { hidden: true });
  return program;
};

/** Run the CLI on `argv` (`process.argv` form) and return the exit code; never throws. */
export const main = async (argv: readonly string[], deps: CliDeps = processDeps()): Promise<ExitCode> => {
  const interrupts = listenForInterrupts();
  const ctx: CommandContext = { ...deps, scrubber: createScrubber(), logRoute: {}, signal: interrupts.signal, armInterrupts: interrupts.arm };
  try {
    const program = buildProgram(ctx);
    // `virtwork` alone asks what it can do: help on stdout, exit 0, as `kubectl` alone does.
    if (argv.length <= 2) {
      ctx.stdout.write(program.helpInformation());
      return 0;
    }
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    // --help and --version end parsing through commander's exit path with code 0.
    if (error instanceof CommanderError && error.exitCode === 0) return 0;
    if (!(error instanceof UsageError && error.shown)) ctx.stderr.write(`${formatError(error, ctx.scrubber)}\n`);
    return exitCodeFor(error);
  } finally {
    interrupts.dispose();
  }
};

/**
 * Once armed, SIGINT and SIGTERM abort one controller with an InterruptedError (exit 130 / 143):
 * cluster work stops, prints what exists and returns through the usual error path. A second signal
 * ends the process at once, for when the first cannot be honoured quickly. `run` arms them once
 * planned, a dry run too (its printing yields between writes). Before that, the signals keep their
 * default and end the process: a JavaScript handler cannot run during CPU-bound work (planning),
 * and there is nothing yet to wind down.
 */
const listenForInterrupts = (): { signal: AbortSignal; arm: () => void; dispose: () => void } => {
  const controller = new AbortController();
  const handlers: (readonly ['SIGINT' | 'SIGTERM', () => void])[] = [];
  return {
    signal: controller.signal,
    arm: () => {
      if (handlers.length > 0) return;
      for (const name of ['SIGINT', 'SIGTERM'] as const) {
        const handler = (): void => {
          if (controller.signal.aborted) process.exit(new InterruptedError(name).exitCode);
          controller.abort(new InterruptedError(name));
        };
        process.on(name, handler);
        handlers.push([name, handler]);
      }
    },
    dispose: () => {
      for (const [name, handler] of handlers) process.off(name, handler);
    },
  };
};

/** kubectl style: `error: <what>`, on one line, with no secret in it. */
const formatError = (error: unknown, scrubber: Scrubber): string => {
  const message = error instanceof Error ? error.message : String(error);
  return `error: ${scrubber.scrub(message).replace(/\s*\n\s*/g, ' ')}`;
};
