/**
 * The validating admission webhooks KubeVirt and CDI install, for the checks a schema cannot
 * express. Texts from KubeVirt's admitters (pkg/virt-api/webhooks/validating-webhook/admitters)
 * and CDI's datavolume-validate webhook.
 */
import type { ResourceType } from './resources.js';
import { webhookDenied, type StatusCause } from './status.js';
import type { KubeObject } from './store.js';

/** KubeVirt's cloudInitUserMaxLen / cloudInitNetworkMaxLen. */
export const CLOUD_INIT_INLINE_MAX_BYTES = 2048;

export const VM_WEBHOOK = 'virtualmachine-validator.kubevirt.io';
export const VMI_CREATE_WEBHOOK = 'virtualmachineinstances-create-validator.kubevirt.io';
export const DV_WEBHOOK = 'datavolume-validate.cdi.kubevirt.io';

const RUN_STRATEGIES = ['Always', 'Halted', 'Manual', 'RerunOnFailure', 'Once', 'WaitAsReceiver'];

interface CloudInitSource {
  userData?: string;
  userDataBase64?: string;
  networkData?: string;
  networkDataBase64?: string;
}

interface Volume {
  cloudInitNoCloud?: CloudInitSource;
  cloudInitConfigDrive?: CloudInitSource;
}

const inlineBytes = (text: string | undefined, base64: string | undefined): number =>
  text !== undefined ? Buffer.byteLength(text, 'utf8') : base64 !== undefined ? Buffer.from(base64, 'base64').length : 0;

/** Inline cloud-init over 2048 bytes, per volume (`prefix` is `spec.template.spec` or `spec`). */
const cloudInitCauses = (volumes: Volume[] | undefined, prefix: string): StatusCause[] => {
  const causes: StatusCause[] = [];
  (volumes ?? []).forEach((volume, i) => {
    for (const key of ['cloudInitNoCloud', 'cloudInitConfigDrive'] as const) {
      const source = volume[key];
      if (!source) continue;
      const field = `${prefix}.volumes[${i}].${key}`;
      if (inlineBytes(source.userData, source.userDataBase64) > CLOUD_INIT_INLINE_MAX_BYTES) {
        causes.push({
          reason: 'FieldValueInvalid',
          message: `${field} userdata exceeds ${CLOUD_INIT_INLINE_MAX_BYTES} byte limit. Should use UserDataSecretRef for larger data.`,
          field,
        });
      }
      if (inlineBytes(source.networkData, source.networkDataBase64) > CLOUD_INIT_INLINE_MAX_BYTES) {
        causes.push({
          reason: 'FieldValueInvalid',
          message: `${field} networkdata exceeds ${CLOUD_INIT_INLINE_MAX_BYTES} byte limit. Should use NetworkDataSecretRef for larger data.`,
          field,
        });
      }
    }
  });
  return causes;
};

interface VmSpec {
  running?: boolean;
  runStrategy?: string;
  template?: { spec?: { volumes?: Volume[] } };
}

const vmCauses = (spec: VmSpec | undefined): StatusCause[] => {
  const causes: StatusCause[] = [];
  if (spec?.running !== undefined && spec.runStrategy !== undefined) {
    const message = 'Running and RunStrategy are mutually exclusive. Note that Running is deprecated, please use RunStrategy instead';
    causes.push({ reason: 'FieldValueInvalid', message, field: 'spec.running' });
  }
  if (spec?.runStrategy !== undefined && !RUN_STRATEGIES.includes(spec.runStrategy)) {
    causes.push({ reason: 'FieldValueInvalid', message: `Invalid RunStrategy (${spec.runStrategy})`, field: 'spec.runStrategy' });
  }
  causes.push(...cloudInitCauses(spec?.template?.spec?.volumes, 'spec.template.spec'));
  return causes;
};

interface DataVolumeSpec {
  source?: unknown;
  sourceRef?: unknown;
}

/** Runs the webhooks for a create or update; throws their 422 denial. */
export const admit = (r: ResourceType, obj: KubeObject, operation: 'create' | 'update'): void => {
  if (r.kind === 'VirtualMachine') {
    const causes = vmCauses(obj.spec as VmSpec | undefined);
    if (causes.length > 0) throw webhookDenied(VM_WEBHOOK, causes);
  } else if (r.kind === 'VirtualMachineInstance' && operation === 'create') {
    const causes = cloudInitCauses((obj.spec as { volumes?: Volume[] } | undefined)?.volumes, 'spec');
    if (causes.length > 0) throw webhookDenied(VMI_CREATE_WEBHOOK, causes);
  } else if (r.kind === 'DataVolume' && operation === 'create') {
    const spec = obj.spec as DataVolumeSpec | undefined;
    if (spec && spec.source === undefined && spec.sourceRef === undefined) {
      throw webhookDenied(DV_WEBHOOK, [
        { reason: 'FieldValueInvalid', message: 'Data volume should have either Source or SourceRef, or be externally populated', field: 'spec' },
      ]);
    }
  }
};
