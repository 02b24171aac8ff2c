import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { chooseGuestOs, inferGuestOs, normalizeGuestOs } from '../../src/config/guest-os.js';
import { resolveRunConfig } from '../../src/config/resolve-run-config.js';
import type { RunConfigInputs } from '../../src/config/resolve-run-config.js';
import { loadSettingInputs } from '../../src/config/resolve-settings.js';

/** As a command does: read the inputs (and the config file they name) once, then resolve. */
const resolve = async ({ knownWorkloads = ['cpu'], ...inputs }: Partial<RunConfigInputs>) =>
  resolveRunConfig({ ...(await loadSettingInputs({ flags: {}, env: {}, cwd: os.tmpdir(), ...inputs })), knownWorkloads });

describe('guest OS names', () => {
  it.each([
    ['fedora', 'fedora'],
    ['Debian', 'debian'],
    ['ubuntu', 'debian'],
    ['centos-stream', 'fedora'],
    [' RHEL ', 'fedora'],
  ])('reads %j as the %s profile', (given, profile) => {
    expect(normalizeGuestOs(given)).toBe(profile);
  });

  it('knows nothing else', () => {
    expect(normalizeGuestOs('windows')).toBeUndefined();
  });
});

describe('guest OS told by the image', () => {
  it.each([
    ['quay.io/containerdisks/fedora:42', 'fedora'],
    ['quay.io/containerdisks/centos-stream:9', 'fedora'],
    ['registry.example/golden/rhel9-golden:latest', 'fedora'],
    ['quay.io/containerdisks/ubuntu:22.04', 'debian'],
    ['docker.io/library/debian@sha256:0123abcd', 'debian'],
    ['localhost:5000/ubuntu_jammy', 'debian'],
  ])('%s holds %s', (image, profile) => {
    expect(inferGuestOs(image)).toBe(profile);
  });

  it('looks at the repository name only, not at the registry, path or tag', () => {
    expect(inferGuestOs('fedora.registry.example/debian-team/golden:ubuntu')).toBeUndefined();
  });

  it('falls back to fedora with a warning naming the image and the flag when the image tells nothing', () => {
    expect(chooseGuestOs(undefined, 'registry.example/team/golden:1')).toEqual({
      guestOs: 'fedora',
      warning: expect.stringMatching(/registry\.example\/team\/golden:1.*fedora.*--guest-os/) as unknown,
    });
  });

  it('takes a given guest OS over what the image tells, without a warning', () => {
    expect(chooseGuestOs('debian', 'quay.io/containerdisks/fedora:42')).toEqual({ guestOs: 'debian' });
  });
});

describe('resolveRunConfig guest OS and package install', () => {
  it('infers the guest OS from the default image and installs packages', async () => {
    const { config, warnings } = await resolve({});
    expect(config.guestOs).toBe('fedora');
    expect(config.skipPackageInstall).toBe(false);
    expect(warnings).toEqual([]);
  });

  it('reads the guest OS from the flag, the variable or the file, aliases included', async () => {
    expect((await resolve({ flags: { guestOs: 'ubuntu' } })).config.guestOs).toBe('debian');
    expect((await resolve({ env: { VIRTWORK_GUEST_OS: 'centos-stream' } })).config.guestOs).toBe('fedora');
    const { config, sources } = await resolve({
      flags: { guestOs: 'debian' },
      env: { VIRTWORK_GUEST_OS: 'fedora' },
    });
    expect(config.guestOs).toBe('debian');
    expect(sources.guestOs).toBe('flag');
  });

  it('infers from --container-disk-image when no guest OS is given, and warns when it cannot', async () => {
    expect((await resolve({ flags: { containerDiskImage: 'quay.io/containerdisks/ubuntu:24.04' } })).config.guestOs).toBe('debian');
    const unknown = await resolve({ flags: { containerDiskImage: 'registry.example/golden:1' } });
    expect(unknown.config.guestOs).toBe('fedora');
    expect(unknown.warnings).toEqual([expect.stringContaining('cannot tell the guest OS from the image registry.example/golden:1')]);
  });

  it('refuses an unknown guest OS, naming the flag and the accepted values', async () => {
    await expect(resolve({ flags: { guestOs: 'arch' } })).rejects.toThrow(
      '--guest-os=arch: must be fedora or debian; also accepted: ubuntu (debian), centos-stream and rhel (fedora)',
    );
  });

  it('skips package install from --skip-package-install or VIRTWORK_SKIP_PACKAGE_INSTALL', async () => {
    expect((await resolve({ flags: { skipPackageInstall: true } })).config.skipPackageInstall).toBe(true);
    expect((await resolve({ env: { VIRTWORK_SKIP_PACKAGE_INSTALL: 'true' } })).config.skipPackageInstall).toBe(true);
  });
});
