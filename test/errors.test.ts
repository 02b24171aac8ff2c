import { describe, expect, it } from 'vitest';
import { EnvironmentError, InternalError, InvalidInputError, NotReadyError, VirtworkError, exitCodeFor } from '../src/errors.js';

describe('exitCodeFor', () => {
  it.each([
    ['a failed invariant of virtwork itself', new InternalError('x'), 1],
    ['bad input', new InvalidInputError('--memory', '2GB', 'use 2Gi'), 2],
    ['an environment to change', new EnvironmentError('x'), 2],
    ['VMs not ready', new NotReadyError('x', ['a']), 3],
    ['an error from elsewhere', new TypeError('x'), 1],
  ])('maps %s to its code', (_, error, code) => {
    expect(exitCodeFor(error)).toBe(code);
  });
});

describe('InternalError', () => {
  it('says it is a bug rather than naming a field for the user to fix', () => {
    const error = new InternalError('VM index -1: must be a non-negative integer');
    expect(error).toBeInstanceOf(VirtworkError);
    expect(error).not.toBeInstanceOf(InvalidInputError);
    expect(error.message).toBe('VM index -1: must be a non-negative integer (this is a bug in virtwork; please report it)');
  });
});
