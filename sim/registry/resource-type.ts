/**
 * Where and how a kind is served: its group, version, names, scope and verbs, and the OpenAPI
 * definition that validates it. Routing, discovery, OpenAPI and the CRDs are built from these.
 */

export type SchemaSource = 'kubernetes' | 'kubevirt' | 'cdi';

export interface ResourceType {
  /** '' for the core group. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly listKind: string;
  /** URL segment: `virtualmachines`. */
  readonly plural: string;
  readonly singular: string;
  readonly shortNames: readonly string[];
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
  readonly categories?: readonly string[];
  /** Which swagger file holds the definition, and its name there. */
  readonly schema: { readonly source: SchemaSource; readonly definition: string };
  /** Custom resources are served from CRDs (listed under apiextensions.k8s.io/v1). */
  readonly crd: boolean;
  /** Has a status subresource (`.../status`). */
  readonly statusSubresource: boolean;
}

export const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const;

export const apiVersionOf = (r: ResourceType): string => (r.group === '' ? r.version : `${r.group}/${r.version}`);
