/**
 * Brings an audit database to the latest schema version, one migration at a time, in one
 * transaction. The version lives in a one-row `schema_version` table (as in the Go implementation);
 * a file with audit tables but no such table predates versioning and counts as version 1. Version 1
 * is the Go implementation's schema, in either of its two shapes (see go-delete-counts.ts).
 */
import type { DatabaseSync } from 'node:sqlite';
import { EnvironmentError } from '../errors.js';
import { setAsideGoDeleteCounts } from './go-delete-counts.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './schema.js';

export const migrateAuditDatabase = (db: DatabaseSync, file: string): void => {
  // The common case, an up-to-date file, takes no write lock.
  if (readSchemaVersion(db, file) === LATEST_SCHEMA_VERSION) return;

  // IMMEDIATE takes the write lock first, so two processes opening a new file migrate it once.
  db.exec('BEGIN IMMEDIATE');
  try {
    const current = readSchemaVersion(db, file);
    // A version 1 file from a later Go build already has two of the columns version 2 adds.
    const restoreGoDeleteCounts = current === 1 ? setAsideGoDeleteCounts(db) : undefined;
    for (const migration of MIGRATIONS.filter((m) => m.version > current)) {
      migration.up(db);
    }
    restoreGoDeleteCounts?.();
    db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    db.exec('DELETE FROM schema_version');
    db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(LATEST_SCHEMA_VERSION);
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
};

/**
 * 0 for an empty file; refuses a file written by a newer virtwork. A file with audit tables but no
 * `schema_version` (written before versioning, or the table lost) is recognised by its columns.
 */
export const readSchemaVersion = (db: DatabaseSync, file: string): number => {
  const version = hasTable(db, 'schema_version')
    ? Number((db.prepare('SELECT max(version) AS version FROM schema_version').get()?.version ?? 0))
    : hasTable(db, 'audit_log')
      ? versionByShape(db)
      : 0;
  if (version > LATEST_SCHEMA_VERSION) {
    throw new EnvironmentError(
      `audit database ${file} has schema version ${version}, newer than this virtwork understands ` +
        `(${LATEST_SCHEMA_VERSION}): upgrade virtwork, or use another file with --audit-db`,
    );
  }
  return version;
};

/** The newest version whose columns `audit_log` has: v4 `cluster_server`, v3 `process_id`, v2 `workloads` (v1 had `workloads_csv`). */
const versionByShape = (db: DatabaseSync): number => {
  const columns = new Set(db.prepare("SELECT name FROM pragma_table_info('audit_log')").all().map((c) => String(c.name)));
  if (columns.has('cluster_server')) return 4;
  if (columns.has('process_id')) return 3;
  if (columns.has('workloads')) return 2;
  return 1;
};

const hasTable = (db: DatabaseSync, name: string): boolean =>
  db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
