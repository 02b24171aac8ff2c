/**
 * The kubevirt.io/ labels only KubeVirt's own service accounts may set on a VMI (restrictedVmiLabels
 * and ValidateVirtualMachineInstanceMetadata in vmi-create-admitter.go; admitVMILabelsUpdate in
 * vmi-update-admitter.go). Other kubevirt.io/ labels are allowed. The simulator's controllers write
 * the store directly, as the service accounts do, so only API requests are checked.
 */
import type { StatusCause } from './denial.js';

export const RESERVED_VMI_LABELS: readonly string[] = [
  'kubevirt.io/created-by',
  'kubevirt.io/migrationJobUID',
  'kubevirt.io/nodeName',
  'kubevirt.io/migrationTargetNodeName',
  'kubevirt.io/schedulable',
  'kubevirt.io/install-strategy',
];

type Labels = Readonly<Record<string, string>> | undefined;

/** Only the reserved labels of a label set, in a stable order. */
const reservedOf = (labels: Labels): string =>
  JSON.stringify(RESERVED_VMI_LABELS.filter((key) => labels?.[key] !== undefined).map((key) => [key, labels![key]]));

/** Creation: `metadataField` is `metadata` (VMI) or `spec.template.metadata` (VM). */
export const reservedLabelCauses = (metadataField: string, labels: Labels): StatusCause[] =>
  reservedOf(labels) === '[]'
    ? []
    : [
        {
          reason: 'FieldValueNotSupported',
          message: 'creation of the following reserved kubevirt.io/ labels on a VMI object is prohibited',
          field: `${metadataField}.labels`,
        },
      ];

/** An update of a VMI may keep its reserved labels but not add, change or remove one. */
export const reservedLabelUpdateCauses = (labels: Labels, previous: Labels): StatusCause[] =>
  reservedOf(labels) === reservedOf(previous)
    ? []
    : [{ reason: 'FieldValueNotSupported', message: 'modification of the following reserved kubevirt.io/ labels on a VMI object is prohibited' }];
