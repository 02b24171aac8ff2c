import { describe, expect, it } from 'vitest';
import { LABEL_MANAGED_BY, LABEL_ROLE, LABEL_RUN_ID, LABEL_WORKLOAD } from '../../src/constants.js';
import { InvalidInputError } from '../../src/errors.js';
import { managedLabels, managedSelector, recommendedLabels, roleLabels, toSelector, workloadLabels } from '../../src/kube/labels.js';

const RUN_ID = '6f1c2a54-8a0e-4d8f-9b3e-2c1d0e9f8a7b';

describe('labels', () => {
  it('marks an object as managed by virtwork and by which run', () => {
    expect(managedLabels(RUN_ID)).toEqual({ [LABEL_MANAGED_BY]: 'virtwork', [LABEL_RUN_ID]: RUN_ID });
  });

  it('names the workload and role of a multi-VM workload VM', () => {
    expect(roleLabels('network', 'server')).toEqual({ [LABEL_WORKLOAD]: 'network', [LABEL_ROLE]: 'server' });
  });

  it('gives the Kubernetes recommended labels as the Go tool does, and refuses a value too long for a label', () => {
    expect(recommendedLabels('database')).toEqual({
      'app.kubernetes.io/name': 'virtwork-database',
      'app.kubernetes.io/component': 'database',
    });
    expect(() => recommendedLabels('w'.repeat(60))).toThrow(InvalidInputError);
    expect(() => recommendedLabels('w'.repeat(60))).toThrow('label app.kubernetes.io/name');
  });

  it('gives a single-role VM its workload label and no role label', () => {
    expect(roleLabels('cpu')).toEqual(workloadLabels('cpu'));
    expect(roleLabels('cpu')).not.toHaveProperty(LABEL_ROLE);
  });

  it('refuses a value the API server would refuse', () => {
    expect(() => managedLabels('not a label value')).toThrow(InvalidInputError);
    expect(() => roleLabels('cpu', 'x'.repeat(64))).toThrow(/label virtwork\/role/);
  });
});

describe('toSelector', () => {
  it('joins labels into the k=v,k=v form list and watch take', () => {
    expect(toSelector({ ...managedLabels(RUN_ID), ...roleLabels('tps', 'client') })).toBe(
      `app.kubernetes.io/managed-by=virtwork,virtwork/run-id=${RUN_ID},virtwork/workload=tps,virtwork/role=client`,
    );
  });

  it('selects nothing extra for no labels', () => {
    expect(toSelector({})).toBe('');
  });
});

describe('managedSelector', () => {
  it('selects every object virtwork made, or with a run id only that run’s', () => {
    expect(managedSelector()).toBe('app.kubernetes.io/managed-by=virtwork');
    expect(managedSelector('run-1')).toBe('app.kubernetes.io/managed-by=virtwork,virtwork/run-id=run-1');
  });

  it('ANDs a user selector after the managed labels, so it can only narrow', () => {
    expect(managedSelector(undefined, 'virtwork/workload=cpu')).toBe('app.kubernetes.io/managed-by=virtwork,virtwork/workload=cpu');
    expect(managedSelector('run-1', 'tier in (a,b)')).toBe('app.kubernetes.io/managed-by=virtwork,virtwork/run-id=run-1,tier in (a,b)');
  });
});
