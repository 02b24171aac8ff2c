/**
 * What a VMI's cloud-init Secrets do to its start, as on a cluster. virt-controller mounts each
 * Secret a `cloudInitNoCloud` / `cloudInitConfigDrive` volume names into the virt-launcher pod
 * (handleCloudInitNoCloud, pkg/virt-controller/services/rendervolumes.go: pod volume
 * `<volume>-udata` or `-ndata`): a missing Secret fails the kubelet's mount and the pod never
 * starts. A Secret without the key is mounted all the same (subPath `userdata` / `userData`), and
 * virt-launcher finds no data when it builds the cloud-init disk (resolveNoCloudSecrets and
 * readCloudInitData, pkg/cloud-init/cloud-init.go), so the domain is never created.
 */
import type { V1CloudInitNoCloudSource, V1Volume } from '@kubevirt-ui-ext/kubevirt-api/kubevirt';

/** Reads a Secret's data keys, or undefined when there is no such Secret. */
export type SecretKeys = (name: string) => readonly string[] | undefined;

export interface MissingSecret {
  /** The launcher pod's volume: `<volume>-udata` (user data) or `<volume>-ndata` (network data). */
  readonly podVolume: string;
  readonly secret: string;
}

interface Source {
  readonly volume: string;
  readonly data: Pick<V1CloudInitNoCloudSource, 'userData' | 'userDataBase64' | 'secretRef' | 'networkData' | 'networkDataBase64' | 'networkDataSecretRef'>;
}

/** KubeVirt uses the first cloud-init volume only (findCloudInitNoCloudSecretVolume). */
const cloudInitSource = (volumes: readonly V1Volume[] | undefined): Source | undefined => {
  for (const volume of volumes ?? []) {
    const data = volume.cloudInitNoCloud ?? volume.cloudInitConfigDrive;
    if (data) return { volume: volume.name, data };
  }
  return undefined;
};

/** The first Secret the kubelet cannot mount, in the order virt-controller adds the pod volumes. */
export const missingSecret = (volumes: readonly V1Volume[] | undefined, keysOf: SecretKeys): MissingSecret | undefined => {
  const source = cloudInitSource(volumes);
  if (!source) return undefined;
  const refs = [
    { podVolume: `${source.volume}-udata`, secret: source.data.secretRef?.name },
    { podVolume: `${source.volume}-ndata`, secret: source.data.networkDataSecretRef?.name },
  ];
  for (const { podVolume, secret } of refs) if (secret && keysOf(secret) === undefined) return { podVolume, secret };
  return undefined;
};

const hasAny = (keys: readonly string[] | undefined, wanted: readonly string[]): boolean => wanted.some((k) => keys?.includes(k) === true);

/** virt-launcher's error when the mounted Secrets hold no cloud-init data, or undefined. */
export const cloudInitDataError = (volumes: readonly V1Volume[] | undefined, keysOf: SecretKeys): string | undefined => {
  const source = cloudInitSource(volumes);
  if (!source) return undefined;
  const { data } = source;
  const userRef = data.secretRef?.name;
  const networkRef = data.networkDataSecretRef?.name;
  const userFound = userRef !== undefined && hasAny(keysOf(userRef), ['userdata', 'userData']);
  const networkFound = networkRef !== undefined && hasAny(keysOf(networkRef), ['networkdata', 'networkData']);
  if (userRef !== undefined && networkRef !== undefined && !userFound && !networkFound) {
    return `no cloud-init data-source found at volume: ${source.volume}`;
  }
  const userData = userFound || Boolean(data.userData) || Boolean(data.userDataBase64);
  const networkData = networkFound || Boolean(data.networkData) || Boolean(data.networkDataBase64);
  if (!userData && !networkData) return 'userDataBase64, userData, networkDataBase64 or networkData is required for a cloud-init data source';
  return undefined;
};
