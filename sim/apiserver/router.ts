/**
 * Maps a request path onto a resource of the table: `/api/v1/...` and `/apis/<group>/<version>/...`,
 * namespaced and cluster-wide collections, single objects, subresources, and the legacy
 * `/watch/` prefix. Only installed groups route; anything else falls through to discovery.
 */
import { isGroupInstalled, type InstalledGroups } from '../registry/installed-groups.js';
import { findByPlural, RESOURCES, type ResourceType } from '../registry/index.js';

export interface ResourceRoute {
  readonly kind: 'resource';
  readonly resource: ResourceType;
  /** Set for requests under `namespaces/<ns>/`. */
  readonly namespace?: string;
  readonly name?: string;
  readonly subresource?: string;
  /** `/api/v1/watch/...`: a watch whatever the query says. */
  readonly legacyWatch: boolean;
}

/** A path under a served group-version that names no resource: a 404 Status, not discovery. */
export interface UnknownResourceRoute {
  readonly kind: 'unknown-resource';
}

export type Route = ResourceRoute | UnknownResourceRoute;

const isServed = (installed: InstalledGroups, group: string, version: string): boolean =>
  isGroupInstalled(installed, group) && RESOURCES.some((r) => r.group === group && r.version === version);

/**
 * Routes a path (without query) among the installed groups' resources; undefined means "not a
 * resource path" (discovery, OpenAPI, 404).
 */
export const routeRequest = (pathname: string, installed: InstalledGroups): Route | undefined => {
  const segments = pathname.split('/').filter((s) => s !== '').map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (segments[0] === 'api' && segments.length >= 3) [group, version, rest] = ['', segments[1]!, segments.slice(2)];
  else if (segments[0] === 'apis' && segments.length >= 4) [group, version, rest] = [segments[1]!, segments[2]!, segments.slice(3)];
  else return undefined;
  if (!isServed(installed, group, version)) return undefined;

  const legacyWatch = rest[0] === 'watch';
  if (legacyWatch) rest = rest.slice(1);
  const unknown: UnknownResourceRoute = { kind: 'unknown-resource' };

  // namespaces/<name>/status and /finalize: subresources of a Namespace.
  if (group === '' && rest[0] === 'namespaces' && rest.length === 3 && !findByPlural(group, version, rest[2]!)) {
    return { kind: 'resource', resource: findByPlural(group, version, 'namespaces')!, name: rest[1]!, subresource: rest[2]!, legacyWatch };
  }
  // namespaces/<ns>/<plural>[/<name>[/<subresource>]]
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const resource = findByPlural(group, version, rest[2]!);
    if (!resource || !resource.namespaced || rest.length > 5) return unknown;
    return {
      kind: 'resource',
      resource,
      namespace: rest[1]!,
      ...(rest[3] !== undefined ? { name: rest[3] } : {}),
      ...(rest[4] !== undefined ? { subresource: rest[4] } : {}),
      legacyWatch,
    };
  }
  // <plural>[/<name>[/<subresource>]]: cluster-scoped objects, or all-namespaces collections.
  const resource = rest[0] === undefined ? undefined : findByPlural(group, version, rest[0]);
  if (!resource || rest.length > 3 || (resource.namespaced && rest.length > 1)) return unknown;
  return {
    kind: 'resource',
    resource,
    ...(rest[1] !== undefined ? { name: rest[1] } : {}),
    ...(rest[2] !== undefined ? { subresource: rest[2] } : {}),
    legacyWatch,
  };
};
