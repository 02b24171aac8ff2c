/**
 * What an API failure means for the run: retry it, count it as done, or stop with a message that
 * says which verb on which resource was refused and what would fix it.
 */
import { ApiException, type V1Status } from '@kubernetes/client-node';
import { EnvironmentError, VirtworkError } from '../errors.js';

/** What a request tried to do, in RBAC terms, for messages. */
export interface RequestTarget {
  readonly verb: 'create' | 'get' | 'list' | 'watch' | 'delete' | 'deletecollection';
  /** Resource as RBAC names it: `secrets`, `virtualmachines.kubevirt.io`. */
  readonly resource: string;
  readonly namespace?: string;
  readonly name?: string;
}

/** The cluster a request went to, for messages. */
export interface ClusterIdentity {
  readonly server: string;
  readonly contextName: string;
}

/** The HTTP status of a failed API call (watch failures carry it as `statusCode`). */
export const httpStatusOf = (error: unknown): number | undefined => {
  if (error instanceof ApiException) return error.code;
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof statusCode === 'number' ? statusCode : undefined;
};

/** The Kubernetes `Status` body of a failed call, when the server sent one. */
export const statusOf = (error: unknown): V1Status | undefined => {
  if (!(error instanceof ApiException)) return undefined;
  const body: unknown = error.body;
  if (typeof body === 'string') {
    try {
      return asStatus(JSON.parse(body));
    } catch {
      return undefined;
    }
  }
  return asStatus(body);
};

const asStatus = (value: unknown): V1Status | undefined =>
  value !== null && typeof value === 'object' && (value as { kind?: unknown }).kind === 'Status'
    ? (value)
    : undefined;

export const isAlreadyExists = (error: unknown): boolean =>
  httpStatusOf(error) === 409 && (statusOf(error)?.reason ?? 'AlreadyExists') === 'AlreadyExists';

/** Network failures that say nothing about the request itself: the same request may succeed. */
const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
/** The server cannot be reached at all: retrying until the deadline would only delay the message. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The errno-style code of a failed fetch (undici puts it on `cause`). */
export const networkCodeOf = (error: unknown): string | undefined => {
  for (let e: unknown = error, depth = 0; e !== null && typeof e === 'object' && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
};

/** 429, 5xx and dropped connections are worth another try; everything else is final. */
export const isRetryable = (error: unknown): boolean => {
  const status = httpStatusOf(error);
  if (status !== undefined) return status === 429 || (status >= 500 && status !== 501);
  const code = networkCodeOf(error);
  return code !== undefined && TRANSIENT_NETWORK_CODES.has(code);
};

/**
 * How long the server asked us to wait: the `Retry-After` header (seconds or an HTTP date), else the
 * Status body's `details.retryAfterSeconds`.
 */
export const retryAfterMsOf = (error: unknown, now: number = Date.now()): number | undefined => {
  if (!(error instanceof ApiException)) return undefined;
  const headers = error.headers as Record<string, string | undefined> | undefined;
  const header = headers?.['retry-after'] ?? headers?.['Retry-After'];
  const fromHeader = parseRetryAfter(header, now);
  if (fromHeader !== undefined) return fromHeader;
  const seconds = statusOf(error)?.details?.retryAfterSeconds;
  return typeof seconds === 'number' && seconds >= 0 ? seconds * 1000 : undefined;
};

/** `Retry-After: 3` or `Retry-After: Wed, 21 Oct 2015 07:28:00 GMT`, in ms from `now`; undefined if absent or malformed. */
export const parseRetryAfter = (value: string | undefined, now: number = Date.now()): number | undefined => {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
};

/** `create virtualmachines.kubevirt.io "virtwork-cpu-0" in namespace "virtwork"` */
export const describeTarget = (target: RequestTarget): string =>
  [target.verb, target.resource, target.name && `"${target.name}"`, target.namespace && `in namespace "${target.namespace}"`]
    .filter(Boolean)
    .join(' ');

/** The RBAC rule that would allow the request: `virtualmachines.kubevirt.io "create" in namespace "virtwork"`. */
export const requiredPermission = (target: RequestTarget): string =>
  `${target.resource} "${target.verb}" ${target.namespace ? `in namespace "${target.namespace}"` : '(cluster-scoped)'}`;

/**
 * Turns a failed API call into the error the user sees. 401/403/404 and TLS failures are
 * EnvironmentErrors (exit 2); an unreachable server, a 5xx after retries and anything else exit 1.
 * The original error stays as `cause`.
 */
export const toRunError = (
  error: unknown,
  target: RequestTarget,
  cluster: ClusterIdentity,
  attempts = 1,
): VirtworkError => {
  if (error instanceof VirtworkError) return error;
  const status = httpStatusOf(error);
  const serverSaid = statusOf(error)?.message;
  const said = serverSaid ? `: ${serverSaid}` : '';
  const what = describeTarget(target);
  const options = { cause: error };
  switch (status) {
    case undefined:
      return networkError(error, what, cluster, attempts);
    case 401:
      return new EnvironmentError(
        `unauthorized: the API server at ${cluster.server} rejected the credentials of context ` +
          `"${cluster.contextName}" (${what}); log in again or refresh the token${said}`,
        options,
      );
    case 403:
      return new EnvironmentError(
        `forbidden: cannot ${what}; the user of context "${cluster.contextName}" needs RBAC permission ` +
          `${requiredPermission(target)}${said}`,
        options,
      );
    case 404:
      return new EnvironmentError(
        `not found: cannot ${what}: the namespace or the API is missing on ${cluster.server}${said}`,
        options,
      );
    default: {
      const reason = statusOf(error)?.reason ?? '';
      const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
      return new VirtworkError(`${what} failed${tries}: HTTP ${status} ${reason}${said}`.replace(/ {2,}/g, ' '), options);
    }
  }
};

const TLS_CODE = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/;

const networkError = (error: unknown, what: string, cluster: ClusterIdentity, attempts: number): VirtworkError => {
  const code = networkCodeOf(error);
  const detail = innermostMessage(error);
  const options = { cause: error };
  if (code !== undefined && TLS_CODE.test(code)) {
    return new EnvironmentError(
      `TLS verification of the API server at ${cluster.server} failed (${detail}); check the CA of context ` +
        `"${cluster.contextName}" in the kubeconfig`,
      options,
    );
  }
  if (detail === 'bad port') {
    // undici's fetch refuses the ports the Fetch standard lists as reserved for other protocols.
    const port = URL.canParse(cluster.server) ? new URL(cluster.server).port : '';
    return new EnvironmentError(
      `the API server URL ${cluster.server} (context "${cluster.contextName}") uses port ${port}, which Node's fetch refuses ` +
        '(the Fetch standard reserves it for another protocol); serve the API on another port, or reach it through kubectl proxy',
      options,
    );
  }
  if (code !== undefined && (UNREACHABLE_CODES.has(code) || TRANSIENT_NETWORK_CODES.has(code))) {
    const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
    return new VirtworkError(
      `cannot reach the Kubernetes API server at ${cluster.server} (context "${cluster.contextName}")${tries}: ${detail}`,
      options,
    );
  }
  return new VirtworkError(`${what} failed: ${detail}`, options);
};

const innermostMessage = (error: unknown): string => {
  let message = error instanceof Error ? error.message : String(error);
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; depth++) {
    if (e.message) message = e.message;
    e = e.cause;
  }
  return message;
};
