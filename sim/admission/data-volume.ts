/**
 * CDI's DataVolume webhook, `datavolume-validate.cdi.kubevirt.io` (Admit and validateDataVolumeSpec,
 * pkg/apiserver/webhooks/datavolume-validate.go), on create and update: an immutable spec, a `pvc`
 * or `storage` target (not both), a size of at least 1 MiB (KubeVirt refuses smaller disks), a
 * PVC access mode, and one source. It also sees the DataVolumes virt-controller creates from a
 * VM's templates, so the VM controller runs it too. CDI answers with the first problem only.
 */
import type { V1beta1DataVolumeSpec } from '@kubevirt-ui-ext/kubevirt-api/containerized-data-importer';
import { isDeepStrictEqual } from 'node:util';
import { quantityValue } from '../quantity.js';
import { cdiDenial, type StatusCause } from './denial.js';
import type { AdmissionRequest } from './request.js';

/** units.MiB: CDI's smallest DataVolume. */
export const MIN_DATA_VOLUME_BYTES = 1024 * 1024;

const invalid = (field: string, message: string): StatusCause => ({ reason: 'FieldValueInvalid', message, field });

/** validateStorageSize: only a `storage` clone may leave the size to its source. */
const sizeCause = (spec: V1beta1DataVolumeSpec): StatusCause | undefined => {
  const name = spec.pvc ? 'PVC' : 'Storage';
  const field = `spec.${name}.resources.requests.size`;
  const requested: unknown = (spec.pvc ?? spec.storage)?.resources?.requests?.storage;
  const isClone = spec.sourceRef !== undefined || spec.source?.pvc !== undefined || spec.source?.snapshot !== undefined;
  if (requested === undefined) return spec.pvc || !isClone ? invalid(field, `${name} size is missing`) : undefined;
  const bytes = quantityValue(requested) ?? 0;
  if (bytes <= 0) return invalid(field, `${name} size can't be equal or less than zero`);
  if (bytes < MIN_DATA_VOLUME_BYTES) return invalid(field, `${name} size should be at least 1MiB`);
  return undefined;
};

const specCause = (spec: V1beta1DataVolumeSpec): StatusCause | undefined => {
  if (!spec.pvc && !spec.storage) return invalid('spec.PVC', 'Missing Data volume PVC');
  if (spec.pvc && spec.storage) return invalid('spec.PVC.Storage', 'Duplicate storage definition, both target storage and target pvc defined');
  const size = sizeCause(spec);
  if (size) return size;
  if (spec.pvc && (spec.pvc.accessModes ?? []).length === 0) return invalid('spec.PVC.accessModes', 'Required value: at least 1 access mode is required');
  if (spec.pvc && (spec.pvc.accessModes ?? []).length > 1) return invalid('spec.PVC.accessModes', 'PVC multiple accessModes');
  const target = spec.pvc ?? spec.storage;
  // Externally populated (dataSource/dataSourceRef): checked no further here.
  if (target?.dataSource !== undefined || target?.dataSourceRef !== undefined) return undefined;
  if ((spec.source === undefined) === (spec.sourceRef === undefined)) {
    return invalid('spec.source', 'Data volume should have either Source or SourceRef, or be externally populated');
  }
  if (spec.source) {
    const kinds = Object.values(spec.source).filter((v) => v !== undefined && v !== null).length;
    if (kinds === 0) return invalid('spec.source', 'Missing Data volume source');
    if (kinds > 1) return invalid('spec.source', 'Multiple Data volume sources');
  }
  return undefined;
};

export const admitDataVolume = ({ operation, object, oldObject }: AdmissionRequest): void => {
  if (operation === 'update' && !isDeepStrictEqual(object.spec, oldObject?.spec)) {
    throw cdiDenial([{ reason: 'FieldValueDuplicate', message: 'Cannot update DataVolume Spec', field: 'DataVolume.Spec' }]);
  }
  const cause = specCause((object.spec as V1beta1DataVolumeSpec | undefined) ?? {});
  if (cause) throw cdiDenial([cause]);
};
