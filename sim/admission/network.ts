/**
 * Interfaces and networks, as KubeVirt checks them: masquerade binds only to the pod network
 * (validateMasqueradeBinding, pkg/network/admitter/binding.go). Without interfaces and networks,
 * KubeVirt's defaults attach the pod network (SetDefaultNetworkInterface, pkg/network/vmispec/defaults.go)
 * before the webhook looks.
 */
import type { V1VirtualMachineInstanceSpec } from '@kubevirt-ui-ext/kubevirt-api/kubevirt';
import type { StatusCause } from './denial.js';

/** vmispec.LookupPodNetwork after defaults: a `pod` network, or the default one KubeVirt adds. */
export const hasPodNetwork = (spec: V1VirtualMachineInstanceSpec): boolean => {
  const networks = spec.networks ?? [];
  if (networks.some((n) => n.pod !== undefined)) return true;
  const devices = spec.domain?.devices;
  const defaulted = networks.length === 0 && (devices?.interfaces ?? []).length === 0 && devices?.autoattachPodInterface !== false;
  return defaulted;
};

/** `specField` is `spec` (VMI) or `spec.template.spec` (VM). */
export const networkCauses = (specField: string, spec: V1VirtualMachineInstanceSpec): StatusCause[] => {
  const podNetworks = new Set((spec.networks ?? []).filter((n) => n.pod !== undefined).map((n) => n.name));
  return (spec.domain?.devices?.interfaces ?? []).flatMap((iface, i) =>
    iface.masquerade !== undefined && !podNetworks.has(iface.name)
      ? [
          {
            reason: 'FieldValueInvalid',
            message: 'Masquerade interface only implemented with pod network',
            field: `${specField}.domain.devices.interfaces[${i}].name`,
          },
        ]
      : [],
  );
};
