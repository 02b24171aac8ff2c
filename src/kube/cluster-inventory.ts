/**
 * What the cluster has to offer VMs, read as a preflight reads it: the server's version, the
 * KubeVirt and CDI custom resources (listed, since distributions name and place them differently),
 * StorageClasses with CDI's StorageProfile for one of them, and the nodes VMs can run on.
 */
import type { V1Node, V1StorageClass, V1ObjectMeta, VersionInfo } from '@kubernetes/client-node';
import type { V1beta1CDI } from '@kubevirt-ui-ext/kubevirt-api/containerized-data-importer';
import type { V1KubeVirt } from '@kubevirt-ui-ext/kubevirt-api/kubevirt';
import { callApi, type ApiContext } from './api.js';
import { isApiStatus } from './api-errors.js';
import { KINDS, rbacResource } from './kinds.js';

/** virt-handler labels every node it runs on; VMs are scheduled only there. */
export const SCHEDULABLE_NODE_LABEL = 'kubevirt.io/schedulable';
export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
/** KubeVirt's own default, which CDI prefers for VM disks. */
export const DEFAULT_VIRT_CLASS_ANNOTATION = 'storageclass.kubevirt.io/is-default-virt-class';

/** One way CDI may create a PVC for the class: its access modes and volume mode. */
export interface ClaimPropertySet {
  readonly accessModes?: readonly string[];
  readonly volumeMode?: string;
}

/** CDI's StorageProfile, as the API returns it (the KubeVirt API package has no type for it). */
export interface StorageProfile {
  readonly metadata?: V1ObjectMeta;
  readonly status?: {
    readonly storageClass?: string;
    readonly provisioner?: string;
    readonly claimPropertySets?: readonly ClaimPropertySet[];
  };
}

interface ListOf<T> {
  readonly items?: T[];
}

export const serverVersion = (ctx: ApiContext): Promise<VersionInfo> =>
  callApi(ctx, { verb: 'get', resource: 'server version /version' }, (options) => ctx.cluster.version.getCode(options));

export const listKubeVirts = async (ctx: ApiContext): Promise<V1KubeVirt[]> => {
  const { group, version, plural } = KINDS.KubeVirt;
  const list = (await callApi(ctx, { verb: 'list', resource: rbacResource(KINDS.KubeVirt) }, (options) =>
    ctx.cluster.customObjects.listCustomObjectForAllNamespaces({ group, version, resourcePlural: plural }, options),
  )) as ListOf<V1KubeVirt>;
  return list.items ?? [];
};

export const listCdis = async (ctx: ApiContext): Promise<V1beta1CDI[]> => {
  const { group, version, plural } = KINDS.CDI;
  const list = (await callApi(ctx, { verb: 'list', resource: rbacResource(KINDS.CDI) }, (options) =>
    ctx.cluster.customObjects.listClusterCustomObject({ group, version, plural }, options),
  )) as ListOf<V1beta1CDI>;
  return list.items ?? [];
};

export const listStorageClasses = async (ctx: ApiContext): Promise<V1StorageClass[]> =>
  (await callApi(ctx, { verb: 'list', resource: rbacResource(KINDS.StorageClass) }, (options) => ctx.cluster.storage.listStorageClass({}, options))).items;

/** The StorageProfile CDI keeps for a StorageClass (same name), or undefined when there is none. */
export const getStorageProfile = async (ctx: ApiContext, name: string): Promise<StorageProfile | undefined> => {
  const { group, version, plural } = KINDS.StorageProfile;
  try {
    return (await callApi(ctx, { verb: 'get', resource: rbacResource(KINDS.StorageProfile), name }, (options) =>
      ctx.cluster.customObjects.getClusterCustomObject({ group, version, plural, name }, options),
    )) as StorageProfile;
  } catch (error) {
    if (isApiStatus(error, 404)) return undefined;
    throw error;
  }
};

/** The nodes virt-handler runs on, whatever their state. */
export const listSchedulableNodes = async (ctx: ApiContext): Promise<V1Node[]> =>
  (await callApi(ctx, { verb: 'list', resource: rbacResource(KINDS.Node) }, (options) =>
    ctx.cluster.core.listNode({ labelSelector: `${SCHEDULABLE_NODE_LABEL}=true` }, options),
  )).items;
