/**
 * The standalone simulator (`sim/main.ts`, what `npm run sim` runs) in a child process, and the
 * real kubectl pointed at it with kubectl's defaults: HTTPS verified against the simulator's CA, a
 * bearer token, its own cache directory. Nothing is read from the developer's kubeconfig or home.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { Fault } from '../../sim/index.js';
import { findOnPath, skipReason } from '../support/schemas-dir.js';

const kubectlPath = findOnPath('kubectl');
/** kubectl as PATH finds it: CI has it there; a clone without it skips these suites (a failure under CI=true). */
export const KUBECTL = kubectlPath ?? 'kubectl';
export const kubectlAvailable = kubectlPath !== undefined;
/** One line for a skipped suite's title; empty when kubectl is there. */
export const kubectlSkipReason =
  skipReason(kubectlAvailable, 'kubectl not found on PATH (https://kubernetes.io/docs/tasks/tools/; Debian bookworm has no kubectl package)') ?? '';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface KubectlResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface StandaloneSim {
  readonly url: string;
  /** A scratch directory for manifests; removed by `stop`. */
  readonly dir: string;
  /** Runs kubectl against the simulator; never throws on a non-zero exit. */
  kubectl(args: readonly string[], opts?: { input?: string }): Promise<KubectlResult>;
  /** Writes a manifest into `dir` and returns its path. */
  manifest(name: string, yaml: string): Promise<string>;
  /** Adds faults through `POST /_sim/faults`, trusting the simulator's CA from the kubeconfig. */
  addFaults(faults: readonly Fault[]): Promise<void>;
  stop(): Promise<void>;
}

const run = (file: string, args: readonly string[], env: NodeJS.ProcessEnv, input?: string): Promise<KubectlResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });

const postJson = (url: URL, ca: Buffer, body: unknown): Promise<void> =>
  new Promise((resolve, reject) => {
    const request = https.request(url, { method: 'POST', ca, headers: { 'Content-Type': 'application/json' } }, (response) => {
      response.resume();
      response.on('end', () => (response.statusCode === 201 ? resolve() : reject(new Error(`POST ${url.pathname}: HTTP ${response.statusCode}`))));
    });
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });

/** Starts `sim/main.ts --tls` and resolves once it prints `sim ready <url>`. */
export const startStandaloneSim = async (flags: readonly string[] = []): Promise<StandaloneSim> => {
  const dir = await mkdtemp(path.join(tmpdir(), 'virtwork-kubectl-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  const child = spawn(process.execPath, ['--import', 'tsx', 'sim/main.ts', '--kubeconfig', kubeconfig, '--tls', ...flags], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const ready = /^sim ready (\S+)$/m.exec(stdout);
      if (ready?.[1]) resolve(ready[1]);
    });
    child.once('exit', (code) => reject(new Error(`the simulator exited (${String(code)}) before it was ready: ${stderr}`)));
  });
  // A home of its own: kubectl must not find the developer's ~/.kube, nor KUBECONFIG.
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: dir };
  const cacheDir = path.join(dir, 'kube-cache');
  return {
    url,
    dir,
    kubectl: (args, opts = {}) => run(KUBECTL, ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args], env, opts.input),
    manifest: async (name, yaml) => {
      const file = path.join(dir, name);
      await writeFile(file, yaml);
      return file;
    },
    addFaults: async (faults) => {
      const config = parse(await readFile(kubeconfig, 'utf8')) as { clusters: { cluster: { 'certificate-authority-data': string } }[] };
      const ca = Buffer.from(config.clusters[0]?.cluster['certificate-authority-data'] ?? '', 'base64');
      await postJson(new URL('/_sim/faults', url), ca, faults);
    },
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
};
