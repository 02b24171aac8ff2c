/**
 * KubeVirt's VirtualMachine webhook, `virtualmachine-validator.kubevirt.io`, on create and update
 * (VMsAdmitter.Admit and ValidateVirtualMachineSpec, pkg/virt-api/webhooks/validating-webhook/
 * admitters/vms-admitter.go): the template's labels and VMI spec, the dataVolumeTemplates, and the
 * run strategy. A VM being deleted is let through.
 */
import type { V1VirtualMachineSpec } from '@kubevirt-ui-ext/kubevirt-api/kubevirt';
import { dataVolumeTemplateCauses } from './data-volume-template.js';
import { kubevirtDenial, VM_WEBHOOK, type StatusCause } from './denial.js';
import type { AdmissionRequest } from './request.js';
import { reservedLabelCauses } from './reserved-labels.js';
import { vmiSpecCauses } from './vmi-spec.js';

/** validRunStrategies; WaitAsReceiver needs the DecentralizedLiveMigration gate, never on in the simulator. */
const RUN_STRATEGIES = ['Halted', 'Manual', 'Always', 'RerunOnFailure', 'Once'];
const WAIT_AS_RECEIVER = 'WaitAsReceiver';

/** validateRunStrategy: exactly one of `running` and `runStrategy`, and a known strategy. */
const runStrategyCauses = (spec: V1VirtualMachineSpec): StatusCause[] => {
  const causes: StatusCause[] = [];
  if (spec.running !== undefined && spec.runStrategy !== undefined) {
    causes.push({
      reason: 'FieldValueInvalid',
      message: 'Running and RunStrategy are mutually exclusive. Note that Running is deprecated, please use RunStrategy instead',
      field: 'spec.running',
    });
  }
  if (spec.running === undefined && spec.runStrategy === undefined) {
    causes.push({ reason: 'FieldValueInvalid', message: 'RunStrategy must be specified', field: 'spec.running' });
  }
  const strategy = spec.runStrategy;
  if (strategy === WAIT_AS_RECEIVER) {
    causes.push({
      reason: 'FieldValueInvalid',
      message: `Invalid RunStrategy (${strategy}), DecentralizedLiveMigration feature gate is not enabled in kubevirt resource`,
      field: 'spec.runStrategy',
    });
  } else if (strategy !== undefined && !RUN_STRATEGIES.includes(strategy)) {
    causes.push({ reason: 'FieldValueInvalid', message: `Invalid RunStrategy (${strategy})`, field: 'spec.runStrategy' });
  }
  return causes;
};

export const admitVirtualMachine = ({ object }: AdmissionRequest): void => {
  if (object.metadata?.deletionTimestamp !== undefined) return;
  const spec = object.spec as V1VirtualMachineSpec | undefined;
  // The schema already requires spec.template.
  if (!spec?.template) return;
  const causes = [
    ...reservedLabelCauses('spec.template.metadata', spec.template.metadata?.labels),
    ...vmiSpecCauses('spec.template.spec', spec.template.spec),
    ...dataVolumeTemplateCauses('spec', spec),
    ...runStrategyCauses(spec),
  ];
  if (causes.length > 0) throw kubevirtDenial(VM_WEBHOOK, causes);
};
