import {
  CoreV1Api,
  KubeConfig,
  Observable,
  type ConfigurationOptions,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';
import { test as base, describe, expect } from 'vitest';
import { connectCluster } from '../../src/cluster/client.js';
import { startSimCluster, type SimCluster } from '../../sim/index.js';
import { writeBareKubeconfig } from '../support/bare-kubeconfig.js';

const test = base.extend<{ sim: SimCluster }>({
  // eslint-disable-next-line no-empty-pattern
  sim: async ({}, use) => {
    const sim = await startSimCluster({ tls: true, token: 'client-test-token' });
    await use(sim);
    await sim.stop();
  },
});

/** Per-call options that record the dispatcher each request is about to be sent with. */
const recordDispatchers = (seen: unknown[]): ConfigurationOptions => ({
  middleware: [
    {
      pre: (request: RequestContext) => {
        seen.push(request.getDispatcher());
        return new Observable(Promise.resolve(request));
      },
      post: (response: ResponseContext) => new Observable(Promise.resolve(response)),
    },
  ],
  middlewareMergeStrategy: 'append',
});

const classNames = (values: readonly unknown[]): (string | undefined)[] => values.map((v) => (v as object | undefined)?.constructor.name);

describe('connectCluster', () => {
  test('authenticates with the kubeconfig token over TLS with its CA', async ({ sim }) => {
    const cluster = connectCluster({ kubeconfig: sim.kubeconfigPath, env: {} });
    expect(cluster.server).toBe(sim.url);
    expect(cluster.server.startsWith('https://')).toBe(true);
    const namespaces = await cluster.core.listNamespace({});
    expect(namespaces.items.map((ns) => ns.metadata?.name)).toContain('default');
    await cluster.close();
  });

  test('sends every request of a TLS cluster through one connection pool', async ({ sim }) => {
    const cluster = connectCluster({ kubeconfig: sim.kubeconfigPath, env: {} });
    const seen: unknown[] = [];
    await cluster.apis.getAPIVersions({}, recordDispatchers(seen));
    await cluster.core.listNamespace({}, recordDispatchers(seen));
    await cluster.core.readNamespace({ name: 'default' }, recordDispatchers(seen));
    // client-node gave each request an undici Agent of its own; all three leave with the first
    expect(classNames(seen)).toEqual(['Agent', 'Agent', 'Agent']);
    expect(new Set(seen).size).toBe(1);
    await cluster.close();
  });

  test('talks plain HTTP to a server written as http:// without insecure-skip-tls-verify, as `kubectl proxy` users write it', async () => {
    const sim = await startSimCluster({ tls: false });
    const file = await writeBareKubeconfig(sim.url);
    try {
      expect(sim.url).toMatch(/^http:\/\//);
      // client-node alone refuses such a cluster; the loader is what makes it usable.
      const plain = new KubeConfig();
      plain.loadFromFile(file);
      await expect(plain.makeApiClient(CoreV1Api).listNamespace({})).rejects.toThrow(/HTTP protocol is not allowed/);
      const cluster = connectCluster({ kubeconfig: file, env: {} });
      const namespaces = await cluster.core.listNamespace({});
      expect(namespaces.items.map((ns) => ns.metadata?.name)).toContain('default');
      await cluster.close();
    } finally {
      await sim.stop();
    }
  });

  test('keeps verifying the certificate of an https:// server', async ({ sim }) => {
    const file = await writeBareKubeconfig(sim.url, { token: 'client-test-token' });
    const cluster = connectCluster({ kubeconfig: file, env: {} });
    const error: unknown = await cluster.core.listNamespace({}).then(
      () => undefined,
      (e: unknown) => e,
    );
    // undici reports the TLS failure on `cause`: the CA is not trusted.
    expect((error as { cause?: { code?: string } }).cause?.code).toMatch(/CERT|SELF_SIGNED|UNABLE_TO_VERIFY/);
    await cluster.close();
  });

  test('the plain client-node API client builds a dispatcher (a TLS connection) per request: the reason for the pool', async ({ sim }) => {
    const core = sim.kubeConfig().makeApiClient(CoreV1Api);
    const seen: unknown[] = [];
    await core.listNamespace({}, recordDispatchers(seen));
    await core.listNamespace({}, recordDispatchers(seen));
    expect(classNames(seen)).toEqual(['Agent', 'Agent']);
    expect(seen[1]).not.toBe(seen[0]);
  });
});
