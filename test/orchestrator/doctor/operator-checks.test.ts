import type { V1APIGroupList } from '@kubernetes/client-node';
import type { V1beta1CDI } from '@kubevirt-ui-ext/kubevirt-api/containerized-data-importer';
import type { V1KubeVirt } from '@kubevirt-ui-ext/kubevirt-api/kubevirt';
import { describe, expect, it } from 'vitest';
import { checkCdi, checkKubeVirt } from '../../../src/orchestrator/doctor/operator-checks.js';
import { failedWith, ok } from './reads.js';

const groups = (...gvs: [string, string][]): V1APIGroupList => ({
  groups: gvs.map(([name, version]) => ({ name, versions: [{ groupVersion: `${name}/${version}`, version }] })),
});
const both = ok(groups(['kubevirt.io', 'v1'], ['cdi.kubevirt.io', 'v1beta1']));

const kubevirt = (phase: string, available: 'True' | 'False', message = ''): V1KubeVirt => ({
  metadata: { name: 'kubevirt-kubevirt-hyperconverged', namespace: 'openshift-cnv' },
  spec: {},
  status: { phase, observedKubeVirtVersion: 'v1.5.2', conditions: [{ type: 'Available', status: available, message }] },
});
const cdi = (phase: string): V1beta1CDI => ({
  metadata: { name: 'cdi-kubevirt-hyperconverged' },
  spec: {},
  status: { phase, observedVersion: 'v1.62.0', conditions: [{ type: 'Available', status: phase === 'Deployed' ? 'True' : 'False' }] },
});

describe('checkKubeVirt', () => {
  it('passes with the version and where the CR lives', () => {
    expect(checkKubeVirt(both, ok([kubevirt('Deployed', 'True')]))).toEqual({
      name: 'kubevirt', status: 'pass', message: 'KubeVirt v1.5.2, Deployed (openshift-cnv/kubevirt-kubevirt-hyperconverged)',
    });
  });

  it('fails when the cluster does not serve kubevirt.io/v1, saying to install it', () => {
    expect(checkKubeVirt(ok(groups(['cdi.kubevirt.io', 'v1beta1'])), ok([]))).toMatchObject({
      status: 'fail', message: 'the cluster does not serve kubevirt.io/v1: KubeVirt is not installed', fix: expect.stringContaining('install OpenShift Virtualization') as unknown,
    });
  });

  it('fails when the API is served but no KubeVirt CR exists', () => {
    expect(checkKubeVirt(both, ok([]))).toMatchObject({ status: 'fail', message: expect.stringContaining('no KubeVirt custom resource') as unknown });
  });

  it('warns while KubeVirt is Deploying or not Available, with the condition message', () => {
    const result = checkKubeVirt(both, ok([kubevirt('Deploying', 'False', 'Deploying version v1.5.2')]));
    expect(result).toMatchObject({ status: 'warn', message: 'KubeVirt v1.5.2 (openshift-cnv/kubevirt-kubevirt-hyperconverged) is Deploying, not Available: Deploying version v1.5.2' });
    expect(checkKubeVirt(both, ok([kubevirt('Deployed', 'False')])).status).toBe('warn');
  });

  it('warns when the CRs may not be listed, since run does not need them', () => {
    expect(checkKubeVirt(both, failedWith(403))).toMatchObject({
      status: 'warn', message: expect.stringContaining('cannot list kubevirts.kubevirt.io in all namespaces (forbidden)') as unknown,
    });
  });
});

describe('checkCdi', () => {
  it('passes with the observed version of the cluster-scoped CR', () => {
    expect(checkCdi(both, ok([cdi('Deployed')]))).toEqual({ name: 'cdi', status: 'pass', message: 'CDI v1.62.0, Deployed (cdi-kubevirt-hyperconverged)' });
  });

  it('fails without cdi.kubevirt.io/v1beta1 and warns while deploying', () => {
    expect(checkCdi(ok(groups(['kubevirt.io', 'v1'])), ok([])).status).toBe('fail');
    expect(checkCdi(both, ok([cdi('Deploying')])).status).toBe('warn');
  });
});
