import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors.js';
import {
  describeParams,
  enumParam,
  integerParam,
  numberParam,
  parseParams,
  SIZE_PATTERN,
  stringParam,
} from '../../src/workloads/params.js';

const sample = {
  name: 'sample',
  params: z.strictObject({
    'load-percent': integerParam(100, { min: 1, max: 100 }, 'how hard'),
    ratio: numberParam(0.5, { min: 0 }, 'a share'),
    'block-size': stringParam('4k', SIZE_PATTERN, 'a size such as 4k', 'block size'),
    signal: enumParam(['SIGTERM', 'SIGKILL'], 'SIGTERM', 'which signal'),
  }),
};

const errorOf = (fn: () => unknown): InvalidInputError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidInputError) return error;
    throw error;
  }
  throw new Error('expected an InvalidInputError');
};

describe('parseParams', () => {
  it('fills every default when no value is given', () => {
    expect(parseParams(sample, {})).toEqual({ 'load-percent': 100, ratio: 0.5, 'block-size': '4k', signal: 'SIGTERM' });
  });

  it('coerces the strings flags give into numbers', () => {
    expect(parseParams(sample, { 'load-percent': '50', ratio: '1.25' })).toMatchObject({ 'load-percent': 50, ratio: 1.25 });
  });

  it('takes typed values as a YAML file gives them', () => {
    expect(parseParams(sample, { 'load-percent': 42, 'block-size': '64k' })).toMatchObject({ 'load-percent': 42, 'block-size': '64k' });
  });

  it('rejects an unknown key with a did-you-mean naming the workload and the valid keys', () => {
    const error = errorOf(() => parseParams(sample, { 'load-percnt': '5' }));
    expect(error.field).toBe('--params sample.load-percnt');
    expect(error.exitCode).toBe(2);
    expect(error.fix).toBe(
      'unknown parameter; sample takes load-percent, ratio, block-size, signal (see virtwork workloads); did you mean sample.load-percent?',
    );
  });

  it('lists the valid keys without a guess when nothing is close', () => {
    const error = errorOf(() => parseParams(sample, { zzzzzzzzzz: 1 }));
    expect(error.fix).not.toContain('did you mean');
    expect(error.fix).toBe('unknown parameter; sample takes load-percent, ratio, block-size, signal (see virtwork workloads)');
  });

  it('rejects text where a number belongs, naming the type, range and default', () => {
    const error = errorOf(() => parseParams(sample, { 'load-percent': 'lots' }));
    expect(error.field).toBe('--params sample.load-percent');
    expect(error.value).toBe('lots');
    expect(error.fix).toBe('must be an integer from 1 to 100 (default 100)');
  });

  it('rejects a fraction where an integer belongs and a value out of range', () => {
    expect(errorOf(() => parseParams(sample, { 'load-percent': '2.5' })).fix).toContain('an integer from 1 to 100');
    expect(errorOf(() => parseParams(sample, { 'load-percent': '101' })).fix).toContain('an integer from 1 to 100');
    expect(errorOf(() => parseParams(sample, { ratio: '-1' })).fix).toBe('must be a number from 0 (default 0.5)');
  });

  it('rejects a string that does not fit its pattern, shell metacharacters included', () => {
    const error = errorOf(() => parseParams(sample, { 'block-size': '4k; reboot' }));
    expect(error.field).toBe('--params sample.block-size');
    expect(error.fix).toBe('must be a size such as 4k (default 4k)');
  });

  it('rejects a value outside an enum, listing the allowed ones', () => {
    expect(errorOf(() => parseParams(sample, { signal: 'SIGSTOP' })).fix).toBe('must be one of SIGTERM, SIGKILL (default SIGTERM)');
  });
});

describe('describeParams', () => {
  it('gives key, type, default, description and limits of every param, in declaration order', () => {
    expect(describeParams(sample.params)).toEqual([
      { key: 'load-percent', type: 'integer', default: 100, description: 'how hard', minimum: 1, maximum: 100 },
      { key: 'ratio', type: 'number', default: 0.5, description: 'a share', minimum: 0 },
      { key: 'block-size', type: 'string', default: '4k', description: 'block size' },
      { key: 'signal', type: 'enum', default: 'SIGTERM', description: 'which signal', values: ['SIGTERM', 'SIGKILL'] },
    ]);
  });
});
