/**
 * SelfSubjectAccessReview (authorization.k8s.io/v1, `kubectl auth can-i`): create-only, never
 * stored. Access is decided by the RBAC fault rules: a verb on a resource is allowed unless a
 * `deny` fault matches it, exactly as the same request itself would be refused.
 */
import { invalid } from '../../apiserver/status.js';
import { VERBS, type FaultSet } from '../../faults.js';
import { apiVersionOf, type ResourceType } from '../resource-type.js';
import type { KindStrategy } from '../strategy.js';

const resource: ResourceType = {
  group: 'authorization.k8s.io', version: 'v1', kind: 'SelfSubjectAccessReview', listKind: 'SelfSubjectAccessReviewList',
  plural: 'selfsubjectaccessreviews', singular: 'selfsubjectaccessreview', shortNames: [], namespaced: false,
  verbs: ['create'], schema: { source: 'kubernetes', definition: 'io.k8s.api.authorization.v1.SelfSubjectAccessReview' },
  crd: false, statusSubresource: false,
};

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

export const selfSubjectAccessReviews: KindStrategy = {
  resource,
  answerCreate: (review, requester) => {
    const spec = (review.spec ?? {}) as AccessReviewSpec;
    if ((spec.resourceAttributes === undefined) === (spec.nonResourceAttributes === undefined)) {
      throw invalid(resource, '', [{
        field: 'spec.resourceAttributes',
        reason: 'FieldValueInvalid',
        detail: 'Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
      }]);
    }
    return { apiVersion: apiVersionOf(resource), kind: resource.kind, metadata: {}, spec, status: { allowed: isAllowed(spec.resourceAttributes, requester.faults) } };
  },
};
