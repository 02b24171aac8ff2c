import { KubeConfig } from '@kubernetes/client-node';
import { expect, test } from 'vitest';
import { kubeCredentials } from '../../src/cluster/kube-credentials.js';
import { simTest } from '../sim/fixtures.js';

simTest({ tls: true, token: 'kube-token' })("gives the kubeconfig context's bearer token and the cluster's CA", async ({ sim }) => {
  const credentials = await kubeCredentials(sim.kubeConfig());
  expect(credentials.token).toBe('kube-token');
  expect(credentials.ca?.trim()).toBe(sim.caCert?.trim());
});

test('gives neither for a context without a token or a CA', async () => {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: 'http://127.0.0.1:1', skipTLSVerify: true }],
    users: [{ name: 'u' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  expect(await kubeCredentials(kc)).toEqual({});
});
