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
  assertUserdataFits(input.name, input.userdata);
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: input.name, namespace: input.namespace, labels: { ...input.labels } },
    type: 'Opaque',
    immutable: true,
    data: { [USERDATA_SECRET_KEY]: base64Of(input.userdata) },
  };
};

/** Throws unless `userdata` fits the Secret named `name`; planning checks every VM's before anything is created. */
export const assertUserdataFits = (name: string, userdata: string): void => {
  const bytes = Buffer.byteLength(userdata, 'utf8');
  if (bytes > MAX_SECRET_DATA_BYTES) {
    throw new InvalidInputError(
      `cloud-init user data of ${name}`,
      `${bytes} bytes`,
      `must fit a Secret (at most ${MAX_SECRET_DATA_BYTES} bytes); shrink the workload's files or params`,
    );
  }
};

/** The VMs of a workload share one document: encoded once, not once per Secret. */
let lastEncoded: { readonly userdata: string; readonly base64: string } | undefined;

const base64Of = (userdata: string): string => {
  if (lastEncoded?.userdata !== userdata) lastEncoded = { userdata, base64: Buffer.from(userdata, 'utf8').toString('base64') };
  return lastEncoded.base64;
};
