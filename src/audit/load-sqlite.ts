/**
 * Loads `node:sqlite` without its one-time ExperimentalWarning, so stderr carries only JSON logs.
 *
 * Node emits that warning through `process.emitWarning` while the module loads. We replace
 * `emitWarning` for the duration of the import only, drop exactly that warning (type
 * ExperimentalWarning, message about SQLite) and pass every other warning through unchanged.
 * A dynamic import also keeps SQLite off the start-up path of commands that never audit.
 */
import type * as Sqlite from 'node:sqlite';

let loaded: Promise<typeof Sqlite> | undefined;

export const loadSqlite = (): Promise<typeof Sqlite> => (loaded ??= importQuietly());

const importQuietly = async (): Promise<typeof Sqlite> => {
  const original = Object.getOwnPropertyDescriptor(process, 'emitWarning');
  const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]): void => {
    if (!isSqliteExperimentalWarning(warning, rest[0])) emitWarning(warning, ...rest);
  });
  try {
    return await import('node:sqlite');
  } finally {
    if (original === undefined) Reflect.deleteProperty(process, 'emitWarning');
    else Object.defineProperty(process, 'emitWarning', original);
  }
};

const isSqliteExperimentalWarning = (warning: string | Error, typeOrOptions: unknown): boolean => {
  const type =
    typeof typeOrOptions === 'string'
      ? typeOrOptions
      : ((typeOrOptions as { type?: unknown } | undefined)?.type ?? (warning instanceof Error ? warning.name : undefined));
  const message = typeof warning === 'string' ? warning : warning.message;
  return type === 'ExperimentalWarning' && /\bSQLite\b/.test(message);
};
