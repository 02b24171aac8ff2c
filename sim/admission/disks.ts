/**
 * Disks and the volumes behind them, as KubeVirt checks them: ValidateDisks
 * (pkg/storage/admitters/disks.go: unique names, DNS-1123 label names, serial characters and
 * length) and validateBootOrder (vmi-create-admitter.go: every disk names a volume). Field paths
 * are KubeVirt's, quirks included.
 */
import type { V1VirtualMachineInstanceSpec } from '@kubevirt-ui-ext/kubevirt-api/kubevirt';
import type { StatusCause } from './denial.js';

/** isValidExpression in disks.go. */
const SERIAL = /^[A-Za-z0-9_.+-]+$/;
/** maxStrLen in disks.go, counted in characters (runes). */
const SERIAL_MAX_LENGTH = 256;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_LABEL_MAX_LENGTH = 63;
/** k8s.io/apimachinery validation.IsDNS1123Label's texts. */
const dns1123LabelErrors = (value: string): string[] => {
  const errors: string[] = [];
  if (value.length > DNS1123_LABEL_MAX_LENGTH) errors.push(`must be no more than ${DNS1123_LABEL_MAX_LENGTH} characters`);
  if (!DNS1123_LABEL.test(value)) {
    errors.push(
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    );
  }
  return errors;
};

const invalid = (field: string, message: string): StatusCause => ({ reason: 'FieldValueInvalid', message, field });

/** ValidateDisks; `specField` is `spec` (VMI) or `spec.template.spec` (VM). */
export const diskCauses = (specField: string, spec: V1VirtualMachineInstanceSpec): StatusCause[] => {
  const disks = spec.domain?.devices?.disks ?? [];
  const field = `${specField}.domain.devices.disks`;
  return disks.flatMap((disk, i) => {
    const causes: StatusCause[] = [];
    const first = disks.findIndex((d) => d.name === disk.name);
    if (first < i) causes.push(invalid(`${field}[${i}].name`, `${field}[${i}] and ${field}[${first}] must not have the same Name.`));
    const serial = disk.serial ?? '';
    if (serial !== '' && !SERIAL.test(serial)) {
      causes.push(invalid(`${field}[${i}].serial`, `${field}[${i}] must be made up of the following characters [A-Za-z0-9_.+-], if specified`));
    }
    if ([...serial].length > SERIAL_MAX_LENGTH) {
      causes.push(invalid(`${field}[${i}].serial`, `${field}[${i}] must be less than or equal to ${SERIAL_MAX_LENGTH} in length, if specified`));
    }
    // validateDiskNameAsContainerName appends domain.devices.disks to a path that already ends in it.
    for (const error of dns1123LabelErrors(disk.name)) causes.push(invalid(`${field}.domain.devices.disks[${i}].name`, error));
    return causes;
  });
};

/** validateBootOrder: a disk without a volume of its name (an empty CD-ROM needs a feature gate the simulator lacks). */
export const diskVolumeCauses = (specField: string, spec: V1VirtualMachineInstanceSpec): StatusCause[] => {
  const volumes = new Set((spec.volumes ?? []).map((v) => v.name));
  const field = `${specField}.domain.devices.disks`;
  return (spec.domain?.devices?.disks ?? []).flatMap((disk, i) => {
    if (volumes.has(disk.name)) return [];
    return disk.cdrom === undefined
      ? [invalid(`${field}[${i}].name`, `${field}[${i}].Name '${disk.name}' not found.`)]
      : [invalid(`${field}[${i}].name`, 'DeclarativeHotplugVolumes feature gate not enabled, cannot define an empty CD-ROM disk')];
  });
};

/**
 * validateVirtualMachineInstanceSpecVolumeDisks, run at VMI creation only: every volume is used by
 * a disk or a filesystem (memory dumps excepted). KubeVirt names the field `domain.volumes`.
 */
export const volumeDiskCauses = (specField: string, spec: V1VirtualMachineInstanceSpec): StatusCause[] => {
  const devices = spec.domain?.devices;
  const used = new Set([...(devices?.disks ?? []), ...(devices?.filesystems ?? [])].map((d) => d.name));
  return (spec.volumes ?? []).flatMap((volume, i) => {
    if (volume.memoryDump !== undefined || used.has(volume.name)) return [];
    const field = `${specField}.domain.volumes[${i}].name`;
    return [invalid(field, `${field} '${volume.name}' not found.`)];
  });
};
