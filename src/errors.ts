/**
 * The error classes every layer throws (layer 0: imports nothing).
 * Each carries the process exit code it maps to; `exitCodeFor` is the one place that decides.
 *   0 success, 1 runtime failure, 2 the user must change input or environment, 3 not all VMs ready.
 */

export type ExitCode = 0 | 1 | 2 | 3 | 130 | 143;

/** Base class: a message for the user, an exit code, and the lower error kept as `cause`. */
export class VirtworkError extends Error {
  readonly exitCode: ExitCode = 1;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'VirtworkError';
  }
}

/**
 * Bad flags, env, config file, params or catalog: names the field, the bad value and the fix.
 * `new InvalidInputError('--memory', '2GB', 'use a Kubernetes quantity such as 2Gi')`
 */
export class InvalidInputError extends VirtworkError {
  override readonly exitCode = 2;
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly fix: string,
    options?: ErrorOptions,
  ) {
    super(`${field}=${formatValue(value)}: ${fix}`, options);
    this.name = 'InvalidInputError';
  }
}

/**
 * An invariant of virtwork's own code failed: a built-in workload or the planner produced something
 * it must not. Nothing the user typed can fix it, so the message says so instead of naming a field.
 */
export class InternalError extends VirtworkError {
  constructor(message: string, options?: ErrorOptions) {
    super(`${message} (this is a bug in virtwork; please report it)`, options);
    this.name = 'InternalError';
  }
}

/** The environment must change before a retry helps: missing kubeconfig, API absent, 401/403. */
export class EnvironmentError extends VirtworkError {
  override readonly exitCode = 2;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EnvironmentError';
  }
}

/** VMs were created but not all were ready before the timeout. */
export class NotReadyError extends VirtworkError {
  override readonly exitCode = 3;
  constructor(
    message: string,
    readonly notReady: readonly string[],
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'NotReadyError';
  }
}

/** The run was cancelled by SIGINT (130) or SIGTERM (143). */
export class InterruptedError extends VirtworkError {
  override readonly exitCode: 130 | 143;
  constructor(readonly signal: 'SIGINT' | 'SIGTERM', options?: ErrorOptions) {
    super(`interrupted by ${signal}`, options);
    this.name = 'InterruptedError';
    this.exitCode = signal === 'SIGINT' ? 130 : 143;
  }
}

/** The one mapping from an error to a process exit code. */
export const exitCodeFor = (error: unknown): ExitCode =>
  error instanceof VirtworkError ? error.exitCode : 1;

const formatValue = (value: unknown): string =>
  typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
