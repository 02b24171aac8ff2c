/**
 * The Go implementation of virtwork wrote schema version 1 in two shapes: later builds added
 * `dvs_deleted` and `pvcs_deleted` to `audit_log` without changing the version. Version 2 adds those
 * counts itself (as `datavolumes_deleted` and `pvcs_deleted`), so before it runs on such a file the
 * two columns are set aside, and their values are put back into version 2's columns afterwards.
 */
import type { DatabaseSync } from 'node:sqlite';

/** The Go column and the version 2 column that holds the same count. */
const GO_DELETE_COUNTS = [
  ['dvs_deleted', 'datavolumes_deleted'],
  ['pvcs_deleted', 'pvcs_deleted'],
] as const;

const SET_ASIDE_TABLE = 'temp.go_delete_counts';

/**
 * Inside the migration's transaction, on a version 1 file: moves the Go delete counts (those
 * present) out of `audit_log` into a temporary table and returns the step that restores them once
 * the migrations have run; undefined when the file has neither column (the earlier shape, or ours).
 */
export const setAsideGoDeleteCounts = (db: DatabaseSync): (() => void) | undefined => {
  const columns = new Set(db.prepare("SELECT name FROM pragma_table_info('audit_log')").all().map((c) => String(c.name)));
  const present = GO_DELETE_COUNTS.filter(([goColumn]) => columns.has(goColumn));
  if (present.length === 0) return undefined;

  db.exec(`CREATE TEMP TABLE go_delete_counts AS SELECT id, ${present.map(([goColumn]) => goColumn).join(', ')} FROM audit_log`);
  for (const [goColumn] of present) db.exec(`ALTER TABLE audit_log DROP COLUMN ${goColumn}`);

  return () => {
    const assignments = present.map(
      ([goColumn, column]) => `${column} = (SELECT g.${goColumn} FROM ${SET_ASIDE_TABLE} g WHERE g.id = audit_log.id)`,
    );
    db.exec(`UPDATE audit_log SET ${assignments.join(', ')}`);
    db.exec(`DROP TABLE ${SET_ASIDE_TABLE}`);
  };
};
