/**
 * The container image (`npm run build:image`, dist/virtwork-image.oci.tar), run with buildah (chroot
 * isolation, on the storage build:image chose) as its own non-root user: the entrypoint with
 * arguments and with VIRTWORK_COMMAND/VIRTWORK_ARGS, a dry run identical to the npm CLI's, and run +
 * cleanup against the simulator over HTTPS with the in-cluster configuration (token, CA and namespace
 * files, KUBERNETES_SERVICE_HOST/PORT), the audit database on the /data volume.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ExecutionSummary } from '../../src/audit/audit-reader.js';
import type { CleanupResult } from '../../src/orchestrator/cleanup.js';
import type { RunReport } from '../../src/orchestrator/run-report.js';
import { startSimCluster, type SimCluster } from '../../sim/index.js';
import { ensureBuilt, isolatedEnv, runCli } from '../e2e/support/cli.js';
import { runFile, withoutRunIds, type Result } from './support.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
const ARCHIVE = path.join(REPO_ROOT, 'dist', 'virtwork-image.oci.tar');
// The storage image/build.sh keeps its stand-ins and layers in (it writes which driver it chose):
// importing the archive there reuses them.
const CACHE = process.env.VIRTWORK_IMAGE_CACHE ?? path.join(homedir(), '.cache', 'virtwork', 'image');
let storage: string[] = [];
const storageOf = (driver: string): string[] =>
  ['--root', path.join(CACHE, `storage-${driver}`), '--runroot', path.join(CACHE, `run-${driver}`), '--storage-driver', driver];
// Where the client reads it is /var/run/secrets/...; /var/run is a symlink to /run in the image, and
// buildah mounts nothing at a path through a symlink.
const SERVICE_ACCOUNT_DIR = '/run/secrets/kubernetes.io/serviceaccount';

const exec = promisify(execFile);
const buildah = async (...args: string[]): Promise<string> => (await exec('buildah', [...storage, ...args], { maxBuffer: 64 * 1024 * 1024 })).stdout.trim();

interface ImageConfig {
  readonly User?: string;
  readonly Entrypoint?: string[];
  readonly Env?: string[];
  readonly Volumes?: Record<string, unknown>;
}

let container: string;
let config: ImageConfig;
let work: string;
let sim: SimCluster;

beforeAll(async () => {
  await exec('npm', ['run', 'build:image'], { cwd: REPO_ROOT });
  storage = storageOf(readFileSync(path.join(CACHE, 'driver'), 'utf8').trim());
  await ensureBuilt();
  container = await buildah('from', '--pull=always', '--name', `virtwork-image-test-${process.pid}`, `oci-archive:${ARCHIVE}`);
  config = (JSON.parse(await buildah('inspect', '--type', 'container', container)) as { OCIv1: { config: ImageConfig } }).OCIv1.config;

  sim = await startSimCluster({ tls: true, token: 'image-token', readyAfterMs: 50 });
  work = mkdtempSync(path.join(tmpdir(), 'virtwork-image-test-'));
  // What the kubelet mounts for the Job's ServiceAccount.
  const serviceAccount = path.join(work, 'serviceaccount');
  mkdirSync(serviceAccount);
  writeFileSync(path.join(serviceAccount, 'token'), 'image-token');
  writeFileSync(path.join(serviceAccount, 'ca.crt'), sim.caCert ?? '');
  writeFileSync(path.join(serviceAccount, 'namespace'), 'virtwork');
  // The PersistentVolumeClaim: writable by the image's user.
  mkdirSync(path.join(work, 'data'));
  chownSync(path.join(work, 'data'), 1001, 0);
}, 40 * 60_000);

afterAll(async () => {
  if (container) await buildah('rm', container);
  await sim.stop();
  rmSync(work, { recursive: true, force: true });
});

/** The image's entrypoint with `args`, in-cluster against the simulator, /data from the host. */
const inImage = (args: readonly string[], env: Record<string, string> = {}): Promise<Result> => {
  const port = new URL(sim.url).port;
  const envFlags = Object.entries({ KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: port, ...env }).flatMap(([k, v]) => ['--env', `${k}=${v}`]);
  return runFile('buildah', [
    ...storage, 'run', '--isolation', 'chroot',
    '-v', `${path.join(work, 'serviceaccount')}:${SERVICE_ACCOUNT_DIR}:ro`,
    '-v', `${path.join(work, 'data')}:/data`,
    ...envFlags, container, '--', ...(config.Entrypoint ?? []), ...args,
  ], { PATH: process.env.PATH ?? '' });
};

/** A command inside the image other than the entrypoint. */
const shellInImage = (script: string): Promise<Result> =>
  runFile('buildah', [...storage, 'run', '--isolation', 'chroot', container, '--', 'sh', '-c', script], { PATH: process.env.PATH ?? '' });

describe('the virtwork image', () => {
  test('runs as a numeric non-root user, keeps the audit database on the /data volume, and carries no node_modules', async () => {
    expect(config.User).toBe('1001:0');
    expect(config.Entrypoint).toEqual(['/opt/virtwork/bin/virtwork-entrypoint']);
    expect(config.Env).toContain('VIRTWORK_AUDIT_DB=/data/virtwork.db');
    expect(Object.keys(config.Volumes ?? {})).toEqual(['/data']);
    const inside = await shellInImage('id -u; id -g; ls /opt/virtwork /opt/virtwork/dist; find / -xdev -name node_modules -path "*virtwork*" | wc -l; stat -c "%u:%g %a" /data');
    expect(inside.code, inside.stderr).toBe(0);
    expect(inside.stdout.split('\n')).toEqual(['1001', '0', '/opt/virtwork:', 'bin', 'dist', 'package.json', '', '/opt/virtwork/dist:', 'bundle', '0', '1001:0 770', '']);
  });

  test('the entrypoint runs the arguments it is given: --version', async () => {
    const result = await inImage(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: '0.1.0\n' });
  });

  test('without arguments it runs VIRTWORK_COMMAND VIRTWORK_ARGS: a dry run identical to the npm CLI', async () => {
    const args = '--dry-run --workloads cpu,database,chaos-network --vm-count 2';
    const [fromImage, fromNpm] = await Promise.all([
      inImage([], { VIRTWORK_COMMAND: 'run', VIRTWORK_ARGS: args }),
      runCli(['run', ...args.split(' ')], isolatedEnv()),
    ]);
    expect(fromImage.code, fromImage.stderr).toBe(0);
    expect(fromNpm.code).toBe(0);
    expect(withoutRunIds(fromImage.stdout)).toBe(withoutRunIds(fromNpm.stdout));
    expect(fromImage.stdout).toContain('kind: VirtualMachine');
  });

  test('run and cleanup in-cluster against the simulator, audited in /data/virtwork.db', async () => {
    rmSync(path.join(work, 'data', 'virtwork.db'), { force: true });
    const run = await inImage(['run', '-o', 'json', '--workloads', 'cpu,network']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as RunReport;
    expect(report).toMatchObject({ namespace: 'virtwork', totals: { planned: 3, created: 3, ready: 3, failed: 0 } });
    expect(sim.list('virtualmachines', 'virtwork')).toHaveLength(3);

    const cleanup = await inImage(['cleanup', '-o', 'json', '--yes', '--wait', '--run-id', report.runId]);
    expect(cleanup.code, cleanup.stderr).toBe(0);
    expect((JSON.parse(cleanup.stdout) as CleanupResult).failures).toEqual([]);
    expect(sim.list('virtualmachines', 'virtwork')).toHaveLength(0);

    expect(existsSync(path.join(work, 'data', 'virtwork.db'))).toBe(true);
    const audit = await inImage(['audit', 'list', '-o', 'json']);
    const executions = JSON.parse(audit.stdout) as ExecutionSummary[];
    expect(executions.map((e) => [e.command, e.status]).sort()).toEqual([['cleanup', 'success'], ['run', 'success']]);
    expect(readdirSync(path.join(work, 'data'))).toContain('virtwork.db');
  });
});
