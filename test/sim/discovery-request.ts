/** Calls discovery as the server does and decodes the answer, for the discovery unit tests. */
import { serveDiscovery } from '../../sim/discovery/index.js';
import { allGroups } from '../../sim/registry/installed-groups.js';

/** What kubectl 1.32 sends on /api and /apis. */
export const KUBECTL_DISCOVERY_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

export interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The body decoded as the document type the test expects. */
  json: <T>() => T;
}

export interface RequestOptions {
  method?: string;
  accept?: string;
  ifNoneMatch?: string;
  /** Simulate a cluster where only these groups are installed ('' is always there). */
  installedGroups?: readonly string[];
}

/** The answer, or undefined when discovery says the path is not its own. */
export const discover = (path: string, opts: RequestOptions = {}): Answer | undefined => {
  const request = {
    method: opts.method ?? 'GET',
    path,
    accept: opts.accept ?? 'application/json, */*',
    ...(opts.ifNoneMatch !== undefined ? { ifNoneMatch: opts.ifNoneMatch } : {}),
  };
  const response = serveDiscovery(request, opts.installedGroups ? new Set(['', ...opts.installedGroups]) : allGroups());
  if (!response) return undefined;
  const text = response.body.toString();
  return { status: response.status, headers: response.headers, text, json: <T>() => JSON.parse(text) as T };
};

/** Like {@link discover}, for paths that must be discovery's. */
export const mustDiscover = (path: string, opts: RequestOptions = {}): Answer => {
  const answer = discover(path, opts);
  if (!answer) throw new Error(`discovery did not answer ${path}`);
  return answer;
};
