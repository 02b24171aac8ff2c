import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors.js';
import { OVERRIDES } from './support/documents.js';
import { create, render } from './support/render.js';

describe('cpu', () => {
  it('runs stress-ng on every vCPU at full load with every method by default', () => {
    expect(render('cpu').unitValues('virtwork-cpu.service', 'ExecStart')).toEqual(['stress-ng --cpu 0 --cpu-load 100 --cpu-method all']);
  });

  it('takes its load and method from params', () => {
    expect(render('cpu', { params: OVERRIDES.cpu }).unitValues('virtwork-cpu.service', 'ExecStart')).toEqual([
      'stress-ng --cpu 0 --cpu-load 50 --cpu-method matrixprod',
    ]);
  });

  it('installs stress-ng and the guest agent, and starts its unit', () => {
    const { doc } = render('cpu');
    expect(doc.packages).toEqual(['stress-ng', 'python3', 'qemu-guest-agent']);
    expect(doc.runcmd.at(-1)).toBe('systemctl enable --now virtwork-cpu.service');
  });

  it('restarts forever and never stops retrying', () => {
    const unit = render('cpu').unit('virtwork-cpu.service');
    expect(unit).toContain('Restart=always\n');
    expect(unit).toContain('RestartSec=5\n');
    expect(unit).toContain('StartLimitIntervalSec=0\n');
  });

  it('rejects a load outside 1..100 and a method that is not a plain word', () => {
    expect(() => create('cpu', { params: { 'cpu-load-percent': '0' } })).toThrow(InvalidInputError);
    expect(() => create('cpu', { params: { 'cpu-load-percent': 'half' } })).toThrow('--params cpu.cpu-load-percent=half');
    expect(() => create('cpu', { params: { 'cpu-method': 'all --vm 64' } })).toThrow('--params cpu.cpu-method');
  });
});
