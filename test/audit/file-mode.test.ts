/** The audit database names clusters, namespaces and users: only its owner may read it. */
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { openAuditDatabase } from '../../src/audit/index.js';
import { test } from './temp-dir.js';

const modeOf = (file: string): string => (statSync(file).mode & 0o777).toString(8);

test('a new database, its WAL and its shared-memory file are created 0600 whatever the umask', async ({ dir }) => {
  const previous = process.umask(0o022);
  try {
    const file = join(dir, 'state', 'virtwork.db');
    const db = await openAuditDatabase(file);
    db.exec("INSERT INTO audit_log (run_id, command, namespace, started_at) VALUES ('r', 'run', 'ns', '2026-01-01T00:00:00Z')");
    expect([modeOf(file), modeOf(`${file}-wal`), modeOf(`${file}-shm`)]).toEqual(['600', '600', '600']);
    expect(modeOf(join(dir, 'state'))).toBe('700');
    db.close();
  } finally {
    process.umask(previous);
  }
});

test('an existing database keeps the mode its owner gave it', async ({ dir }) => {
  const file = join(dir, 'shared.db');
  writeFileSync(file, '', { mode: 0o640 });
  const db = await openAuditDatabase(file);
  db.close();
  expect(modeOf(file)).toBe('640');
});
