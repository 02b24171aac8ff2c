/**
 * The validating admission webhooks KubeVirt and CDI register, by kind: one file per kind, each
 * rule citing the upstream code it follows. They see creates and updates of the main resource
 * through the API (not `/status`, which their rules do not select); the simulator's controllers
 * write the store directly, as KubeVirt's service accounts are let through.
 */
import type { ResourceType } from '../registry/resources.js';
import { admitDataVolume } from './data-volume.js';
import type { AdmissionRequest } from './request.js';
import { admitVirtualMachineInstance } from './virtual-machine-instance.js';
import { admitVirtualMachine } from './virtual-machine.js';

export type { AdmissionRequest };

/** Throws the webhook's denial (a StatusError); returns when the request is admitted. */
type Admitter = (request: AdmissionRequest) => void;

const ADMITTERS: Readonly<Partial<Record<string, Admitter>>> = {
  VirtualMachine: admitVirtualMachine,
  VirtualMachineInstance: admitVirtualMachineInstance,
  DataVolume: admitDataVolume,
};

export const admit = (r: ResourceType, request: AdmissionRequest): void => {
  ADMITTERS[r.kind]?.(request);
};
