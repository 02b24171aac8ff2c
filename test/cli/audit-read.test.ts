/**
 * `audit list` and `audit show` read a database as they find it: whatever version wrote it, they
 * never migrate or otherwise write it, so reading an old file (or one that lost its schema_version
 * table) neither fails nor changes it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/audit/schema.js';
import { BUILD_TIMEOUT_MS, ensureBuilt, runCli, scratchDir } from './support/run-cli.js';

beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);

const V1_FIXTURE = readFileSync(new URL('../audit/fixtures/virtwork-v1.sql', import.meta.url), 'utf8');
const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** The v1 fixture, taken to `version` by the migrations themselves, with or without its schema_version table. */
const makeDb = async (version: number, keepVersionTable: boolean): Promise<string> => {
  const file = join(await scratchDir(), 'virtwork.db');
  const db = new DatabaseSync(file);
  db.exec(V1_FIXTURE);
  for (const migration of MIGRATIONS.filter((m) => m.version > 1 && m.version <= version)) migration.up(db);
  if (keepVersionTable) db.prepare('UPDATE schema_version SET version = ?').run(version);
  else db.exec('DROP TABLE schema_version');
  db.close();
  return file;
};

describe('reading an audit database', () => {
  it.each([
    ['version 1', 1, true],
    ['version 2 without its schema_version table', 2, false],
    ['version 1 without its schema_version table', 1, false],
  ] as const)('lists and shows a %s file, and leaves it byte for byte as it was', async (_, version, keepVersionTable) => {
    const file = await makeDb(version, keepVersionTable);
    const before = sha256(file);

    const list = await runCli(['audit', 'list', '--audit-db', file, '-o', 'json']);
    expect(list.code, list.stderr).toBe(0);
    const executions = JSON.parse(list.stdout) as { runId: string; command: string; workloads: string[] }[];
    expect(executions.map((e) => e.command).sort()).toEqual(['cleanup', 'run']);
    const run = executions.find((e) => e.command === 'run');
    expect(run?.workloads).toEqual(['cpu', 'network']);

    const show = await runCli(['audit', 'show', run?.runId ?? '', '--audit-db', file, '-o', 'json']);
    expect(show.code, show.stderr).toBe(0);
    const details = JSON.parse(show.stdout) as { vms: { workload: string }[]; resources: { kind: string; name: string }[] };
    expect(details.vms.length).toBeGreaterThan(0);
    expect(details.vms.every((vm) => vm.workload !== '')).toBe(true);
    expect(details.resources.every((r) => r.kind !== '' && r.name !== '')).toBe(true);

    expect(sha256(file)).toBe(before);
  });
});
