import { describe, expect, it } from 'vitest';
import { renderServiceUnit } from '../../../src/workloads/guest/systemd-unit.js';

describe('renderServiceUnit', () => {
  it('writes a simple service that restarts forever and is wanted by multi-user.target', () => {
    expect(renderServiceUnit({ description: 'virtwork-cpu: load', execStart: 'stress-ng --cpu 0' })).toBe(
      [
        '[Unit]',
        'Description=virtwork-cpu: load',
        'StartLimitIntervalSec=0',
        '',
        '[Service]',
        'Type=simple',
        'ExecStart=stress-ng --cpu 0',
        'Restart=always',
        'RestartSec=5',
        '',
        '[Install]',
        'WantedBy=multi-user.target',
        '',
      ].join('\n'),
    );
  });

  it('adds user, ordering, mounts and a stop command only when asked', () => {
    const unit = renderServiceUnit({
      description: 'd',
      execStart: '/usr/local/bin/x start',
      execStopPost: '/usr/local/bin/x stop',
      user: 'postgres',
      after: ['network-online.target', 'postgresql.service'],
      requiresMountsFor: ['/mnt/data'],
    });
    expect(unit).toContain('Wants=network-online.target postgresql.service\nAfter=network-online.target postgresql.service\n');
    expect(unit).toContain('RequiresMountsFor=/mnt/data\n');
    expect(unit).toContain('User=postgres\nExecStart=/usr/local/bin/x start\nExecStopPost=/usr/local/bin/x stop\n');
  });

  it('escapes % so systemd does not read it as a specifier', () => {
    const unit = renderServiceUnit({ description: 'fill to 90%', execStart: 'stress-ng --vm-bytes 80%', execStopPost: 'echo 5%' });
    expect(unit).toContain('Description=fill to 90%%\n');
    expect(unit).toContain('ExecStart=stress-ng --vm-bytes 80%%\n');
    expect(unit).toContain('ExecStopPost=echo 5%%\n');
  });
});
