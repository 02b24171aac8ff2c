import { describe, expect, it } from 'vitest';
import { OVERRIDES } from './support/documents.js';
import { create, render } from './support/render.js';

const SETUP = '/usr/local/bin/virtwork-database-setup';
const LOOP = '/usr/local/bin/virtwork-database';

describe('database', () => {
  it('mounts its data disk where the guest profile keeps PostgreSQL', () => {
    expect(create('database').dataDisks()).toEqual([{ name: 'data', serial: 'virtwork-data', size: '10Gi', mountPath: '/var/lib/pgsql' }]);
    expect(create('database', { guestOs: 'debian' }).dataDisks()[0]?.mountPath).toBe('/mnt/data');
  });

  it('on fedora: initialises /var/lib/pgsql/data, a subdirectory of the mount, once, and starts postgresql', () => {
    const setup = render('database').file(SETUP);
    expect(setup).toContain('if ! mountpoint -q /var/lib/pgsql; then');
    expect(setup).toContain('PGDATA=/var/lib/pgsql/data\n');
    expect(setup).toContain('install -d -o postgres -g postgres -m 700 "$PGDATA"');
    expect(setup).toContain('if [ ! -f "$PGDATA/PG_VERSION" ]; then postgresql-setup --initdb; fi\n');
    expect(setup.trimEnd().split('\n').at(-1)).toBe('systemctl enable --now postgresql');
  });

  it('on debian: replaces the root-disk cluster with one on the data disk via pg_createcluster', () => {
    const setup = render('database', { guestOs: 'debian' }).file(SETUP);
    expect(setup).toContain('if ! mountpoint -q /mnt/data; then');
    expect(setup).toContain('PGDATA=/mnt/data/postgresql\n');
    expect(setup).toContain('pg_dropcluster --stop "$version" main');
    expect(setup).toContain('pg_createcluster --start --datadir "$PGDATA" "$version" main');
    expect(setup).not.toContain('postgresql-setup');
  });

  it('mounts the disk, then sets up the cluster, then starts the pgbench unit', () => {
    const { runcmd } = render('database').doc;
    const disk = runcmd.indexOf('/usr/local/bin/virtwork-disk-setup virtwork-data /var/lib/pgsql');
    const setup = runcmd.indexOf(SETUP);
    const unit = runcmd.indexOf('systemctl enable --now virtwork-database.service');
    expect(disk).toBeGreaterThan(-1);
    expect(setup).toBeGreaterThan(disk);
    expect(unit).toBeGreaterThan(setup);
  });

  it('initialises pgbench at scale 50 only when the tables do not match, then loops 300 s runs of 10 clients', () => {
    const loop = render('database').file(LOOP);
    expect(loop).toContain('if [ "$branches" != 50 ]; then\n  pgbench -i -s 50 "$db"\nfi');
    expect(loop).toContain('while :; do\n  pgbench -c 10 -j 2 -T 300 "$db"\ndone');
  });

  it('takes scale, clients and duration from params, with no more threads than clients', () => {
    const loop = render('database', { params: OVERRIDES.database }).file(LOOP);
    expect(loop).toContain('pgbench -i -s 10 "$db"');
    expect(loop).toContain('pgbench -c 1 -j 1 -T 60 "$db"');
  });

  it('runs pgbench as postgres, after the server, with the data disk mounted', () => {
    const rendered = render('database');
    expect(rendered.unitValues('virtwork-database.service', 'User')).toEqual(['postgres']);
    expect(rendered.unitValues('virtwork-database.service', 'After')).toEqual(['postgresql.service']);
    expect(rendered.unitValues('virtwork-database.service', 'RequiresMountsFor')).toEqual(['/var/lib/pgsql']);
  });

  it('installs the server and pgbench packages of each guest OS', () => {
    expect(render('database').doc.packages).toEqual(['postgresql-server', 'postgresql-contrib', 'e2fsprogs', 'python3', 'qemu-guest-agent']);
    expect(render('database', { guestOs: 'debian' }).doc.packages).toEqual(['postgresql', 'postgresql-client', 'e2fsprogs', 'python3', 'qemu-guest-agent']);
  });
});
