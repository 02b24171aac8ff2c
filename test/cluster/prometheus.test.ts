/**
 * The Prometheus client over real HTTPS: a tiny query API served with a certificate from a
 * generated CA, as thanos-querier's Route serves one from the cluster's.
 */
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createPrometheusClient } from '../../src/cluster/prometheus.js';
import { EnvironmentError, VirtworkError } from '../../src/errors.js';
import { generateCertificates, type SimCertificates } from '../../sim/apiserver/tls.js';

const TOKEN = 'sha256~monitoring-token';

describe('the Prometheus client', () => {
  let certs: SimCertificates;
  let server: https.Server;
  let url: string;
  const seen: { authorization?: string; query?: string | null }[] = [];

  beforeAll(async () => {
    certs = await generateCertificates();
    server = https.createServer({ key: certs.serverKey, cert: certs.serverCert }, (req, res) => {
      const query = new URL(req.url ?? '/', 'https://x').searchParams.get('query');
      seen.push({ ...(req.headers.authorization !== undefined && { authorization: req.headers.authorization }), query });
      res.setHeader('Content-Type', 'application/json');
      if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        res.statusCode = 403;
        res.end('Forbidden');
      } else if (query === 'bad(') {
        res.statusCode = 400;
        res.end(JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error' }));
      } else {
        res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: { name: 'vm-0' }, value: [1, '0.25'] }] } }));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const signal = new AbortController().signal;

  test('sends the bearer token, trusts the given CA and reads an instant vector', async () => {
    const client = createPrometheusClient({ url: `${url}/`, token: TOKEN, ca: certs.caCert });
    expect(await client.query('sum(rate(x[5m]))', signal)).toEqual([{ metric: { name: 'vm-0' }, value: 0.25 }]);
    expect(seen.at(-1)).toEqual({ authorization: `Bearer ${TOKEN}`, query: 'sum(rate(x[5m]))' });
    expect(client.url).toBe(url);
  });

  test('refuses a certificate no trusted CA signed, unless TLS verification is skipped', async () => {
    const unverified = createPrometheusClient({ url, token: TOKEN });
    await expect(unverified.query('up', signal)).rejects.toThrow(/^cannot reach Prometheus at https:\/\/127\.0\.0\.1:\d+: .*certificate/);
    const insecure = createPrometheusClient({ url, token: TOKEN, insecureSkipTlsVerify: true });
    expect(await insecure.query('up', signal)).toHaveLength(1);
  });

  test('a refused token is an environment error (exit 2) that says which role reads metrics', async () => {
    const client = createPrometheusClient({ url, token: 'wrong', ca: certs.caCert });
    const error = await client.query('up', signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as EnvironmentError).exitCode).toBe(2);
    expect((error as Error).message).toContain('answered 403: the token cannot read metrics');
    expect((error as Error).message).toContain('cluster-monitoring-view');
  });

  test('a query Prometheus refuses fails with its error type and text', async () => {
    const client = createPrometheusClient({ url, token: TOKEN, ca: certs.caCert });
    const error = await client.query('bad(', signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VirtworkError);
    expect((error as Error).message).toBe(`Prometheus at ${url} refused the query bad(: bad_data: parse error`);
  });
});
