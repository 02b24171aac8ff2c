/** RoleBinding (rbac.authorization.k8s.io/v1): grants a Role or ClusterRole in one namespace; read by the authorizer. */
import { ageColumn, col } from '../columns.js';
import { ALL_VERBS } from '../resource-type.js';
import type { KindStrategy } from '../strategy.js';

export const roleBindings: KindStrategy = {
  resource: {
    group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'RoleBinding', listKind: 'RoleBindingList', plural: 'rolebindings', singular: 'rolebinding',
    shortNames: [], namespaced: true, verbs: ALL_VERBS,
    schema: { source: 'kubernetes', definition: 'io.k8s.api.rbac.v1.RoleBinding' }, crd: false, statusSubresource: false,
  },
  nameRule: 'path',
  columns: [col('Role', '.roleRef.name'), ageColumn],
};
