import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { openAuditDatabase, runExecutionStart, showExecution } from '../../src/audit/index.js';
import { SqliteAuditor } from '../../src/audit/sqlite-auditor.js';
import type { RunConfig } from '../../src/config/types.js';
import { DEFAULTS } from '../../src/constants.js';
import { test } from './temp-dir.js';

const PASSWORD = 'Tr0ub4dor&3-not-in-the-audit';
const KEY_MATERIAL = 'AAAAC3NzaC1lZDI1NTE5AAAAIAuditMustNeverHoldThisKeyMaterial0123';
const PUBLIC_KEY = `ssh-ed25519 ${KEY_MATERIAL} admin@bastion`;

const config: RunConfig = {
  namespace: 'virtwork',
  kubeconfig: '/home/admin/.kube/config',
  verbose: false,
  output: 'table',
  workloads: ['cpu'],
  vmCount: 1,
  cpuCores: 2,
  memory: '2Gi',
  diskSize: '10Gi',
  containerDiskImage: DEFAULTS.containerDiskImage,
  readiness: 'http',
  dryRun: false,
  wait: true,
  timeoutSeconds: 600,
  ssh: { user: 'virtwork', password: PASSWORD, authorizedKeys: [PUBLIC_KEY] },
  vmConcurrency: 10,
  params: {},
  workloadOverrides: {},
};

/** Every byte SQLite wrote: the main file and, while it exists, the write-ahead log. */
const storedBytes = (file: string): string =>
  [file, `${file}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f).toString('latin1')).join('');

test('no SSH password or key material reaches the database file or its WAL, only ssh_auth_configured', async ({ dir }) => {
  const file = join(dir, 'virtwork.db');
  const auditor = await SqliteAuditor.open(file);
  const start = runExecutionStart(config, { runId: 'run-secret', totalVmCount: 1 });
  auditor.startExecution(start);
  auditor.recordVms('run-secret', [{ vmName: 'virtwork-cpu-0', namespace: 'virtwork', workload: 'cpu', cpuCores: 2,
    memory: '2Gi', image: DEFAULTS.containerDiskImage, hasDataDisk: false, status: 'created' }]);
  auditor.completeExecution('run-secret', { status: 'success' });

  // Before close the rows live in the WAL; after close they are checkpointed into the main file.
  const whileOpen = storedBytes(file);
  auditor.close();
  const afterClose = storedBytes(file);

  for (const bytes of [whileOpen, afterClose]) {
    expect(bytes).toContain('run-secret'); // the search does see row data
    expect(bytes).not.toContain(PASSWORD);
    expect(bytes).not.toContain(KEY_MATERIAL);
    expect(bytes).not.toContain('ssh-ed25519');
  }
  const db = await openAuditDatabase(file);
  const details = showExecution(db, 'run-secret');
  db.close();
  expect(details?.execution.sshAuthConfigured).toBe(true);
});

test('ssh_auth_configured is false when neither a password nor a key is configured', () => {
  const start = runExecutionStart({ ...config, ssh: { user: 'virtwork', authorizedKeys: [] } }, { runId: 'r', totalVmCount: 1 });
  expect(start.sshAuthConfigured).toBe(false);
});

test('a dry run is recorded as command dry-run with dry_run set', () => {
  const start = runExecutionStart({ ...config, dryRun: true }, { runId: 'r', totalVmCount: 3 });
  expect(start).toMatchObject({ command: 'dry-run', dryRun: true, totalVmCount: 3, totalWorkloadCount: 1 });
});
