/**
 * A VM's dataVolumeTemplates, as KubeVirt's VM webhook checks them (ValidateDataVolumeTemplate
 * and validateDataVolume, pkg/storage/admitters/data-volume-template.go): a name, `pvc` or
 * `storage` but not both, a source (or external population, not both), one source kind, and a
 * volume of the template that uses it. KubeVirt writes the field as `dataVolumeTemplate[i]`.
 */
import type { V1DataVolumeTemplateSpec, V1VirtualMachineSpec } from '@kubevirt-ui-ext/kubevirt-api/kubevirt';
import type { StatusCause } from './denial.js';

const invalid = (field: string, message: string): StatusCause => ({ reason: 'FieldValueInvalid', message, field });

/** validateDataVolume: the first problem of one template, or none. */
const templateCause = (field: string, template: V1DataVolumeTemplateSpec): StatusCause | undefined => {
  const name = template.metadata?.name ?? '';
  if (name === '') {
    return { reason: 'FieldValueRequired', message: `'name' field must not be empty for DataVolumeTemplate entry ${field}.name.`, field: `${field}.name` };
  }
  const { pvc, storage, source, sourceRef } = template.spec ?? {};
  if (!pvc && !storage) return invalid(`${field}.PVC.Storage`, 'Missing Data volume PVC or Storage');
  if (pvc && storage) return invalid(`${field}.PVC.Storage`, 'Duplicate storage definition, both target storage and target pvc defined');
  const target = pvc ?? storage;
  const externallyPopulated = target?.dataSource !== undefined || target?.dataSourceRef !== undefined;
  if (externallyPopulated && (source || sourceRef)) return invalid(`${field}.source`, 'External population is incompatible with Source and SourceRef');
  if (!externallyPopulated && !source && !sourceRef) {
    return invalid(`${field}.source.sourceRef`, 'Data volume should have either Source, SourceRef, or be externally populated');
  }
  if (source) {
    const kinds = Object.values(source).filter((v) => v !== undefined && v !== null).length;
    if (kinds === 0) return invalid(`${field}.source`, 'Missing dataVolume valid source');
    if (kinds > 1) return invalid(`${field}.source`, 'Multiple dataVolume sources');
  }
  return undefined;
};

/** A template is used by a volume through `dataVolume.name` or `persistentVolumeClaim.claimName`. */
const isReferenced = (spec: V1VirtualMachineSpec, name: string): boolean =>
  (spec.template.spec?.volumes ?? []).some((v) => v.dataVolume?.name === name || v.persistentVolumeClaim?.claimName === name);

export const dataVolumeTemplateCauses = (specField: string, spec: V1VirtualMachineSpec): StatusCause[] =>
  (spec.dataVolumeTemplates ?? []).flatMap((template, i): StatusCause[] => {
    const field = `${specField}.dataVolumeTemplate[${i}]`;
    const cause = templateCause(field, template);
    if (cause) return [cause];
    if (isReferenced(spec, template.metadata?.name ?? '')) return [];
    return [
      { reason: 'FieldValueRequired', message: `DataVolumeTemplate entry ${field} must be referenced in the VMI template's 'volumes' list`, field },
    ];
  });
