/**
 * A kubeconfig file with a server URL and, optionally, a token: no CA and no
 * `insecure-skip-tls-verify`, as a user writes one by hand for `kubectl proxy` or a test cluster.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const bareKubeconfig = (server: string, token?: string): string =>
  [
    'apiVersion: v1',
    'kind: Config',
    `clusters: [{name: bare, cluster: {server: "${server}"}}]`,
    `users: [{name: bare, user: {${token === undefined ? '' : `token: ${token}`}}}]`,
    'contexts: [{name: bare, context: {cluster: bare, user: bare}}]',
    'current-context: bare',
    '',
  ].join('\n');

/** Writes `bareKubeconfig` into `dir` (a new temporary directory when absent) and returns its path. */
export const writeBareKubeconfig = async (server: string, options: { token?: string; dir?: string } = {}): Promise<string> => {
  const dir = options.dir ?? (await mkdtemp(path.join(tmpdir(), 'virtwork-kubeconfig-')));
  const file = path.join(dir, 'kubeconfig');
  await writeFile(file, bareKubeconfig(server, options.token));
  return file;
};
