import { describe, expect, it } from 'vitest';
import { OVERRIDES } from './support/documents.js';
import { create, render } from './support/render.js';

const SCRIPT = '/usr/local/bin/virtwork-disk';

describe('disk', () => {
  it('has one blank data disk with a virtio serial, sized by config, mounted at /mnt/data', () => {
    expect(create('disk').dataDisks()).toEqual([{ name: 'data', serial: 'virtwork-data', size: '10Gi', mountPath: '/mnt/data' }]);
  });

  it('mounts the disk before its unit starts, and the unit requires the mount', () => {
    const rendered = render('disk');
    const { runcmd } = rendered.doc;
    const setup = runcmd.indexOf('/usr/local/bin/virtwork-disk-setup virtwork-data /mnt/data');
    expect(setup).toBeGreaterThan(-1);
    expect(runcmd.indexOf('systemctl enable --now virtwork-disk.service')).toBeGreaterThan(setup);
    expect(rendered.unitValues('virtwork-disk.service', 'RequiresMountsFor')).toEqual(['/mnt/data']);
    expect(rendered.unitValues('virtwork-disk.service', 'ExecStart')).toEqual([SCRIPT]);
  });

  it('runs the mixed and the sequential fio jobs on the data disk in a loop, with the defaults', () => {
    const script = render('disk').file(SCRIPT);
    expect(script).toContain('dir=/mnt/data/fio\n');
    expect(script).toMatch(/while :; do\n {2}fio --name=virtwork-mixed --rw=randrw --rwmixread=70 --bs=4k --numjobs=4 .*--runtime=300/);
    expect(script).toMatch(/\n {2}fio --name=virtwork-seq --rw=write --bs=128k .*--runtime=300 .*\ndone\n$/);
    expect(script).toContain('--directory="$dir"');
  });

  it('takes block sizes, read share, jobs and runtime from params', () => {
    const script = render('disk', { params: OVERRIDES.disk }).file(SCRIPT);
    expect(script).toContain('--rw=randrw --rwmixread=50 --bs=8k --numjobs=8');
    expect(script).toContain('--rw=write --bs=1M');
    expect(script).toContain('--runtime=120');
    expect(script).not.toContain('--runtime=300');
  });

  it('installs fio and mkfs.ext4 for the disk', () => {
    expect(render('disk', { guestOs: 'debian' }).doc.packages).toEqual(['fio', 'e2fsprogs', 'python3', 'qemu-guest-agent']);
  });

  it('rejects a block size that is not a size', () => {
    expect(() => create('disk', { params: { 'block-size-rw': '4kb' } })).toThrow('--params disk.block-size-rw=4kb: must be a size such as 4k, 64k or 1M');
  });
});
