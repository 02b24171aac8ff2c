/**
 * Readiness and liveness probes, as KubeVirt checks them (validateProbe and
 * appendStatusCauseForProbeNotAllowedWithNoPodNetworkPresent, vmi-create-admitter.go): exactly one
 * handler; httpGet and tcpSocket only with the pod network, through which the kubelet reaches them.
 */
import type { V1Probe, V1VirtualMachineInstanceSpec } from '@kubevirt-ui-ext/kubevirt-api/kubevirt';
import type { StatusCause } from './denial.js';
import { hasPodNetwork } from './network.js';

const handlerCauses = (field: string, probe: V1Probe): StatusCause[] => {
  const handlers = [probe.httpGet, probe.tcpSocket, probe.exec, probe.guestAgentPing].filter((h) => h !== undefined).length;
  if (handlers > 1) return [{ reason: 'FieldValueInvalid', message: `${field} must have exactly one probe type set`, field }];
  if (handlers < 1) {
    return [
      {
        reason: 'FieldValueRequired',
        message: `either ${field}.tcpSocket, ${field}.exec or ${field}.httpGet must be set if a ${field} is specified`,
        field,
      },
    ];
  }
  return [];
};

const podNetworkCauses = (field: string, probe: V1Probe): StatusCause[] =>
  (['httpGet', 'tcpSocket'] as const)
    .filter((handler) => probe[handler] !== undefined)
    .map((handler) => ({
      reason: 'FieldValueInvalid',
      message: `${field}.${handler} is only allowed if the Pod Network is attached`,
      field: `${field}.${handler}`,
    }));

/** `specField` is `spec` (VMI) or `spec.template.spec` (VM). */
export const probeCauses = (specField: string, spec: V1VirtualMachineInstanceSpec): StatusCause[] => {
  const probes = (['readinessProbe', 'livenessProbe'] as const).flatMap((key) => {
    const probe = spec[key];
    return probe ? [{ field: `${specField}.${key}`, probe }] : [];
  });
  const podNetwork = hasPodNetwork(spec);
  return [
    ...probes.flatMap(({ field, probe }) => handlerCauses(field, probe)),
    ...(podNetwork ? [] : probes.flatMap(({ field, probe }) => podNetworkCauses(field, probe))),
  ];
};
