/**
 * Before anything is created: does the cluster serve KubeVirt and CDI? One `GET /apis` answers both.
 */
import type { V1APIGroupList } from '@kubernetes/client-node';
import { CDI_GROUP, CDI_VERSION, KUBEVIRT_GROUP, KUBEVIRT_VERSION } from '../constants.js';
import { EnvironmentError } from '../errors.js';
import { callApi, type ApiContext } from './api.js';

const REQUIRED = [
  { group: KUBEVIRT_GROUP, version: KUBEVIRT_VERSION, product: 'KubeVirt (OpenShift Virtualization)' },
  { group: CDI_GROUP, version: CDI_VERSION, product: 'the Containerized Data Importer (CDI)' },
] as const;

/** The named API groups and their versions: one `GET /apis`. */
export const listApiGroups = (ctx: ApiContext): Promise<V1APIGroupList> =>
  callApi(ctx, { verb: 'get', resource: 'API discovery /apis' }, (options) => ctx.cluster.apis.getAPIVersions({}, options));

/** Throws an EnvironmentError (exit 2) naming the first required API the cluster does not serve. */
export const requireVirtualizationApis = async (ctx: ApiContext): Promise<void> => {
  const groups = await listApiGroups(ctx);
  for (const required of REQUIRED) {
    if (!serves(groups, required.group, required.version)) {
      throw new EnvironmentError(
        `the cluster at ${ctx.cluster.server} does not serve ${required.group}/${required.version}: ` +
          `install ${required.product} or choose another --context`,
      );
    }
  }
};

export const serves = (list: V1APIGroupList, group: string, version: string): boolean =>
  list.groups.some((g) => g.name === group && g.versions.some((v) => v.version === version));
