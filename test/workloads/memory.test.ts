import { describe, expect, it } from 'vitest';
import { OVERRIDES } from './support/documents.js';
import { create, render } from './support/render.js';

describe('memory', () => {
  it('runs one stress-ng VM worker over 80% of memory with every method by default, % escaped for systemd', () => {
    expect(render('memory').unitValues('virtwork-memory.service', 'ExecStart')).toEqual([
      'stress-ng --vm 1 --vm-bytes 80%% --vm-method all',
    ]);
  });

  it('takes the share, worker count and method from params', () => {
    expect(render('memory', { params: OVERRIDES.memory }).unitValues('virtwork-memory.service', 'ExecStart')).toEqual([
      'stress-ng --vm 2 --vm-bytes 60%% --vm-method flip',
    ]);
  });

  it('rejects a share above 100%', () => {
    expect(() => create('memory', { params: { 'memory-percent': '150' } })).toThrow('must be an integer from 1 to 100 (default 80)');
  });
});
