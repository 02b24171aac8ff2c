/**
 * The audit database schema as an ordered list of migrations; `docs/audit-schema.md` documents it.
 *
 * Version 1 is the schema of the Go implementation of virtwork, so its `virtwork.db` files open
 * and upgrade here. Timestamps are ISO 8601 UTC text and JSON columns are text, which keeps the
 * schema portable to PostgreSQL (TEXT/TIMESTAMP, JSONB).
 */
import type { DatabaseSync } from 'node:sqlite';

export interface Migration {
  /** The schema version this migration produces. */
  readonly version: number;
  readonly description: string;
  readonly up: (db: DatabaseSync) => void;
}

/** DDL of schema version 1, unchanged forever: later versions are migrations on top of it. */
export const SCHEMA_V1 = `
CREATE TABLE IF NOT EXISTS audit_log (
  id                    INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id                TEXT    NOT NULL UNIQUE,
  linked_run_ids        TEXT,
  command               TEXT    NOT NULL,
  status                TEXT    NOT NULL DEFAULT 'in_progress',
  kubeconfig_path       TEXT,
  cluster_context       TEXT,
  namespace             TEXT    NOT NULL,
  container_disk_image  TEXT,
  default_cpu_cores     INTEGER,
  default_memory        TEXT,
  data_disk_size        TEXT,
  workloads_csv         TEXT,
  total_vm_count        INTEGER,
  total_workload_count  INTEGER,
  dry_run               INTEGER NOT NULL DEFAULT 0,
  ssh_auth_configured   INTEGER NOT NULL DEFAULT 0,
  cleanup_mode          TEXT,
  wait_for_ready        INTEGER NOT NULL DEFAULT 1,
  ready_timeout_seconds INTEGER,
  vms_deleted           INTEGER,
  services_deleted      INTEGER,
  secrets_deleted       INTEGER,
  namespace_deleted     INTEGER,
  started_at            TEXT    NOT NULL,
  completed_at          TEXT,
  error_summary         TEXT
);
CREATE INDEX IF NOT EXISTS idx_audit_log_started_at ON audit_log(started_at);
CREATE INDEX IF NOT EXISTS idx_audit_log_namespace  ON audit_log(namespace);
CREATE INDEX IF NOT EXISTS idx_audit_log_status     ON audit_log(status);
CREATE INDEX IF NOT EXISTS idx_audit_log_run_id     ON audit_log(run_id);

CREATE TABLE IF NOT EXISTS workload_details (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  audit_id         INTEGER NOT NULL REFERENCES audit_log(id),
  workload_type    TEXT    NOT NULL,
  enabled          INTEGER NOT NULL DEFAULT 1,
  vm_count         INTEGER NOT NULL,
  cpu_cores        INTEGER NOT NULL,
  memory           TEXT    NOT NULL,
  has_data_disk    INTEGER NOT NULL DEFAULT 0,
  data_disk_size   TEXT,
  requires_service INTEGER NOT NULL DEFAULT 0,
  status           TEXT    NOT NULL DEFAULT 'pending'
);
CREATE INDEX IF NOT EXISTS idx_workload_details_audit_id ON workload_details(audit_id);
CREATE INDEX IF NOT EXISTS idx_workload_details_type     ON workload_details(workload_type);

CREATE TABLE IF NOT EXISTS vm_details (
  id                   INTEGER PRIMARY KEY AUTOINCREMENT,
  audit_id             INTEGER NOT NULL REFERENCES audit_log(id),
  workload_id          INTEGER REFERENCES workload_details(id),
  vm_name              TEXT    NOT NULL,
  namespace            TEXT    NOT NULL,
  component            TEXT    NOT NULL,
  role                 TEXT,
  cpu_cores            INTEGER NOT NULL,
  memory               TEXT    NOT NULL,
  container_disk_image TEXT    NOT NULL,
  has_data_disk        INTEGER NOT NULL DEFAULT 0,
  data_disk_size       TEXT,
  phase                TEXT,
  status               TEXT    NOT NULL DEFAULT 'planned',
  created_at           TEXT,
  ready_at             TEXT,
  deleted_at           TEXT
);
CREATE INDEX IF NOT EXISTS idx_vm_details_audit_id    ON vm_details(audit_id);
CREATE INDEX IF NOT EXISTS idx_vm_details_workload_id ON vm_details(workload_id);
CREATE INDEX IF NOT EXISTS idx_vm_details_vm_name     ON vm_details(vm_name);

CREATE TABLE IF NOT EXISTS resource_details (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  audit_id      INTEGER NOT NULL REFERENCES audit_log(id),
  resource_type TEXT    NOT NULL,
  resource_name TEXT    NOT NULL,
  namespace     TEXT    NOT NULL,
  status        TEXT    NOT NULL DEFAULT 'created',
  created_at    TEXT,
  deleted_at    TEXT
);
CREATE INDEX IF NOT EXISTS idx_resource_details_audit_id ON resource_details(audit_id);
CREATE INDEX IF NOT EXISTS idx_resource_details_type     ON resource_details(resource_type);

CREATE TABLE IF NOT EXISTS events (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  audit_id     INTEGER NOT NULL REFERENCES audit_log(id),
  vm_id        INTEGER REFERENCES vm_details(id),
  workload_id  INTEGER REFERENCES workload_details(id),
  event_type   TEXT    NOT NULL,
  message      TEXT,
  error_detail TEXT,
  occurred_at  TEXT    NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_events_audit_id    ON events(audit_id);
CREATE INDEX IF NOT EXISTS idx_events_event_type  ON events(event_type);
CREATE INDEX IF NOT EXISTS idx_events_occurred_at ON events(occurred_at);
`;

/**
 * Version 2: workloads as a JSON array, DataVolume and PVC delete counts, workload params,
 * event subjects and JSON details, and the column names `workload`, `kind` and `name`.
 */
const SCHEMA_V2 = `
ALTER TABLE audit_log ADD COLUMN workloads TEXT NOT NULL DEFAULT '[]';
UPDATE audit_log SET workloads = '["' || replace(replace(workloads_csv, ' ', ''), ',', '","') || '"]'
  WHERE workloads_csv IS NOT NULL AND trim(workloads_csv) <> '';
ALTER TABLE audit_log DROP COLUMN workloads_csv;
UPDATE audit_log SET linked_run_ids = '[]' WHERE linked_run_ids IS NULL OR trim(linked_run_ids) = '';
ALTER TABLE audit_log ADD COLUMN datavolumes_deleted INTEGER;
ALTER TABLE audit_log ADD COLUMN pvcs_deleted INTEGER;

ALTER TABLE workload_details ADD COLUMN params TEXT NOT NULL DEFAULT '{}';

ALTER TABLE vm_details RENAME COLUMN component TO workload;
CREATE INDEX idx_vm_details_audit_vm ON vm_details(audit_id, vm_name);

ALTER TABLE resource_details RENAME COLUMN resource_type TO kind;
ALTER TABLE resource_details RENAME COLUMN resource_name TO name;

ALTER TABLE events ADD COLUMN subject TEXT;
ALTER TABLE events ADD COLUMN details TEXT;
`;

/** Version 3: the process and host that wrote an execution, so a row a killed process left is told apart. */
const SCHEMA_V3 = `
ALTER TABLE audit_log ADD COLUMN process_id INTEGER;
ALTER TABLE audit_log ADD COLUMN host TEXT;
`;

/**
 * Version 4: the cluster of each execution as its connection resolved it, typed or not: the API
 * server URL and where the kubeconfig came from (`cluster_context` and `kubeconfig_path` exist since
 * version 1), and an index for `audit list --context`; for a VM or object a run found already there,
 * the run that owns it.
 */
const SCHEMA_V4 = `
ALTER TABLE audit_log ADD COLUMN cluster_server TEXT;
ALTER TABLE audit_log ADD COLUMN kubeconfig_source TEXT;
CREATE INDEX IF NOT EXISTS idx_audit_log_cluster_context ON audit_log(cluster_context);
ALTER TABLE vm_details ADD COLUMN owner_run_id TEXT;
ALTER TABLE resource_details ADD COLUMN owner_run_id TEXT;
`;

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, description: 'baseline: the five audit tables', up: (db) => db.exec(SCHEMA_V1) },
  { version: 2, description: 'JSON workloads, DV/PVC counts, params, event subject/details', up: (db) => db.exec(SCHEMA_V2) },
  { version: 3, description: 'process id and host of each execution', up: (db) => db.exec(SCHEMA_V3) },
  { version: 4, description: 'cluster server URL and kubeconfig source of each execution', up: (db) => db.exec(SCHEMA_V4) },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
