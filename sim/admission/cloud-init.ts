/**
 * cloud-init volume sources, as KubeVirt's validateVolumes checks them
 * (pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go): at least one user
 * data or network data source, at most one of each, valid base64, and inline data within 2048 bytes.
 */
import type { V1CloudInitNoCloudSource, V1Volume } from '@kubevirt-ui-ext/kubevirt-api/kubevirt';
import type { StatusCause } from './denial.js';

/** KubeVirt's cloudInitUserMaxLen / cloudInitNetworkMaxLen: larger data belongs in a Secret. */
export const CLOUD_INIT_INLINE_MAX_BYTES = 2048;

/** The fields both cloud-init sources share (NoCloud and ConfigDrive). */
type CloudInitSource = Pick<
  V1CloudInitNoCloudSource,
  'userData' | 'userDataBase64' | 'secretRef' | 'networkData' | 'networkDataBase64' | 'networkDataSecretRef'
>;

const invalid = (field: string, message: string): StatusCause => ({ reason: 'FieldValueInvalid', message, field });

/** Go's base64.StdEncoding: padded standard alphabet, whole quanta only. */
const isStdBase64 = (text: string): boolean => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text);

interface DataSource {
  readonly count: number;
  readonly bytes: number;
  readonly causes: StatusCause[];
}

type SourceType = 'cloudInitNoCloud' | 'cloudInitConfigDrive';

/** One kind of data (user or network): how many sources are set, the inline size, bad base64. */
const dataSource = (
  field: string,
  type: SourceType,
  kind: 'userData' | 'networkData',
  inline: string | undefined,
  base64: string | undefined,
  secretName: string | undefined,
): DataSource => {
  const causes: StatusCause[] = [];
  let count = 0;
  let bytes = 0;
  if (secretName) count++;
  if (base64) {
    count++;
    if (!isStdBase64(base64)) {
      // The path repeated, as KubeVirt prints it.
      const base64Field = `${field}.${kind}Base64`;
      causes.push(invalid(base64Field, `${base64Field}.${type}.${kind}Base64 is not a valid base64 value.`));
    }
    bytes = Buffer.from(base64, 'base64').length;
  }
  if (inline) {
    count++;
    bytes = Buffer.byteLength(inline, 'utf8');
  }
  return { count, bytes, causes };
};

const sourceCauses = (volumeField: string, type: SourceType, source: CloudInitSource): StatusCause[] => {
  const field = `${volumeField}.${type}`;
  const user = dataSource(field, type, 'userData', source.userData, source.userDataBase64, source.secretRef?.name);
  const network = dataSource(field, type, 'networkData', source.networkData, source.networkDataBase64, source.networkDataSecretRef?.name);
  const causes = [...user.causes];
  if (user.count > 1) causes.push(invalid(field, `${field} must have only one userdatasource set.`));
  if (user.bytes > CLOUD_INIT_INLINE_MAX_BYTES) {
    causes.push(invalid(field, `${field} userdata exceeds ${CLOUD_INIT_INLINE_MAX_BYTES} byte limit. Should use UserDataSecretRef for larger data.`));
  }
  causes.push(...network.causes);
  if (network.count > 1) causes.push(invalid(field, `${field} must have only one networkdata source set.`));
  if (network.bytes > CLOUD_INIT_INLINE_MAX_BYTES) {
    causes.push(invalid(field, `${field} networkdata exceeds ${CLOUD_INIT_INLINE_MAX_BYTES} byte limit. Should use NetworkDataSecretRef for larger data.`));
  }
  if (user.count === 0 && network.count === 0) {
    causes.push(invalid(field, `${field} must have at least one userdatasource or one networkdatasource set.`));
  }
  return causes;
};

/** `volumesField` is `spec.volumes` (VMI) or `spec.template.spec.volumes` (VM). */
export const cloudInitCauses = (volumesField: string, volumes: readonly V1Volume[] | undefined): StatusCause[] =>
  (volumes ?? []).flatMap((volume, i) => {
    // KubeVirt reads NoCloud first and ConfigDrive only when there is no NoCloud source.
    if (volume.cloudInitNoCloud) return sourceCauses(`${volumesField}[${i}]`, 'cloudInitNoCloud', volume.cloudInitNoCloud);
    if (volume.cloudInitConfigDrive) return sourceCauses(`${volumesField}[${i}]`, 'cloudInitConfigDrive', volume.cloudInitConfigDrive);
    return [];
  });
