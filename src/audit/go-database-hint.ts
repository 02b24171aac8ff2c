/**
 * The Go implementation of virtwork kept its audit database in `virtwork.db` in the current
 * directory; this one keeps it in the state directory. Someone switching would otherwise start an
 * empty history beside the old one without noticing: while ours does not exist yet, a Go-written
 * `./virtwork.db` is pointed out with the two ways to keep it.
 */
import { existsSync } from 'node:fs';
import { loadSqlite } from './load-sqlite.js';

/** The message about `candidate`, or undefined when it is not a Go-written audit database. */
export const goDatabaseHint = async (candidate: string, shownAs: string, defaultDb: string): Promise<string | undefined> => {
  if (!existsSync(candidate) || existsSync(defaultDb)) return undefined;
  if (!(await isGoAuditDatabase(candidate))) return undefined;
  return (
    `${shownAs} holds the audit history of the Go virtwork; this virtwork records to ${defaultDb}. ` +
    `To keep that history, pass --audit-db ${shownAs} (or set audit_db in the config file), ` +
    `or import it once: cp ${shownAs} ${defaultDb} (it is upgraded when first written)`
  );
};

/** Schema version 1 (the Go tool's, in either shape) with its comma-separated `workloads_csv`. */
const isGoAuditDatabase = async (file: string): Promise<boolean> => {
  const { DatabaseSync } = await loadSqlite();
  let db;
  try {
    db = new DatabaseSync(file, { readOnly: true });
    const version = db.prepare('SELECT max(version) AS version FROM schema_version').get()?.version;
    const columns = db.prepare("SELECT name FROM pragma_table_info('audit_log')").all().map((c) => String(c.name));
    return Number(version) === 1 && columns.includes('workloads_csv');
  } catch {
    // Not SQLite, or not an audit database: nothing to say about it.
    return false;
  } finally {
    db?.close();
  }
};
