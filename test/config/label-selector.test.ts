import { describe, expect, it } from 'vitest';
import { isLabelSelector } from '../../src/config/label-selector.js';
import { resolveSetting } from '../../src/config/resolve-settings.js';
import { InvalidInputError } from '../../src/errors.js';

describe('isLabelSelector', () => {
  it.each([
    'virtwork/workload=cpu',
    'virtwork/workload==cpu',
    'virtwork/role!=server',
    'virtwork/workload in (cpu, memory)',
    'virtwork/workload notin (disk)',
    'virtwork/role',
    '!virtwork/role',
    'virtwork/workload=cpu,virtwork/role!=client',
    'app.kubernetes.io/name=x, tier=',
  ])('accepts %s', (selector) => {
    expect(isLabelSelector(selector)).toBe(true);
  });

  it.each([
    ['', 'empty'],
    ['virtwork/workload=cpu,', 'a trailing comma'],
    ['virtwork/workload=c p u', 'a space in a value'],
    ['virtwork/workload=cpu=1', 'two equals signs'],
    ['virtwork/workload in (cpu', 'an unclosed parenthesis'],
    ['virtwork/workload in cpu', 'a set without parentheses'],
    ['Virtwork.IO/workload=cpu', 'an upper-case prefix'],
    ['workload>3', 'an operator the API server does not take for labels here'],
    [`k=${'v'.repeat(64)}`, 'a value over 63 characters'],
  ])('rejects %s (%s)', (selector) => {
    expect(isLabelSelector(selector)).toBe(false);
  });
});

describe('--selector', () => {
  it('fails naming the flag, the value and the syntax', () => {
    const resolve = () => resolveSetting('selector', { flags: { selector: 'virtwork/workload=' + '=cpu' + '=x' }, env: {}, cwd: '/' });
    expect(resolve).toThrow(InvalidInputError);
    expect(resolve).toThrow(/^--selector=virtwork\/workload==cpu=x: must be a label selector: .* such as virtwork\/workload=cpu$/);
  });

  it('keeps a valid selector as typed, trimmed', () => {
    expect(resolveSetting('selector', { flags: { selector: ' virtwork/workload=cpu ' }, env: {}, cwd: '/' })?.value).toBe('virtwork/workload=cpu');
  });
});
