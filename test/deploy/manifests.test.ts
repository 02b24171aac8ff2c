import type { KubernetesObject, V1ClusterRoleBinding, V1Job, V1CronJob, V1PersistentVolumeClaim, V1RoleBinding } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { parseConfigFile } from '../../src/config/config-file.js';
import { objectSchemaErrors, schemasSkipReason } from '../support/k8s-schemas.js';
import { configYaml, find, kubectlSkipReason, podSpecOf, renderDeploy } from './render.js';

const KUSTOMIZATIONS = ['', 'overlays/other-namespace', 'overlays/other-image'];
const POD_OWNERS: readonly [string, string][] = [['Job', 'virtwork-run'], ['Job', 'virtwork-cleanup'], ['CronJob', 'virtwork-nightly']];
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding']);

describe.skipIf(kubectlSkipReason !== '')(`deploy/ ${kubectlSkipReason}`, () => {
  describe.skipIf(schemasSkipReason !== '')(`against the Kubernetes OpenAPI schema ${schemasSkipReason}`, () => {
    it.each(KUSTOMIZATIONS)('every object deploy/%s renders is valid', (kustomization) => {
      const objects = renderDeploy(kustomization);
      expect(objects.map((o) => o.kind).sort()).toEqual(
        ['ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'CronJob', 'Job', 'Job', 'Namespace', 'PersistentVolumeClaim', 'Role', 'RoleBinding', 'ServiceAccount'],
      );
      for (const object of objects) expect({ object: `${object.kind}/${object.metadata?.name}`, errors: objectSchemaErrors(object) }).toEqual({ object: `${object.kind}/${object.metadata?.name}`, errors: [] });
    });
  });

  const base = renderDeploy();

  it('config.yaml is a valid config file whose audit database is on the audit volume', () => {
    const config = parseConfigFile(configYaml(base), 'config.yaml', '/etc/virtwork');
    expect(config.values.audit_db).toBe('/data/virtwork.db');
    expect(config.values.namespace).toBeUndefined(); // the service account's namespace, whatever the overlay
  });

  it.each(POD_OWNERS)('%s %s runs as the virtwork ServiceAccount with the config and the audit volume', (kind, name) => {
    const pod = podSpecOf(find(base, kind, name));
    expect(pod.serviceAccountName).toBe('virtwork');
    const container = pod.containers[0];
    expect(container?.env).toContainEqual({ name: 'VIRTWORK_CONFIG', value: '/etc/virtwork/config.yaml' });
    expect(container?.volumeMounts).toEqual(expect.arrayContaining([
      { name: 'config', mountPath: '/etc/virtwork', readOnly: true },
      { name: 'audit', mountPath: '/data' },
    ]));
    expect(pod.volumes).toEqual(expect.arrayContaining([
      { name: 'config', configMap: { name: 'virtwork-config' } },
      { name: 'audit', persistentVolumeClaim: { claimName: 'virtwork-audit' } },
    ]));
    expect(container?.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(find<V1PersistentVolumeClaim>(base, 'PersistentVolumeClaim', 'virtwork-audit').spec?.accessModes).toEqual(['ReadWriteOnce']);
  });

  it('applying deploy/ starts only the run Job: cleanup and the nightly CronJob wait, suspended', () => {
    expect(find<V1Job>(base, 'Job', 'virtwork-run').spec?.suspend).toBeUndefined();
    expect(podSpecOf(find(base, 'Job', 'virtwork-run')).containers[0]?.args).toEqual(['run']);
    expect(find<V1Job>(base, 'Job', 'virtwork-cleanup').spec?.suspend).toBe(true);
    expect(podSpecOf(find(base, 'Job', 'virtwork-cleanup')).containers[0]?.args).toEqual(['cleanup', '--yes', '--wait']);
    expect(find<V1CronJob>(base, 'CronJob', 'virtwork-nightly').spec).toMatchObject({ suspend: true, concurrencyPolicy: 'Forbid' });
  });

  it('the other-namespace overlay moves every object and every binding subject to team-a', () => {
    const objects = renderDeploy('overlays/other-namespace');
    const namespaced = objects.filter((o) => !CLUSTER_SCOPED.has(o.kind ?? ''));
    expect(new Set(namespaced.map((o) => o.metadata?.namespace))).toEqual(new Set(['team-a']));
    expect(find(objects, 'Namespace', 'team-a')).toBeDefined();
    expect(find<V1RoleBinding>(objects, 'RoleBinding', 'virtwork').subjects).toEqual([{ kind: 'ServiceAccount', name: 'virtwork', namespace: 'team-a' }]);
    const clusterBinding = find<V1ClusterRoleBinding>(objects, 'ClusterRoleBinding', 'virtwork-doctor-team-a');
    expect(clusterBinding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'virtwork', namespace: 'team-a' }]);
    expect(find(objects, 'ClusterRole', clusterBinding.roleRef.name)).toBeDefined();
  });

  it('the other-image overlay runs the mirrored image, pinned by digest, in every pod', () => {
    const objects = renderDeploy('overlays/other-image');
    const images = POD_OWNERS.map(([kind, name]) => podSpecOf(find<KubernetesObject>(objects, kind, name)).containers[0]?.image);
    expect(new Set(images)).toEqual(new Set([`registry.example.com/mirror/virtwork@sha256:${'0'.repeat(64)}`]));
    expect(new Set(POD_OWNERS.map(([kind, name]) => podSpecOf(find(base, kind, name)).containers[0]?.image))).toEqual(new Set(['quay.io/virtwork/virtwork:latest']));
  });
});
