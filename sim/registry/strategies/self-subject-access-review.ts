/**
 * SelfSubjectAccessReview (authorization.k8s.io/v1, `kubectl auth can-i`): create-only, never
 * stored. The answer is the server's own decision for the same request: refused by a matching
 * `deny` fault, and for a ServiceAccount token by RBAC (sim/apiserver/authorization.ts).
 */
import { invalid } from '../../apiserver/status.js';
import { apiVersionOf, type ResourceType } from '../resource-type.js';
import type { KindStrategy, Requester } from '../strategy.js';

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

/** Non-resource URLs (`/apis`, `/healthz`) are always allowed, as the default `system:discovery` role allows them. */
const isAllowed = (attributes: ResourceAttributes | undefined, requester: Requester): boolean =>
  attributes === undefined ||
  requester.allows({
    verb: attributes.verb ?? '',
    group: attributes.group ?? '',
    resource: attributes.subresource ? `${attributes.resource ?? ''}/${attributes.subresource}` : (attributes.resource ?? ''),
    ...(attributes.namespace ? { namespace: attributes.namespace } : {}),
    ...(attributes.name ? { name: attributes.name } : {}),
  });

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
    return { apiVersion: apiVersionOf(resource), kind: resource.kind, metadata: {}, spec, status: { allowed: isAllowed(spec.resourceAttributes, requester) } };
  },
};
