/** The audit trail: what virtwork did, per execution, in a local SQLite file. */
export type { Auditor } from './auditor.js';
export { NoOpAuditor } from './noop-auditor.js';
export { SqliteAuditor, type SqliteAuditorOptions } from './sqlite-auditor.js';
export { openAuditDatabase } from './open-database.js';
export * from './audit-reader.js';
export type * from './records.js';
export { runExecutionStart } from './run-execution.js';
