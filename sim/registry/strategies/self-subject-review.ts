/**
 * SelfSubjectReview (authentication.k8s.io/v1, `kubectl auth whoami`): create-only, never stored;
 * the answer is the review with the authenticated user in its status.
 */
import { apiVersionOf, type ResourceType } from '../resource-type.js';
import type { KindStrategy } from '../strategy.js';

const resource: ResourceType = {
  group: 'authentication.k8s.io', version: 'v1', kind: 'SelfSubjectReview', listKind: 'SelfSubjectReviewList',
  plural: 'selfsubjectreviews', singular: 'selfsubjectreview', shortNames: [], namespaced: false, verbs: ['create'],
  schema: { source: 'kubernetes', definition: 'io.k8s.api.authentication.v1.SelfSubjectReview' }, crd: false,
  statusSubresource: false,
};

export const selfSubjectReviews: KindStrategy = {
  resource,
  answerCreate: (_review, requester) => ({
    apiVersion: apiVersionOf(resource),
    kind: resource.kind,
    metadata: {},
    status: { userInfo: { username: requester.user, groups: [...requester.groups] } },
  }),
};
