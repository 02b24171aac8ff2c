/**
 * A user of the Go implementation keeps their audit history: its database (in either shape) is
 * listed and shown as it is, upgraded by the first command that writes to it, and a Go-written
 * `./virtwork.db` is pointed out while this virtwork's own database does not exist yet.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeGoDatabase } from '../audit/fixtures/go-database.js';
import { BUILD_TIMEOUT_MS, ensureBuilt, runCli, scratchDir } from './support/run-cli.js';

beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);

describe.each(['early', 'late'] as const)('a Go audit database, %s shape', (shape) => {
  it('is listed and shown, then upgraded by run --dry-run and still listed and shown', async () => {
    const file = join(await scratchDir(), 'virtwork.db');
    writeGoDatabase(file, shape);

    const list = await runCli(['audit', 'list', '--audit-db', file]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/go-cleanup-0004\s+cleanup\s+false\s+aborted/);
    expect(list.stdout).toMatch(/go-run-0003\s+run\s+false\s+cancelled/);
    expect(list.stdout).toMatch(/go-run-0001\s+run\s+false\s+success\s+admin\s+virtwork\s+3/);

    const dryRun = await runCli(['run', '--dry-run', '--workloads', 'cpu', '--audit-db', file]);
    expect(dryRun.code, dryRun.stderr).toBe(0);

    const after = await runCli(['audit', 'list', '--audit-db', file, '-o', 'json']);
    const executions = JSON.parse(after.stdout) as { runId: string; command: string; status: string }[];
    expect(executions).toHaveLength(5);
    expect(executions.filter((e) => e.runId.startsWith('go-')).map((e) => e.status).sort()).toEqual(['aborted', 'cancelled', 'success', 'success']);

    const show = await runCli(['audit', 'show', 'go-cleanup-0002', '--audit-db', file]);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain('Linked runs: go-run-0001');
    const counts = shape === 'late' ? 'vms=3 services=1 secrets=3 dataVolumes=1 pvcs=1 namespace=true' : 'vms=3 services=1 secrets=3 namespace=true';
    expect(show.stdout).toContain(`Deleted: ${counts}`);

    const run = await runCli(['audit', 'show', 'go-run-0001', '--audit-db', file]);
    expect(run.stdout).toContain('Workloads: database, network');
    expect(run.stdout).toMatch(/virtwork-network-server-0\s+network\s+server\s+ready\s+Running/);
    expect(run.stdout).toMatch(/Service\s+virtwork-iperf3-server\s+deleted/);
  });
});

describe('a Go-written ./virtwork.db', () => {
  it('is pointed out, with --audit-db and the import, until this virtwork has its own database', async () => {
    const cwd = await scratchDir();
    writeGoDatabase(join(cwd, 'virtwork.db'), 'late');
    const state = await scratchDir();
    const env = { XDG_STATE_HOME: state };
    const ours = join(state, 'virtwork', 'virtwork.db');

    const list = await runCli(['audit', 'list'], { cwd, env });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toBe(`No executions recorded in ${ours}.\n`);
    expect(list.stderr).toContain('./virtwork.db holds the audit history of the Go virtwork');
    expect(list.stderr).toContain('pass --audit-db ./virtwork.db');
    expect(list.stderr).toContain(`cp ./virtwork.db ${ours}`);

    const first = await runCli(['run', '--dry-run', '--workloads', 'cpu'], { cwd, env });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr.match(/holds the audit history of the Go virtwork/g)).toHaveLength(1);
    expect(existsSync(ours)).toBe(true);

    const second = await runCli(['run', '--dry-run', '--workloads', 'cpu'], { cwd, env });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).not.toContain('Go virtwork');

    const withFlag = await runCli(['audit', 'list', '--audit-db', './virtwork.db'], { cwd, env: { XDG_STATE_HOME: await scratchDir() } });
    expect(withFlag.stderr).not.toContain('Go virtwork');
    expect(withFlag.stdout).toContain('go-run-0001');
  });

  it('is not mentioned when it is not an audit database', async () => {
    const cwd = await scratchDir({ 'virtwork.db': 'not sqlite' });
    const list = await runCli(['audit', 'list'], { cwd, env: { XDG_STATE_HOME: await scratchDir() } });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stderr).toBe('');
  });
});
