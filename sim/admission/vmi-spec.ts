/**
 * The rules KubeVirt applies to a VMI spec both inside a VM's template and in a VMI
 * (ValidateVirtualMachineInstanceSpec, vmi-create-admitter.go), in KubeVirt's order. The
 * simulator carries the subset a generated VM can break; each rule file names its source.
 */
import type { V1VirtualMachineInstanceSpec } from '@kubevirt-ui-ext/kubevirt-api/kubevirt';
import { cloudInitCauses } from './cloud-init.js';
import type { StatusCause } from './denial.js';
import { diskCauses, diskVolumeCauses } from './disks.js';
import { networkCauses } from './network.js';
import { probeCauses } from './probes.js';

/** `specField` is `spec` (VMI) or `spec.template.spec` (VM). */
export const vmiSpecCauses = (specField: string, spec: V1VirtualMachineInstanceSpec | undefined): StatusCause[] => {
  if (!spec) return [];
  return [
    ...networkCauses(specField, spec),
    ...diskVolumeCauses(specField, spec),
    ...probeCauses(specField, spec),
    ...diskCauses(specField, spec),
    ...cloudInitCauses(`${specField}.volumes`, spec.volumes),
  ];
};
