import { hostname } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect } from 'vitest';
import { listExecutions, openAuditDatabase, showExecution } from '../../src/audit/index.js';
import { test } from './temp-dir.js';
import { startWriter, waitForLine } from './writer-process.js';

describe('the audit database across processes', () => {
  test('two processes writing the same new database at once both succeed', async ({ dir }) => {
    const file = join(dir, 'virtwork.db');
    const writers = ['run-one', 'run-two'].map((runId) => startWriter([file, runId, '150', '--wait-for-go']));
    await Promise.all(writers.map((w) => waitForLine(w.child, 'ready')));
    // Both open the missing file (and migrate it) and write from the same moment.
    for (const w of writers) w.child.stdin?.end('go\n');
    const exits = await Promise.all(writers.map((w) => w.exit));

    expect(exits.map((e) => [e.code, e.stderr])).toEqual([[0, ''], [0, '']]);
    const db = await openAuditDatabase(file);
    const runs = ['run-one', 'run-two'].map((runId) => showExecution(db, runId));
    const versions = db.prepare('SELECT version FROM schema_version').all();
    db.close();
    for (const run of runs) {
      expect(run?.execution.status).toBe('success');
      expect(run?.vms).toHaveLength(150);
      expect(run?.vms.every((vm) => vm.status === 'created')).toBe(true);
      expect(run?.events.filter((e) => e.type === 'vm_created')).toHaveLength(150);
    }
    expect(versions).toHaveLength(1);
  });

  test('a process opening a new database while another holds its write lock waits, switches it to WAL and writes', async ({ dir }) => {
    const file = join(dir, 'virtwork.db');
    // Another writer took the write lock of the new file before it was in WAL mode.
    const holder = new DatabaseSync(file);
    holder.exec('CREATE TABLE other (x)');
    holder.exec('BEGIN IMMEDIATE');
    holder.exec('INSERT INTO other VALUES (1)');
    const writer = startWriter([file, 'run-late', '3', '--report-busy']);
    // Released only once the writer says SQLite refused it the lock: the contended path has run.
    await waitForLine(writer.child, 'busy');
    holder.exec('COMMIT');
    holder.close();
    const exit = await writer.exit;

    expect([exit.code, exit.stdout, exit.stderr]).toEqual([0, 'busy\ndone\n', '']);
    const db = await openAuditDatabase(file);
    const mode = db.prepare('PRAGMA journal_mode').get();
    const run = showExecution(db, 'run-late');
    db.close();
    expect(mode).toEqual({ journal_mode: 'wal' });
    expect(run?.execution.status).toBe('success');
    expect(run?.vms).toHaveLength(3);
  });

  test('a process killed mid-run leaves its row, shown as abandoned, and every VM recorded so far', async ({ dir }) => {
    const file = join(dir, 'virtwork.db');
    const writer = startWriter([file, 'run-crash', '10', '--crash-after', '4']);
    const exit = await writer.exit;

    expect(exit.signal).toBe('SIGKILL');
    const db = await openAuditDatabase(file);
    const run = showExecution(db, 'run-crash');
    const listed = listExecutions(db);
    db.close();
    expect(run?.execution).toMatchObject({ status: 'abandoned', completedAt: null, totalVmCount: 10, host: hostname() });
    expect(run?.vms.map((vm) => vm.vmName)).toEqual(['virtwork-cpu-0', 'virtwork-cpu-1', 'virtwork-cpu-2', 'virtwork-cpu-3']);
    expect(listed.map((e) => [e.runId, e.status])).toEqual([['run-crash', 'abandoned']]);
    // stored as it was left: in_progress, with the dead writer's process id
    const raw = new DatabaseSync(file).prepare('SELECT status, process_id FROM audit_log').get();
    expect(raw).toEqual({ status: 'in_progress', process_id: writer.child.pid });
  });

  test('opening the database prints nothing on stderr (the SQLite ExperimentalWarning is filtered)', async ({ dir }) => {
    const exit = await startWriter([join(dir, 'virtwork.db'), 'run-quiet', '1']).exit;
    expect(exit).toMatchObject({ code: 0, stderr: '', stdout: 'done\n' });
  });
});
