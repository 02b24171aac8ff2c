/**
 * The CLI as a Job's pod runs it: in-cluster configuration only (KUBERNETES_SERVICE_HOST/PORT and
 * the ServiceAccount's token, CA and namespace at /var/run/secrets/kubernetes.io/serviceaccount, the
 * fixed path @kubernetes/client-node's loadFromCluster reads), no kubeconfig anywhere. The token
 * directory is bind-mounted at that path inside a private user and mount namespace (`unshare -rm`),
 * so the real CLI reads the real path and nothing on the machine changes.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cliPath, isolatedEnv, type CliResult } from '../e2e/support/cli.js';
import { skipReason } from '../support/schemas-dir.js';

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** Mounts a tmpfs over the run directory (/var/run is /run on most systems), then the token directory at the fixed path. */
const MOUNT_AND_EXEC = [
  'set -e',
  'run_dir=$(readlink -f /var/run)',
  'mount -t tmpfs tmpfs "$run_dir"',
  `mkdir -p "${SERVICE_ACCOUNT_DIR}"`,
  `mount --bind "$SERVICE_ACCOUNT_VOLUME" "${SERVICE_ACCOUNT_DIR}"`,
  'unset SERVICE_ACCOUNT_VOLUME',
  'exec "$@"',
].join('\n');

const canUnshare = (): boolean => spawnSync('unshare', ['-rm', 'sh', '-c', 'mount -t tmpfs tmpfs "$(readlink -f /var/run)"'], { stdio: 'ignore' }).status === 0;

/** One line for a skipped suite's title when this machine has no unprivileged user namespaces (under CI=true: fails). */
export const inClusterSkipReason =
  skipReason(canUnshare(), 'unshare -rm (unprivileged user and mount namespaces) is not available, so the service-account path cannot be mounted') ?? '';

export interface PodIdentity {
  readonly token: string;
  readonly caCert: string;
  readonly namespace: string;
  /** `https://127.0.0.1:<port>` of the API server. */
  readonly url: string;
}

/** Writes the projected service-account volume (token, ca.crt, namespace) into `dir`. */
export const writeServiceAccountVolume = (dir: string, pod: PodIdentity): string => {
  const volume = path.join(dir, 'serviceaccount');
  mkdirSync(volume, { recursive: true });
  writeFileSync(path.join(volume, 'token'), pod.token);
  writeFileSync(path.join(volume, 'ca.crt'), pod.caCert);
  writeFileSync(path.join(volume, 'namespace'), pod.namespace);
  return volume;
};

/** Runs `virtwork <args>` with the in-cluster configuration of `pod` and the extra environment. */
export const runInCluster = (pod: PodIdentity, volume: string, args: readonly string[], env: Record<string, string>): Promise<CliResult> => {
  const url = new URL(pod.url);
  const child = spawn('unshare', ['-rm', 'sh', '-c', MOUNT_AND_EXEC, 'sh', process.execPath, cliPath, ...args], {
    env: isolatedEnv({ KUBERNETES_SERVICE_HOST: url.hostname, KUBERNETES_SERVICE_PORT: url.port, SERVICE_ACCOUNT_VOLUME: volume, ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
};
