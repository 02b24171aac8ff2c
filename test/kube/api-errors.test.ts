import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../src/errors.js';
import {
  ApiError,
  isAlreadyExists,
  isApiStatus,
  isRetryable,
  parseRetryAfter,
  requiredPermission,
  retryAfterMsOf,
  toRunError,
  type RequestTarget,
} from '../../src/kube/api-errors.js';

/** An ApiException as client-node builds it: the Status body as text, lower-cased headers. */
const apiError = (code: number, reason: string, message: string, headers: Record<string, string> = {}): ApiException<string> =>
  new ApiException(
    code,
    'Unknown API Status Code!',
    JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message }),
    headers,
  );

/** A failed fetch as undici reports it. */
const fetchFailure = (code: string, message: string): TypeError =>
  new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) });

const createVm: RequestTarget = {
  verb: 'create',
  resource: 'virtualmachines.kubevirt.io',
  namespace: 'virtwork',
  name: 'virtwork-cpu-0',
};
const cluster = { server: 'https://api.example:6443', contextName: 'admin' };

describe('classifying API failures', () => {
  it('treats 409 AlreadyExists as already done, but not other conflicts', () => {
    expect(isAlreadyExists(apiError(409, 'AlreadyExists', 'virtualmachines "x" already exists'))).toBe(true);
    expect(isAlreadyExists(apiError(409, 'Conflict', 'the object has been modified'))).toBe(false);
    expect(isAlreadyExists(apiError(403, 'Forbidden', 'no'))).toBe(false);
  });

  it.each([
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
    [501, false],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [409, false],
    [422, false],
  ])('HTTP %i retryable: %s', (code, retryable) => {
    expect(isRetryable(apiError(code, 'X', 'x'))).toBe(retryable);
  });

  it('retries a dropped connection but not a refused one', () => {
    expect(isRetryable(fetchFailure('ECONNRESET', 'read ECONNRESET'))).toBe(true);
    expect(isRetryable(fetchFailure('UND_ERR_SOCKET', 'other side closed'))).toBe(true);
    expect(isRetryable(fetchFailure('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'))).toBe(false);
    expect(isRetryable(new Error('a bug'))).toBe(false);
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  it('parses delta-seconds and HTTP dates, and rejects the malformed', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('-1', now)).toBeUndefined();
    expect(parseRetryAfter('1.5', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('comes from the header first, then from the Status details', () => {
    expect(retryAfterMsOf(apiError(429, 'TooManyRequests', 'slow down', { 'retry-after': '2' }))).toBe(2000);
    const fromBody = new ApiException(
      429,
      'x',
      JSON.stringify({ kind: 'Status', code: 429, reason: 'TooManyRequests', details: { retryAfterSeconds: 4 } }),
      {},
    );
    expect(retryAfterMsOf(fromBody)).toBe(4000);
    expect(retryAfterMsOf(apiError(503, 'ServiceUnavailable', 'x'))).toBeUndefined();
  });
});

describe('toRunError', () => {
  it('names the refused verb, resource and namespace on 403, and the RBAC rule needed (exit 2)', () => {
    const error = toRunError(
      apiError(403, 'Forbidden', 'virtualmachines.kubevirt.io "virtwork-cpu-0" is forbidden: User "dev" cannot create'),
      createVm,
      cluster,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 403, reason: 'Forbidden', target: createVm });
    expect(isApiStatus(error, 403)).toBe(true);
    expect(exitCodeFor(error)).toBe(2);
    expect(error.message).toContain('cannot create virtualmachines.kubevirt.io "virtwork-cpu-0" in namespace "virtwork"');
    expect(error.message).toContain('needs RBAC permission virtualmachines.kubevirt.io "create" in namespace "virtwork"');
    expect(error.message).toContain('grant it with: kubectl create role virtwork --verb=create --resource=virtualmachines.kubevirt.io -n virtwork, bound to that user by a RoleBinding');
    expect(error.message).toContain('User "dev" cannot create');
  });

  it('says the credentials were rejected on 401 (exit 2)', () => {
    const error = toRunError(new ApiException(401, 'Unauthorized', undefined, {}), createVm, cluster);
    expect(exitCodeFor(error)).toBe(2);
    expect(error.message).toMatch(/^unauthorized: the API server at https:\/\/api\.example:6443 rejected the credentials of context "admin"/);
  });

  it('says what was not found on 404 (exit 2)', () => {
    const error = toRunError(apiError(404, 'NotFound', 'namespaces "virtwork" not found'), createVm, cluster);
    expect(exitCodeFor(error)).toBe(2);
    expect(error.message).toContain('not found: cannot create virtualmachines.kubevirt.io "virtwork-cpu-0" in namespace "virtwork"');
    expect(error.message).toContain('namespaces "virtwork" not found');
  });

  it('reports a 5xx with the attempts made (exit 1)', () => {
    const error = toRunError(apiError(503, 'ServiceUnavailable', 'etcd is sad'), createVm, cluster, 10);
    expect(exitCodeFor(error)).toBe(1);
    expect(error.message).toBe(
      'create virtualmachines.kubevirt.io "virtwork-cpu-0" in namespace "virtwork" failed after 10 attempts: HTTP 503 ServiceUnavailable: etcd is sad',
    );
  });

  it('reports an unreachable server in one line (exit 1)', () => {
    const error = toRunError(fetchFailure('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:6443'), createVm, cluster);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: undefined, reason: undefined, target: createVm });
    expect(isApiStatus(error, 404)).toBe(false);
    expect(exitCodeFor(error)).toBe(1);
    expect(error.message).toBe(
      'cannot reach the Kubernetes API server at https://api.example:6443 (context "admin"): connect ECONNREFUSED 127.0.0.1:6443',
    );
    expect(error.message).not.toContain('\n');
  });

  it('blames the CA on a TLS verification failure (exit 2)', () => {
    const error = toRunError(fetchFailure('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'), createVm, cluster);
    expect(exitCodeFor(error)).toBe(2);
    expect(error.message).toContain('TLS verification of the API server at https://api.example:6443 failed');
  });

  it('keeps the original error as cause', () => {
    const original = apiError(403, 'Forbidden', 'no');
    expect(toRunError(original, createVm, cluster).cause).toBe(original);
  });

  it('spells a cluster-scoped permission without a namespace', () => {
    expect(requiredPermission({ verb: 'create', resource: 'namespaces', name: 'virtwork' })).toBe(
      'namespaces "create" (cluster-scoped)',
    );
  });
});
