import { describe, expect, it } from 'vitest';
import { checkImage } from '../../../src/orchestrator/doctor/image-check.js';

describe('checkImage', () => {
  it('passes a reference with a registry, naming its tag or digest', () => {
    expect(checkImage('quay.io/containerdisks/fedora:42')).toEqual({ name: 'image', status: 'pass', message: 'quay.io/containerdisks/fedora:42: registry quay.io, tag 42' });
    expect(checkImage(`registry.example:5000/golden@sha256:${'a'.repeat(64)}`).message).toContain(`digest sha256:${'a'.repeat(64)}`);
  });

  it('warns about a short name the node may resolve elsewhere, suggesting a registry', () => {
    expect(checkImage('containerdisks/fedora:42')).toMatchObject({ status: 'warn', fix: 'name the registry, such as docker.io/containerdisks/fedora:42 or quay.io/containerdisks/fedora:42' });
  });

  it('fails a malformed reference, saying why and how one looks', () => {
    expect(checkImage('quay.io/containerdisks/Fedora:42')).toMatchObject({
      status: 'fail',
      message: '--container-disk-image quay.io/containerdisks/Fedora:42 is no image reference: the repository name must be lowercase',
      fix: expect.stringContaining('quay.io/containerdisks/fedora:42') as unknown,
    });
  });
});
