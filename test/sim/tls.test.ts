/** HTTPS with a generated CA and bearer-token authentication, through a kubeconfig file. */
import { readFile } from 'node:fs/promises';
import { KubeConfig } from '@kubernetes/client-node';
import { expect } from 'vitest';
import { parse } from 'yaml';
import { simTest } from './fixtures.js';
import { clients, rejection } from './helpers.js';

const test = simTest({ tls: true, token: 'sim-token-123' });

interface KubeconfigFile {
  clusters: { cluster: { server: string; 'certificate-authority-data'?: string; 'insecure-skip-tls-verify'?: boolean } }[];
  users: { user: { token?: string } }[];
}

test('the written kubeconfig carries the CA and the token, and the client verifies the server with it', async ({ sim }) => {
  const file = parse(await readFile(sim.kubeconfigPath, 'utf8')) as KubeconfigFile;
  const cluster = file.clusters[0]!.cluster;
  expect(cluster.server).toBe(sim.url);
  expect(sim.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  expect(Buffer.from(cluster['certificate-authority-data']!, 'base64').toString()).toBe(sim.caCert);
  expect(cluster['insecure-skip-tls-verify']).toBeUndefined();
  expect(file.users[0]!.user.token).toBe('sim-token-123');
  const kc = new KubeConfig();
  kc.loadFromFile(sim.kubeconfigPath);
  const list = await clients(kc).core.listNamespace();
  expect(list.items.map((n) => n.metadata?.name)).toContain('default');
});

test('without the token the API answers 401', async ({ sim }) => {
  const kc = sim.kubeConfig();
  const anonymous = new KubeConfig();
  anonymous.loadFromOptions({ clusters: kc.clusters, contexts: kc.contexts, currentContext: kc.currentContext, users: [{ name: kc.users[0]!.name }] });
  expect((await rejection(clients(anonymous).core.listNamespace())).code).toBe(401);
});

test('a client that does not trust the CA cannot connect', async ({ sim }) => {
  await expect(fetch(`${sim.url}/version`)).rejects.toThrow();
});
