import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors.js';
import { managedLabels, roleLabels } from '../../src/kube/labels.js';
import type { CloudInitSecretInput } from '../../src/kube/secret.js';
import { buildCloudInitSecret, MAX_SECRET_DATA_BYTES } from '../../src/kube/secret.js';
import { schemaErrors, schemasAvailable, schemasSkipReason } from '../support/k8s-schemas.js';

const USERDATA = '#cloud-config\nwrite_files:\n  - path: /etc/motd\n    content: "héllo ✓"\n';

const secretInput = (overrides: Partial<CloudInitSecretInput> = {}): CloudInitSecretInput => ({
  name: 'virtwork-cpu-0-cloudinit',
  namespace: 'virtwork',
  labels: { ...managedLabels('run-1'), ...roleLabels('cpu') },
  userdata: USERDATA,
  ...overrides,
});

describe('buildCloudInitSecret', () => {
  it.skipIf(!schemasAvailable)(`validates against the Kubernetes Secret schema ${schemasSkipReason}`, () => {
    expect(schemaErrors('io.k8s.api.core.v1.Secret', buildCloudInitSecret(secretInput()))).toEqual([]);
  });

  it('stores the user data base64-encoded under the key KubeVirt reads, byte for byte', () => {
    const secret = buildCloudInitSecret(secretInput());
    expect(Object.keys(secret.data ?? {})).toEqual(['userdata']);
    expect(Buffer.from(secret.data?.userdata ?? '', 'base64').toString('utf8')).toBe(USERDATA);
  });

  it('uses data, not the write-only stringData, so a GET returns what was sent', () => {
    expect(buildCloudInitSecret(secretInput())).not.toHaveProperty('stringData');
  });

  it('is an immutable Opaque Secret named and labelled as given', () => {
    const input = secretInput();
    const secret = buildCloudInitSecret(input);
    expect(secret).toMatchObject({ apiVersion: 'v1', kind: 'Secret', type: 'Opaque', immutable: true });
    expect(secret.metadata).toEqual({ name: input.name, namespace: 'virtwork', labels: input.labels });
  });

  it('accepts user data of exactly 1 MiB and refuses one byte more', () => {
    const exact = 'x'.repeat(MAX_SECRET_DATA_BYTES);
    expect(buildCloudInitSecret(secretInput({ userdata: exact })).data?.userdata).toHaveLength(Math.ceil(MAX_SECRET_DATA_BYTES / 3) * 4);
    expect(() => buildCloudInitSecret(secretInput({ userdata: `${exact}x` }))).toThrow(InvalidInputError);
  });

  it('counts bytes, not characters, against the limit', () => {
    const multiByte = '✓'.repeat(MAX_SECRET_DATA_BYTES / 3 + 1); // 3 bytes each
    expect(() => buildCloudInitSecret(secretInput({ userdata: multiByte }))).toThrow(/bytes/);
  });
});
