import { mkdirSync } from 'node:fs';
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
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const db = new DatabaseSync(file, { timeout: BUSY_TIMEOUT_MS, enableForeignKeyConstraints: true });
  try {
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // Refuse a newer file before writing anything to it, even the journal mode.
    readSchemaVersion(db, file);
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec('PRAGMA foreign_keys = ON');
    migrateAuditDatabase(db, file);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
};
