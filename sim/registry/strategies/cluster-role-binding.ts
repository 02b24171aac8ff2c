/** ClusterRoleBinding (rbac.authorization.k8s.io/v1): grants a ClusterRole everywhere; read by the authorizer. */
import { ageColumn, col } from '../columns.js';
import { ALL_VERBS } from '../resource-type.js';
import type { KindStrategy } from '../strategy.js';

export const clusterRoleBindings: KindStrategy = {
  resource: {
    group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRoleBinding', listKind: 'ClusterRoleBindingList', plural: 'clusterrolebindings', singular: 'clusterrolebinding',
    shortNames: [], namespaced: false, verbs: ALL_VERBS,
    schema: { source: 'kubernetes', definition: 'io.k8s.api.rbac.v1.ClusterRoleBinding' }, crd: false, statusSubresource: false,
  },
  nameRule: 'path',
  columns: [col('Role', '.roleRef.name'), ageColumn],
};
