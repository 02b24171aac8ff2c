/**
 * What every doctor check returns: one line of the checklist. Checks are pure functions over what
 * was read from the cluster (or the plan), so each is tested alone with hand-made inputs.
 */
import { ApiError } from '../../kube/api-errors.js';
import type { VirtworkError } from '../../errors.js';

export type CheckStatus = 'pass' | 'warn' | 'fail';

export interface CheckResult {
  /** Short and stable, for scripts: `api`, `kubevirt`, `permissions`, ... */
  readonly name: string;
  readonly status: CheckStatus;
  /** What was found, with the figures. */
  readonly message: string;
  /** What to do about it; every failure has one. */
  readonly fix?: string;
}

export const pass = (name: string, message: string): CheckResult => ({ name, status: 'pass', message });
export const warn = (name: string, message: string, fix?: string): CheckResult => ({ name, status: 'warn', message, ...(fix !== undefined && { fix }) });
export const fail = (name: string, message: string, fix: string): CheckResult => ({ name, status: 'fail', message, fix });

/** A read from the cluster: its value, or the error it ended with (and the HTTP status, if any). */
export type Read<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: VirtworkError; readonly status?: number };

export const readOk = <T>(value: T): Read<T> => ({ ok: true, value });
export const readFailed = (error: VirtworkError): Read<never> => {
  const status = error instanceof ApiError ? error.status : undefined;
  return { ok: false, error, ...(status !== undefined && { status }) };
};

/** Why a read failed, short: RBAC denials and missing APIs in a word, anything else as the error says it. */
export const whyFailed = (read: Extract<Read<unknown>, { ok: false }>): string =>
  read.status === 403 ? 'forbidden' : read.status === 404 ? 'not found' : read.error.message;

/** "a, b and c" */
export const listWords = (words: readonly string[]): string =>
  words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
