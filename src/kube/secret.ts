/**
 * The Secret that carries a VM's cloud-init user data to `cloudInitNoCloud.secretRef`.
 * Pure: no cluster I/O.
 */
import type { V1Secret } from '@kubernetes/client-node';
import { USERDATA_SECRET_KEY } from '../constants.js';
import { InvalidInputError } from '../errors.js';
import type { Labels } from './labels.js';

/** The API server refuses a Secret whose data adds up to more than 1 MiB. */
export const MAX_SECRET_DATA_BYTES = 1024 * 1024;

export interface CloudInitSecretInput {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Labels;
  /** The `#cloud-config` document. */
  readonly userdata: string;
}

/**
 * `data` (base64), not `stringData`: `stringData` is write-only and comes back from the server as
 * `data`, so only `data` round-trips unchanged through create, get and `kubectl diff`.
 * Immutable: nothing updates it, and the kubelet stops watching immutable Secrets, which matters
 * with a thousand VMs.
 */
export const buildCloudInitSecret = (input: CloudInitSecretInput): V1Secret => {
  const bytes = Buffer.from(input.userdata, 'utf8');
  if (bytes.length > MAX_SECRET_DATA_BYTES) {
    throw new InvalidInputError(
      `cloud-init user data of ${input.name}`,
      `${bytes.length} bytes`,
      `must fit a Secret (at most ${MAX_SECRET_DATA_BYTES} bytes); shrink the workload's files or params`,
    );
  }
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: input.name, namespace: input.namespace, labels: { ...input.labels } },
    type: 'Opaque',
    immutable: true,
    data: { [USERDATA_SECRET_KEY]: bytes.toString('base64') },
  };
};
