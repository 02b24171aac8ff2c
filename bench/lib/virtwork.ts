/**
 * The command under test, `node bin/virtwork.js`, built from the current sources, in a scratch
 * environment: nothing of the developer's (no KUBECONFIG, no VIRTWORK_*), and HOME and the audit
 * database's state directory in a temporary directory that `dispose` removes.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT, ensureBuilt } from '../../test/cli/support/run-cli.js';
import type { CommandSpec } from './measure.js';

export const cliPath = path.join(REPO_ROOT, 'bin', 'virtwork.js');

export interface Scratch {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  /** `virtwork <args>` with this environment. */
  virtwork(args: readonly string[], files?: Pick<CommandSpec, 'stdoutPath' | 'rssPath'>): CommandSpec;
  dispose(): Promise<void>;
}

/** Builds dist/ if a source changed since the last build, then makes the scratch directory. */
export const prepareScratch = async (): Promise<Scratch> => {
  await ensureBuilt();
  const dir = await mkdtemp(path.join(tmpdir(), 'virtwork-bench-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    XDG_STATE_HOME: path.join(dir, 'state'),
    NODE_OPTIONS: '',
    NO_COLOR: '1',
  };
  return {
    dir,
    env,
    virtwork: (args, files = {}) => ({ file: process.execPath, args: [cliPath, ...args], env, ...files }),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
};

/** The reference kubectl: the one asked for, else /usr/bin/kubectl, else the first on PATH. */
export const findKubectl = (asked: string | undefined): string | undefined => {
  if (asked !== undefined) return existsSync(asked) ? asked : undefined;
  const candidates = ['/usr/bin/kubectl', ...(process.env.PATH ?? '').split(path.delimiter).map((dir) => path.join(dir, 'kubectl'))];
  return candidates.find((candidate) => existsSync(candidate));
};
