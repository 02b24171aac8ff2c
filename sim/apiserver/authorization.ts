/**
 * kube-apiserver's RBAC authorizer (plugin/pkg/auth/authorizer/rbac), the subset deploy/ and
 * `kubectl create role` use: Roles and ClusterRoles, granted by RoleBindings in one namespace and by
 * ClusterRoleBindings everywhere, to ServiceAccount, User and Group subjects; rules matched by
 * apiGroup, resource (`plural` or `plural/subresource`), verb and resourceName, `*` wildcards
 * included. No aggregation, no nonResourceURLs: non-resource requests are allowed to everyone, as
 * the default `system:discovery` and `system:public-info-viewer` roles allow them.
 */
import { resourceOfKind } from '../registry/index.js';
import type { Store, StoredObject } from '../storage/store.js';

/** Who is asking, as the authenticator says. */
export interface Identity {
  readonly user: string;
  readonly groups: readonly string[];
}

/** What is asked, as kube's RequestInfo has it. */
export interface AccessAttributes {
  readonly verb: string;
  readonly group: string;
  /** The plural, with `/subresource` when there is one. */
  readonly resource: string;
  /** Absent for cluster-scoped requests and lists across every namespace. */
  readonly namespace?: string;
  readonly name?: string;
}

interface PolicyRule {
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly verbs?: readonly string[];
  readonly resourceNames?: readonly string[];
}

interface Subject {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

interface Binding extends StoredObject {
  readonly roleRef?: { readonly kind?: string; readonly name?: string };
  readonly subjects?: readonly Subject[];
}

const ROLES = resourceOfKind('Role');
const ROLE_BINDINGS = resourceOfKind('RoleBinding');
const CLUSTER_ROLES = resourceOfKind('ClusterRole');
const CLUSTER_ROLE_BINDINGS = resourceOfKind('ClusterRoleBinding');

/** What every user may do whatever the bindings say: the default `system:basic-user` role. */
const BASIC_USER_RESOURCES = new Set(['selfsubjectreviews', 'selfsubjectaccessreviews', 'selfsubjectrulesreviews']);

const SERVICE_ACCOUNT_USER = /^system:serviceaccount:([^:]+):([^:]+)$/;

const has = (list: readonly string[] | undefined, value: string): boolean => (list ?? []).some((v) => v === '*' || v === value);

export const ruleAllows = (rule: PolicyRule, attrs: AccessAttributes): boolean =>
  has(rule.verbs, attrs.verb) &&
  has(rule.apiGroups, attrs.group) &&
  has(rule.resources, attrs.resource) &&
  ((rule.resourceNames ?? []).length === 0 || (rule.resourceNames ?? []).includes(attrs.name ?? ''));

const appliesTo = (subject: Subject, identity: Identity): boolean => {
  switch (subject.kind) {
    case 'ServiceAccount': {
      const m = SERVICE_ACCOUNT_USER.exec(identity.user);
      return m !== null && subject.namespace === m[1] && subject.name === m[2];
    }
    case 'User':
      return subject.name === identity.user;
    case 'Group':
      return identity.groups.includes(subject.name);
    default:
      return false;
  }
};

const rulesOf = (store: Store, binding: Binding): readonly PolicyRule[] => {
  const { kind, name } = binding.roleRef ?? {};
  if (name === undefined) return [];
  const role = kind === 'Role'
    ? store.get(ROLES, binding.metadata.namespace, name)
    : kind === 'ClusterRole' ? store.get(CLUSTER_ROLES, undefined, name) : undefined;
  return ((role as { rules?: readonly PolicyRule[] } | undefined)?.rules) ?? [];
};

/** Whether the bindings in the store grant the request. */
export const rbacAllows = (store: Store, identity: Identity, attrs: AccessAttributes): boolean => {
  if (attrs.verb === 'create' && attrs.group.endsWith('.k8s.io') && BASIC_USER_RESOURCES.has(attrs.resource)) return true;
  const bindings = [
    ...(store.list(CLUSTER_ROLE_BINDINGS) as Binding[]),
    ...(attrs.namespace !== undefined ? (store.list(ROLE_BINDINGS, attrs.namespace) as Binding[]) : []),
  ];
  return bindings.some(
    (binding) => (binding.subjects ?? []).some((s) => appliesTo(s, identity)) && rulesOf(store, binding).some((rule) => ruleAllows(rule, attrs)),
  );
};
