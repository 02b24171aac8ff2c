import { describe, expect, it } from 'vitest';
import { checkApi, checkIdentity } from '../../../src/orchestrator/doctor/api-checks.js';
import { failedWith, ok } from './reads.js';

const target = { server: 'https://api.ocp.example:6443', contextName: 'admin' };

describe('checkApi', () => {
  it('passes with the server, the context and the Kubernetes version', () => {
    expect(checkApi(target, ok({ gitVersion: 'v1.32.5', major: '1', minor: '32' } as never))).toEqual({
      name: 'api', status: 'pass', message: 'https://api.ocp.example:6443 (context admin) serves Kubernetes v1.32.5',
    });
  });

  it('fails on rejected credentials and says to log in again', () => {
    expect(checkApi(target, failedWith(401))).toMatchObject({ status: 'fail', message: expect.stringContaining('401 Unauthorized') as unknown, fix: expect.stringMatching(/^log in again/) as unknown });
  });

  it('fails when the server cannot be reached, keeping the reason and naming what to check', () => {
    const result = checkApi(target, failedWith(undefined, 'cannot reach the Kubernetes API server at https://api.ocp.example:6443 (context "admin"): connect ECONNREFUSED'));
    expect(result).toMatchObject({ status: 'fail', message: expect.stringContaining('ECONNREFUSED') as unknown });
    expect(result.fix).toContain('reachable from here');
  });
});

describe('checkIdentity', () => {
  it('passes with the user name and groups', () => {
    const result = checkIdentity(ok({ served: true, apiVersion: 'authentication.k8s.io/v1', user: { username: 'kube:admin', groups: ['system:cluster-admins', 'system:authenticated'] } }));
    expect(result).toEqual({ name: 'identity', status: 'pass', message: 'kube:admin, groups system:cluster-admins and system:authenticated' });
  });

  it('says when the answer came from the beta API of Kubernetes 1.27', () => {
    expect(checkIdentity(ok({ served: true, apiVersion: 'authentication.k8s.io/v1beta1', user: { username: 'dev' } })).message).toBe('dev (from authentication.k8s.io/v1beta1)');
  });

  it('warns, not fails, where the server has no SelfSubjectReview', () => {
    expect(checkIdentity(ok({ served: false }))).toMatchObject({ status: 'warn', message: expect.stringContaining('before 1.27') as unknown });
  });
});
