import { describe, expect, it } from 'vitest';
import { parseImageReference } from '../../src/config/image-reference.js';

const SHA256 = `sha256:${'0123456789abcdef'.repeat(4)}`;

describe('parseImageReference', () => {
  it.each([
    ['quay.io/containerdisks/fedora:42', { domain: 'quay.io', path: 'containerdisks/fedora', tag: '42' }],
    ['fedora', { path: 'fedora' }],
    ['docker.io/library/debian:bookworm-20250610', { domain: 'docker.io', path: 'library/debian', tag: 'bookworm-20250610' }],
    ['localhost:5000/golden/fedora:42', { domain: 'localhost:5000', path: 'golden/fedora', tag: '42' }],
    ['localhost/golden', { domain: 'localhost', path: 'golden' }],
    ['[fd00::1]:5000/disk', { domain: '[fd00::1]:5000', path: 'disk' }],
    ['Registry.Example/a__b/c-d.e_f:V1.0_rc', { domain: 'Registry.Example', path: 'a__b/c-d.e_f', tag: 'V1.0_rc' }],
    [`quay.io/containerdisks/fedora@${SHA256}`, { domain: 'quay.io', path: 'containerdisks/fedora', digest: SHA256 }],
    [`quay.io/containerdisks/fedora:42@${SHA256}`, { domain: 'quay.io', path: 'containerdisks/fedora', tag: '42', digest: SHA256 }],
  ])('reads %s', (text, reference) => {
    expect(parseImageReference(text)).toEqual({ ok: true, reference });
  });

  it.each([
    ['', 'the reference is empty'],
    ['quay.io/containerdisks/Fedora:42', 'the repository name must be lowercase'],
    ['quay.io/containerdisks/fedora:', 'it does not follow the image reference grammar (registry/path:tag or @digest)'],
    ['quay.io//fedora', 'it does not follow the image reference grammar (registry/path:tag or @digest)'],
    ['quay.io/fedora-:42', 'it does not follow the image reference grammar (registry/path:tag or @digest)'],
    ['quay.io/fedora:-42', 'it does not follow the image reference grammar (registry/path:tag or @digest)'],
    [`quay.io/fedora:${'t'.repeat(129)}`, 'it does not follow the image reference grammar (registry/path:tag or @digest)'],
    ['quay.io/fedora 42', 'it does not follow the image reference grammar (registry/path:tag or @digest)'],
    ['quay.io/fedora@sha256:abc', 'it does not follow the image reference grammar (registry/path:tag or @digest)'],
    [`quay.io/fedora@md5:${'a'.repeat(32)}`, 'unknown digest algorithm md5 (sha256, sha384 or sha512)'],
    [`quay.io/fedora@sha256:${'a'.repeat(40)}`, 'a sha256 digest has 64 hex digits, this one 40'],
    [`quay.io/${'a'.repeat(250)}`, 'the repository name is longer than 255 characters'],
  ])('refuses %j: %s', (text, problem) => {
    expect(parseImageReference(text)).toEqual({ ok: false, problem });
  });
});
