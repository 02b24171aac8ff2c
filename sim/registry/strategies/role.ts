/** Role (rbac.authorization.k8s.io/v1): rules in one namespace; the authorizer (sim/apiserver/authorization.ts) reads them. */
import { ageColumn } from '../columns.js';
import { ALL_VERBS } from '../resource-type.js';
import type { KindStrategy } from '../strategy.js';

export const roles: KindStrategy = {
  resource: {
    group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role', listKind: 'RoleList', plural: 'roles', singular: 'role',
    shortNames: [], namespaced: true, verbs: ALL_VERBS,
    schema: { source: 'kubernetes', definition: 'io.k8s.api.rbac.v1.Role' }, crd: false, statusSubresource: false,
  },
  nameRule: 'path',
  columns: [{ name: 'Created At', type: 'date', jsonPath: '.metadata.creationTimestamp' }, ageColumn],
};
