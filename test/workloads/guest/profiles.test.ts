import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../src/errors.js';
import { GUEST_OS_NAMES, GUEST_TOOLS, hasTool, packagesFor } from '../../../src/workloads/guest/guest-profile.js';
import { DEFAULT_GUEST_OS, getGuestProfile } from '../../../src/workloads/guest/profiles.js';

describe('getGuestProfile', () => {
  it('defaults to fedora', () => {
    expect(DEFAULT_GUEST_OS).toBe('fedora');
    expect(getGuestProfile().name).toBe('fedora');
    expect(getGuestProfile('debian').name).toBe('debian');
  });

  it('rejects an unknown guest OS with a did-you-mean', () => {
    expect(() => getGuestProfile('debain')).toThrow(InvalidInputError);
    expect(() => getGuestProfile('debain')).toThrow('guest OS=debain: unknown guest OS; use one of fedora, debian; did you mean debian?');
    expect(() => getGuestProfile('toString')).toThrow(/unknown guest OS/);
  });
});

describe.each(GUEST_OS_NAMES)('the %s profile', (name) => {
  const profile = getGuestProfile(name);

  it('either packages each tool or says why it cannot', () => {
    for (const tool of GUEST_TOOLS) {
      const packaged = profile.packages[tool] !== undefined;
      const missing = profile.missingTools[tool] !== undefined;
      expect(packaged !== missing, `${name}: ${tool}`).toBe(true);
      expect(hasTool(profile, tool)).toBe(packaged);
    }
  });

  it('keeps the PostgreSQL data directory strictly inside the data mount', () => {
    const { dataMount, dataDir } = profile.postgres;
    expect(dataDir.startsWith(`${dataMount}/`)).toBe(true);
    expect(dataDir.length).toBeGreaterThan(dataMount.length + 1);
  });
});

describe('fedora', () => {
  const fedora = getGuestProfile('fedora');

  it('uses the dnf package names', () => {
    expect(packagesFor(fedora, ['stress-ng', 'fio', 'postgresql', 'pgbench', 'iperf3', 'netperf', 'python3', 'curl', 'tc', 'procps', 'qemu-guest-agent'])).toEqual([
      'stress-ng',
      'fio',
      'postgresql-server',
      'postgresql-contrib',
      'iperf3',
      'netperf',
      'python3',
      'curl',
      'iproute-tc',
      'procps-ng',
      'qemu-guest-agent',
    ]);
  });

  it('needs kernel-modules-extra for netem', () => {
    expect(packagesFor(fedora, ['tc'], ['sch_netem'])).toEqual(['iproute-tc', 'kernel-modules-extra']);
  });

  it('initialises PostgreSQL with postgresql-setup in /var/lib/pgsql/data, and only once', () => {
    expect(fedora.postgres).toMatchObject({ dataDir: '/var/lib/pgsql/data', service: 'postgresql' });
    expect(fedora.postgres.initCommand.join('\n')).toBe('if [ ! -f "$PGDATA/PG_VERSION" ]; then postgresql-setup --initdb; fi');
  });

  it('overrides the RPC filter file of the RHEL-family agent', () => {
    expect(fedora.guestAgent.rpcFilterFile).toBe('/etc/sysconfig/qemu-ga');
  });
});

describe('debian', () => {
  const debian = getGuestProfile('debian');

  it('has no netperf, and says why', () => {
    expect(hasTool(debian, 'netperf')).toBe(false);
    expect(debian.missingTools.netperf).toMatch(/non-free/);
    expect(() => packagesFor(debian, ['netperf'])).toThrow(/debian has no package for netperf: .*non-free/);
  });

  it('uses the apt package names and needs no extra kernel package for netem', () => {
    expect(packagesFor(debian, ['postgresql', 'pgbench', 'tc', 'procps'], ['sch_netem'])).toEqual([
      'postgresql',
      'postgresql-client',
      'iproute2',
      'procps',
    ]);
  });

  it('creates the cluster with pg_createcluster in a directory on the data disk', () => {
    expect(debian.postgres.dataDir).toBe('/mnt/data/postgresql');
    expect(debian.postgres.initCommand.join('\n')).toContain('pg_createcluster --start --datadir "$PGDATA"');
  });

  it("leaves the agent's RPCs as shipped: Debian allows them all", () => {
    expect(debian.guestAgent.rpcFilterFile).toBeUndefined();
  });
});

describe('packagesFor', () => {
  it('lists each package once, in first-use order', () => {
    expect(packagesFor(getGuestProfile('fedora'), ['curl', 'fio', 'curl', 'qemu-guest-agent', 'fio'])).toEqual(['curl', 'fio', 'qemu-guest-agent']);
  });
});
