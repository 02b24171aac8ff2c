import { describe, expect, it } from 'vitest';
import { getWorkloadDefinition } from '../../src/workloads/registry.js';
import { OVERRIDES } from './support/documents.js';
import { create, render } from './support/render.js';

const SCRIPT = '/usr/local/bin/virtwork-chaos-disk';

describe('chaos-disk', () => {
  it('is opt-in', () => {
    expect(getWorkloadDefinition('chaos-disk').optIn).toBe(true);
  });

  it('has a data disk, mounted where its mount param says', () => {
    expect(create('chaos-disk').dataDisks()).toEqual([{ name: 'data', serial: 'virtwork-data', size: '10Gi', mountPath: '/mnt/data' }]);
    expect(create('chaos-disk', { params: OVERRIDES['chaos-disk'] }).dataDisks()[0]?.mountPath).toBe('/srv/fill');
    expect(render('chaos-disk', { params: OVERRIDES['chaos-disk'] }).doc.runcmd).toContain('/usr/local/bin/virtwork-disk-setup virtwork-data /srv/fill');
  });

  it('fills the disk to 90% with fallocate, holds 60 s, releases, waits 30 s, repeats', () => {
    const script = render('chaos-disk').file(SCRIPT);
    expect(script).toContain('mount=/mnt/data\n');
    expect(script).toContain('fill_kib=$((size_kib * 90 / 100 - used_kib))');
    expect(script).toContain('fallocate -l "$((fill_kib * 1024))" "$fill_file"');
    expect(script).toMatch(/sleep 60\n {2}rm -f "\$fill_file"\n {2}sleep 30\ndone/);
  });

  it('takes mount, target and both sleeps from params', () => {
    const script = render('chaos-disk', { params: OVERRIDES['chaos-disk'] }).file(SCRIPT);
    expect(script).toContain('mount=/srv/fill\n');
    expect(script).toContain('* 75 / 100');
    expect(script).toMatch(/sleep 10\n {2}rm -f "\$fill_file"\n {2}sleep 5\n/);
  });

  it('gives the space back when the unit stops', () => {
    expect(render('chaos-disk').unitValues('virtwork-chaos-disk.service', 'ExecStopPost')).toEqual(['rm -f /mnt/data/virtwork-chaos-fill']);
  });

  it('refuses a mount that is not an absolute path below /', () => {
    expect(() => create('chaos-disk', { params: { mount: '/' } })).toThrow('--params chaos-disk.mount=/');
    expect(() => create('chaos-disk', { params: { mount: 'data' } })).toThrow('must be an absolute path');
    expect(() => create('chaos-disk', { params: { mount: '/mnt/data/..' } })).toThrow('must be an absolute path');
    expect(() => create('chaos-disk', { params: { mount: '/mnt/data/' } })).toThrow('must be an absolute path');
    expect(create('chaos-disk', { params: { mount: '/srv/fill.d' } }).dataDisks()[0]?.mountPath).toBe('/srv/fill.d');
    expect(() => create('chaos-disk', { params: { mount: '/var/lib/fill.d' } })).toThrow('must not be a system directory or below one');
    expect(() => create('chaos-disk', { params: { mount: '/library' } })).toThrow('must not be a system directory or below one');
    expect(() => create('chaos-disk', { params: { 'fill-percent': '100' } })).toThrow('from 1 to 99');
  });
});
