/** ClusterRole (rbac.authorization.k8s.io/v1): rules for any namespace or the cluster scope; read by the authorizer. */
import { ageColumn } from '../columns.js';
import { ALL_VERBS } from '../resource-type.js';
import type { KindStrategy } from '../strategy.js';

export const clusterRoles: KindStrategy = {
  resource: {
    group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRole', listKind: 'ClusterRoleList', plural: 'clusterroles', singular: 'clusterrole',
    shortNames: [], namespaced: false, verbs: ALL_VERBS,
    schema: { source: 'kubernetes', definition: 'io.k8s.api.rbac.v1.ClusterRole' }, crd: false, statusSubresource: false,
  },
  nameRule: 'path',
  columns: [{ name: 'Created At', type: 'date', jsonPath: '.metadata.creationTimestamp' }, ageColumn],
};
