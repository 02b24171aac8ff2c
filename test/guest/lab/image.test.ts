import { describe, expect, it } from 'vitest';
import { GUEST_PACKAGES } from './guest-packages.js';
import { debianMirror, guestImageKey } from './image.js';

describe('guest image cache key', () => {
  it('changes with the package list and not with its order', () => {
    const key = guestImageKey(GUEST_PACKAGES);
    expect(key).toMatch(/^[0-9a-f]{16}$/);
    expect(guestImageKey([...GUEST_PACKAGES].reverse())).toBe(key);
    expect(guestImageKey([...GUEST_PACKAGES, 'htop'])).not.toBe(key);
  });
});

describe('Debian mirror for debootstrap', () => {
  it('takes the host apt mirror from a deb822 sources file', () => {
    const sources = 'Types: deb\n# a comment\nURIs: http://mirror.example/debian\nSuites: bookworm\n';
    expect(debianMirror({}, sources)).toBe('http://mirror.example/debian');
  });

  it('takes it from a one-line sources.list, options included', () => {
    const sources = 'deb [arch=amd64] http://ftp.example.org/debian/ bookworm main\n';
    expect(debianMirror({}, sources)).toBe('http://ftp.example.org/debian/');
  });

  it('ignores a mirror that is not a Debian archive, such as an Ubuntu host', () => {
    expect(debianMirror({}, 'deb http://archive.ubuntu.com/ubuntu noble main\n')).toBe('http://deb.debian.org/debian');
  });

  it('prefers VIRTWORK_GUEST_MIRROR over the host', () => {
    expect(debianMirror({ VIRTWORK_GUEST_MIRROR: 'http://cache.local/debian' }, 'URIs: http://a/debian\n')).toBe(
      'http://cache.local/debian',
    );
  });
});
