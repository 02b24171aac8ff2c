/**
 * KubeVirt's VirtualMachineInstance webhooks. Creation, `virtualmachineinstances-create-validator.kubevirt.io`
 * (VMICreateAdmitter.Admit, vmi-create-admitter.go): the shared VMI spec rules, every volume used
 * by a disk (only here, not for a VM's template), and no reserved labels. Update,
 * `virtualmachineinstances-update-validator.kubevirt.io` (vmi-update-admitter.go): the reserved
 * labels stay as they are.
 */
import type { V1VirtualMachineInstanceSpec } from '@kubevirt-ui-ext/kubevirt-api/kubevirt';
import { kubevirtDenial, VMI_CREATE_WEBHOOK, VMI_UPDATE_WEBHOOK } from './denial.js';
import { volumeDiskCauses } from './disks.js';
import type { AdmissionRequest } from './request.js';
import { reservedLabelCauses, reservedLabelUpdateCauses } from './reserved-labels.js';
import { vmiSpecCauses } from './vmi-spec.js';

export const admitVirtualMachineInstance = ({ operation, object, oldObject }: AdmissionRequest): void => {
  if (operation === 'update') {
    const causes = reservedLabelUpdateCauses(object.metadata?.labels, oldObject?.metadata?.labels);
    if (causes.length > 0) throw kubevirtDenial(VMI_UPDATE_WEBHOOK, causes);
    return;
  }
  const spec = object.spec as V1VirtualMachineInstanceSpec | undefined;
  const causes = [
    ...vmiSpecCauses('spec', spec),
    ...(spec ? volumeDiskCauses('spec', spec) : []),
    ...reservedLabelCauses('metadata', object.metadata?.labels),
  ];
  if (causes.length > 0) throw kubevirtDenial(VMI_CREATE_WEBHOOK, causes);
};
