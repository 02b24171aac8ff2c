/**
 * SelfSubjectReview (`kubectl auth whoami`) and SelfSubjectAccessReview (`kubectl auth can-i`):
 * create-only kinds that are never stored; the answer is the object sent, with a status. Access
 * is decided by the RBAC fault rules: a verb on a resource is allowed unless a `deny` fault matches
 * it, exactly as the same request itself would be refused.
 */
import { VERBS, type FaultSet } from '../faults.js';
import { apiVersionOf, type ResourceType } from '../registry/resources.js';
import { invalid } from './status.js';
import type { KubeObject } from '../storage/store.js';

export const REVIEW_KINDS: ReadonlySet<string> = new Set(['SelfSubjectReview', 'SelfSubjectAccessReview']);

export const isReview = (r: ResourceType): boolean => REVIEW_KINDS.has(r.kind);

/** Who the request came from, as the server authenticated it. */
export interface Requester {
  readonly user: string;
  readonly faults: FaultSet;
}

interface ResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}

interface AccessReviewSpec {
  resourceAttributes?: ResourceAttributes;
  nonResourceAttributes?: { path?: string; verb?: string };
}

/** kube-apiserver puts every authenticated user in this group; unauthenticated requests in the other. */
const groupsOf = (user: string): string[] =>
  user === 'system:anonymous' ? ['system:unauthenticated'] : ['system:authenticated'];

/** The created review: the object as sent, with the server's answer in `status`. */
export const answerReview = (r: ResourceType, review: KubeObject, requester: Requester): KubeObject => {
  // The body named this resource (the handler checked), so its apiVersion and kind are the table's.
  const answered = { apiVersion: apiVersionOf(r), kind: r.kind, metadata: {} };
  if (r.kind === 'SelfSubjectReview') {
    return { ...answered, status: { userInfo: { username: requester.user, groups: groupsOf(requester.user) } } };
  }
  const spec = (review.spec ?? {}) as AccessReviewSpec;
  if ((spec.resourceAttributes === undefined) === (spec.nonResourceAttributes === undefined)) {
    throw invalid(r, '', [{
      field: 'spec.resourceAttributes',
      reason: 'FieldValueInvalid',
      detail: 'Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
    }]);
  }
  return { ...answered, spec, status: { allowed: isAllowed(spec.resourceAttributes, requester.faults) } };
};

/**
 * Non-resource URLs (`/apis`, `/healthz`) are always allowed, as the default `system:discovery`
 * role allows them; so are verbs the fault model cannot name (`use`, `*`).
 */
const isAllowed = (attributes: ResourceAttributes | undefined, faults: FaultSet): boolean => {
  const verb = VERBS.find((v) => v === attributes?.verb);
  if (attributes === undefined || verb === undefined || attributes.resource === undefined) return true;
  return !faults.isDenied({
    verb,
    resource: attributes.resource,
    ...(attributes.namespace ? { namespace: attributes.namespace } : {}),
    ...(attributes.name ? { name: attributes.name } : {}),
  });
};
