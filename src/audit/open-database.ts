import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { loadSqlite } from './load-sqlite.js';
import { migrateAuditDatabase, readSchemaVersion } from './migrate.js';

/** How long a writer waits for another process's lock before failing (SQLITE_BUSY). */
export const BUSY_TIMEOUT_MS = 10_000;

/**
 * Opens (creating its directory and file if needed) and migrates the audit database.
 * WAL lets readers and one writer work at once; the busy timeout lets concurrent virtwork
 * processes queue for the write lock instead of failing. synchronous=NORMAL skips an fsync per
 * commit: a crashed process loses nothing, only a power loss may lose the last commits.
 */
export const openAuditDatabase = async (file: string): Promise<DatabaseSync> => {
  const { DatabaseSync } = await loadSqlite();
  if (file !== ':memory:') {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    // SQLite would create the file 0644 less the umask; its -wal and -shm files take the database
    // file's mode. The audit names clusters, namespaces and users: only its owner reads it.
    closeSync(openSync(file, 'a', 0o600));
  }
  const db = new DatabaseSync(file, { timeout: BUSY_TIMEOUT_MS, enableForeignKeyConstraints: true });
  try {
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // Refuse a newer file before writing anything to it, even the journal mode.
    readSchemaVersion(db, file);
    retryWhileBusy(() => db.exec('PRAGMA journal_mode = WAL'));
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec('PRAGMA foreign_keys = ON');
    migrateAuditDatabase(db, file);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
};

/**
 * Opens an existing audit database for reading only: no migration, no change of journal mode,
 * nothing written, so `audit list` and `audit show` leave the file as they found it, whatever
 * version wrote it (the reader understands every version's columns). A newer file is refused.
 */
export const openAuditDatabaseForReading = async (file: string): Promise<DatabaseSync> => {
  const { DatabaseSync } = await loadSqlite();
  const db = new DatabaseSync(file, { readOnly: true, timeout: BUSY_TIMEOUT_MS });
  try {
    readSchemaVersion(db, file);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
};

/** SQLite's SQLITE_BUSY, as node:sqlite reports it on `errcode`. */
const SQLITE_BUSY = 5;
const RETRY_PAUSE_MS = 20;

/**
 * Switching a new file to WAL needs an exclusive lock, and SQLite answers SQLITE_BUSY at once, without
 * the busy handler, while another process holds the write lock (two virtwork processes creating the
 * same database together). Retries for up to the busy timeout, pausing the thread between attempts.
 */
const retryWhileBusy = (statement: () => void): void => {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      statement();
      return;
    } catch (error) {
      if ((error as { errcode?: number }).errcode !== SQLITE_BUSY || Date.now() >= deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, RETRY_PAUSE_MS);
    }
  }
};
