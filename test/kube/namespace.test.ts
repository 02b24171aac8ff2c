import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors.js';
import { managedLabels } from '../../src/kube/labels.js';
import { buildNamespace } from '../../src/kube/namespace.js';
import { schemaErrors, schemasAvailable, schemasSkipReason } from '../support/k8s-schemas.js';

describe('buildNamespace', () => {
  it.skipIf(!schemasAvailable)(`validates against the Kubernetes Namespace schema ${schemasSkipReason}`, () => {
    expect(schemaErrors('io.k8s.api.core.v1.Namespace', buildNamespace('virtwork', managedLabels('run-1')))).toEqual([]);
  });

  it('carries the managed-by and run-id labels', () => {
    expect(buildNamespace('load-test', managedLabels('run-1'))).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'load-test', labels: { 'app.kubernetes.io/managed-by': 'virtwork', 'virtwork/run-id': 'run-1' } },
    });
  });

  it('refuses a name that is not an RFC 1123 label', () => {
    expect(() => buildNamespace('Load_Test', {})).toThrow(InvalidInputError);
  });
});
