/**
 * A Prometheus HTTP API client for instant queries (`GET /api/v1/query`), with a bearer token and
 * TLS verified against the given CA (added to the system's) unless told otherwise. On OpenShift
 * the URL is the thanos-querier Route, which takes the user's (or a ServiceAccount's) token.
 */
import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { EnvironmentError, VirtworkError } from '../errors.js';

export interface PrometheusConnection {
  /** Base URL: `https://thanos-querier-openshift-monitoring.apps.example.com`, `http://127.0.0.1:9090`. */
  readonly url: string;
  readonly token?: string;
  /** PEM of a CA to trust besides the system's (the cluster's). */
  readonly ca?: string;
  readonly insecureSkipTlsVerify?: boolean;
}

/** One element of an instant vector: its labels and its value. */
export interface VectorSample {
  readonly metric: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface PrometheusClient {
  readonly url: string;
  /** Evaluates `promql` now; an instant vector (a scalar reads as one unlabelled sample). */
  query(promql: string, signal: AbortSignal): Promise<VectorSample[]>;
}

interface QueryResponse {
  status?: string;
  errorType?: string;
  error?: string;
  data?: { resultType?: string; result?: unknown };
}

const QUERY_TIMEOUT_MS = 30_000;

const get = (url: URL, conn: PrometheusConnection, signal: AbortSignal): Promise<{ status: number; body: string }> =>
  new Promise((resolve, reject) => {
    const secure = url.protocol === 'https:';
    const options: https.RequestOptions = {
      method: 'GET',
      headers: { Accept: 'application/json', ...(conn.token !== undefined ? { Authorization: `Bearer ${conn.token}` } : {}) },
      signal,
      timeout: QUERY_TIMEOUT_MS,
      ...(secure && conn.insecureSkipTlsVerify === true ? { rejectUnauthorized: false } : {}),
      ...(secure && conn.ca !== undefined ? { ca: [...rootCertificates, conn.ca] } : {}),
    };
    const req = (secure ? https : http).request(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${QUERY_TIMEOUT_MS / 1000} s`)));
    req.on('error', reject);
    req.end();
  });

const toSamples = (data: QueryResponse['data']): VectorSample[] => {
  if (data?.resultType === 'scalar' && Array.isArray(data.result)) return [{ metric: {}, value: Number(data.result[1]) }];
  if (data?.resultType !== 'vector' || !Array.isArray(data.result)) return [];
  return (data.result as { metric?: Record<string, string>; value?: [number, string] }[]).map((r) => ({
    metric: r.metric ?? {},
    value: Number(r.value?.[1]),
  }));
};

export const createPrometheusClient = (conn: PrometheusConnection): PrometheusClient => {
  const base = conn.url.replace(/\/+$/, '');
  return {
    url: base,
    query: async (promql, signal) => {
      const url = new URL(`${base}/api/v1/query`);
      url.searchParams.set('query', promql);
      let answer: { status: number; body: string };
      try {
        answer = await get(url, conn, signal);
      } catch (error) {
        signal.throwIfAborted();
        throw new VirtworkError(`cannot reach Prometheus at ${base}: ${(error as Error).message}`, { cause: error });
      }
      if (answer.status === 401 || answer.status === 403) {
        throw new EnvironmentError(
          `Prometheus at ${base} answered ${answer.status}: the token cannot read metrics; pass --token or --token-file ` +
            'of a user or ServiceAccount allowed to (on OpenShift: the cluster-monitoring-view cluster role)',
        );
      }
      let parsed: QueryResponse;
      try {
        parsed = JSON.parse(answer.body) as QueryResponse;
      } catch {
        throw new VirtworkError(`Prometheus at ${base} answered ${answer.status} with no JSON: is it a Prometheus query API? (${answer.body.slice(0, 120)})`);
      }
      if (parsed.status !== 'success') {
        throw new VirtworkError(`Prometheus at ${base} refused the query ${promql}: ${parsed.errorType ?? answer.status}: ${parsed.error ?? 'no error text'}`);
      }
      return toSamples(parsed.data);
    },
  };
};
