/**
 * Who the kubeconfig's user is and what they may do, as the API server itself answers:
 * SelfSubjectReview (`kubectl auth whoami`) and SelfSubjectAccessReview (`kubectl auth can-i`).
 */
import type { V1SelfSubjectReview, V1UserInfo } from '@kubernetes/client-node';
import { callApi, type ApiContext } from './api.js';
import { isApiStatus } from './api-errors.js';
import { KINDS, rbacResource, type KindInfo, type Verb } from './kinds.js';

export type WhoAmI =
  | { readonly served: true; readonly apiVersion: string; readonly user: V1UserInfo }
  /** Neither version is served: Kubernetes before 1.27, or 1.27 without the beta API enabled. */
  | { readonly served: false };

/** GA in Kubernetes 1.28, beta in 1.27: the first the server serves answers. */
const REVIEW_VERSIONS = ['v1', 'v1beta1'] as const;

export const whoAmI = async (ctx: ApiContext): Promise<WhoAmI> => {
  const { group, plural } = KINDS.SelfSubjectReview;
  for (const version of REVIEW_VERSIONS) {
    const apiVersion = `${group}/${version}`;
    try {
      // The generated client knows only v1, so both go through the generic API of the group.
      const review = (await callApi(ctx, { verb: 'create', resource: rbacResource(KINDS.SelfSubjectReview) }, (options) =>
        ctx.cluster.customObjects.createClusterCustomObject(
          { group, version, plural, body: { apiVersion, kind: 'SelfSubjectReview' } },
          options,
        ),
      )) as V1SelfSubjectReview;
      return { served: true, apiVersion, user: review.status?.userInfo ?? {} };
    } catch (error) {
      if (!isApiStatus(error, 404)) throw error;
    }
  }
  return { served: false };
};

/** One RBAC question: may I `verb` this kind (in `namespace`, or cluster-wide / in every namespace)? */
export interface AccessQuestion {
  readonly verb: Verb;
  readonly kind: KindInfo;
  readonly namespace?: string;
  /** One object by name (`get namespace virtwork`); absent: any. */
  readonly name?: string;
}

export const canI = async (ctx: ApiContext, question: AccessQuestion): Promise<boolean> => {
  const { verb, kind, namespace, name } = question;
  const review = await callApi(ctx, { verb: 'create', resource: rbacResource(KINDS.SelfSubjectAccessReview) }, (options) =>
    ctx.cluster.authorization.createSelfSubjectAccessReview(
      {
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: { resourceAttributes: { verb, group: kind.group, resource: kind.plural, ...(namespace !== undefined && { namespace }), ...(name !== undefined && { name }) } },
        },
      },
      options,
    ),
  );
  return review.status?.allowed === true;
};
