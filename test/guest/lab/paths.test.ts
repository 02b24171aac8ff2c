import { tmpdir } from 'node:os';
import { expect, it } from 'vitest';
import { guestImageCacheDir, guestLogsRoot } from './paths.js';

it('caches images under $XDG_CACHE_HOME when it is absolute, else under ~/.cache', () => {
  expect(guestImageCacheDir({ XDG_CACHE_HOME: '/var/cache/me' }, '/home/u')).toBe('/var/cache/me/virtwork/guest-image');
  expect(guestImageCacheDir({ XDG_CACHE_HOME: 'relative' }, '/home/u')).toBe('/home/u/.cache/virtwork/guest-image');
  expect(guestImageCacheDir({}, '/home/u')).toBe('/home/u/.cache/virtwork/guest-image');
});

it('keeps failure logs under $VIRTWORK_GUEST_LOGS_DIR, else in the temporary directory', () => {
  expect(guestLogsRoot({ VIRTWORK_GUEST_LOGS_DIR: '/ci/artifacts/guest' })).toBe('/ci/artifacts/guest');
  expect(guestLogsRoot({})).toBe(`${tmpdir()}/virtwork-guest-logs`);
});
