/**
 * Finding thanos-querier through the API: the real client against a small server that answers as
 * OpenShift's API server does for route.openshift.io (the simulator serves no OpenShift kinds).
 */
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { connectCluster } from '../../src/cluster/client.js';
import { EnvironmentError } from '../../src/errors.js';
import { thanosQuerierUrl } from '../../src/kube/monitoring-route.js';
import { writeKubeconfig } from '../../sim/kubeconfig.js';

const ROUTE_PATH = '/apis/route.openshift.io/v1/namespaces/openshift-monitoring/routes/thanos-querier';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** An API server that answers the Route's path with `route` (404 Status when undefined), and records paths. */
const apiServerWith = async (route: object | undefined): Promise<{ kubeconfig: string; paths: string[] }> => {
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    paths.push(req.url ?? '');
    res.setHeader('Content-Type', 'application/json');
    if (req.url === ROUTE_PATH && route !== undefined) {
      res.end(JSON.stringify(route));
      return;
    }
    res.statusCode = 404;
    res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'routes.route.openshift.io "thanos-querier" not found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const dir = await mkdtemp(path.join(tmpdir(), 'virtwork-route-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  await writeKubeconfig(kubeconfig, { server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token: 'user-token' });
  cleanups.push(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });
  return { kubeconfig, paths };
};

const lookUp = async (kubeconfig: string): Promise<string> => {
  const cluster = connectCluster({ kubeconfig, env: {} });
  try {
    return await thanosQuerierUrl({ cluster, signal: new AbortController().signal });
  } finally {
    await cluster.close();
  }
};

test('the thanos-querier Route in openshift-monitoring gives https://<its host>', async () => {
  const api = await apiServerWith({
    apiVersion: 'route.openshift.io/v1',
    kind: 'Route',
    metadata: { name: 'thanos-querier', namespace: 'openshift-monitoring' },
    spec: { host: 'thanos-querier-openshift-monitoring.apps.example.com', tls: { termination: 'reencrypt' }, to: { kind: 'Service', name: 'thanos-querier' } },
  });
  expect(await lookUp(api.kubeconfig)).toBe('https://thanos-querier-openshift-monitoring.apps.example.com');
  expect(api.paths).toEqual([ROUTE_PATH]);
});

test('no such Route (a cluster that is not OpenShift) is an environment error that says to pass --prometheus-url', async () => {
  const api = await apiServerWith(undefined);
  const error = await lookUp(api.kubeconfig).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(EnvironmentError);
  expect((error as Error).message).toMatch(/has no Route thanos-querier in openshift-monitoring .*: pass --prometheus-url$/);
});

test('a Route without a host yet is an environment error too', async () => {
  const api = await apiServerWith({ apiVersion: 'route.openshift.io/v1', kind: 'Route', metadata: { name: 'thanos-querier' }, spec: {} });
  await expect(lookUp(api.kubeconfig)).rejects.toThrow('the Route openshift-monitoring/thanos-querier has no spec.host yet: pass --prometheus-url');
});
