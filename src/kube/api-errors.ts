/**
 * What an API failure means for the run: retry it, count it as done, or stop with a message that
 * says which verb on which resource was refused and what would fix it.
 */
import { ApiException, type V1Status } from '@kubernetes/client-node';
import { VirtworkError } from '../errors.js';

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

/**
 * A request that failed for good: what was asked, the HTTP status and reason when the server
 * answered (none when it could not be reached), and the client's error as `cause`. Exit 2 when the
 * user must change something first (credentials, RBAC, a missing API, TLS), else 1.
 */
export class ApiError extends VirtworkError {
  override readonly exitCode: 1 | 2;
  constructor(
    message: string,
    readonly target: RequestTarget,
    readonly status: number | undefined,
    readonly reason: string | undefined,
    exitCode: 1 | 2,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ApiError';
    this.exitCode = exitCode;
  }
}

/** True when `error` is a failed request the server answered with `status` (404: `isApiStatus(e, 404)`). */
export const isApiStatus = (error: unknown, status: number): boolean => error instanceof ApiError && error.status === status;

/** The HTTP status of a failed client call (watch failures carry it as `statusCode`). */
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

/** The kubectl command that makes a role allowing the request, and how it reaches the user. */
export const howToGrant = (target: RequestTarget): string =>
  target.namespace
    ? `grant it with: kubectl create role virtwork --verb=${target.verb} --resource=${target.resource} -n ${target.namespace}, bound to that user by a RoleBinding`
    : `grant it with: kubectl create clusterrole virtwork --verb=${target.verb} --resource=${target.resource}, bound to that user by a ClusterRoleBinding`;

/**
 * Turns a failed API call into the ApiError the user sees. 401/403/404 and TLS failures exit 2; an
 * unreachable server, a 5xx after retries and anything else exit 1. The original error stays as `cause`.
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
  const reason = statusOf(error)?.reason;
  const said = serverSaid ? `: ${serverSaid}` : '';
  const what = describeTarget(target);
  const failed = (message: string, exitCode: 1 | 2): ApiError =>
    new ApiError(message, target, status, reason, exitCode, { cause: error });
  switch (status) {
    case undefined:
      return networkError(error, what, cluster, attempts, failed);
    case 401:
      return failed(
        `unauthorized: the API server at ${cluster.server} rejected the credentials of context ` +
          `"${cluster.contextName}" (${what}); log in again or refresh the token${said}`,
        2,
      );
    case 403:
      return failed(
        `forbidden: cannot ${what}; the user of context "${cluster.contextName}" needs RBAC permission ` +
          `${requiredPermission(target)} (${howToGrant(target)})${said}`,
        2,
      );
    case 404:
      return failed(`not found: cannot ${what}: the namespace or the API is missing on ${cluster.server}${said}`, 2);
    default: {
      const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
      return failed(`${what} failed${tries}: HTTP ${status} ${reason ?? ''}${said}`.replace(/ {2,}/g, ' '), 1);
    }
  }
};

const TLS_CODE = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/;

const networkError = (
  error: unknown,
  what: string,
  cluster: ClusterIdentity,
  attempts: number,
  failed: (message: string, exitCode: 1 | 2) => ApiError,
): ApiError => {
  const code = networkCodeOf(error);
  const detail = innermostMessage(error);
  if (code !== undefined && TLS_CODE.test(code)) {
    return failed(
      `TLS verification of the API server at ${cluster.server} failed (${detail}); check the CA of context ` +
        `"${cluster.contextName}" in the kubeconfig`,
      2,
    );
  }
  if (detail === 'bad port') {
    // undici's fetch refuses the ports the Fetch standard lists as reserved for other protocols.
    const port = URL.canParse(cluster.server) ? new URL(cluster.server).port : '';
    return failed(
      `the API server URL ${cluster.server} (context "${cluster.contextName}") uses port ${port}, which Node's fetch refuses ` +
        '(the Fetch standard reserves it for another protocol); serve the API on another port, or reach it through kubectl proxy',
      2,
    );
  }
  if (code !== undefined && (UNREACHABLE_CODES.has(code) || TRANSIENT_NETWORK_CODES.has(code))) {
    const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
    return failed(
      `cannot reach the Kubernetes API server at ${cluster.server} (context "${cluster.contextName}")${tries}: ${detail}`,
      1,
    );
  }
  return failed(`${what} failed: ${detail}`, 1);
};

const innermostMessage = (error: unknown): string => {
  let message = error instanceof Error ? error.message : String(error);
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; depth++) {
    if (e.message) message = e.message;
    e = e.cause;
  }
  return message;
};
