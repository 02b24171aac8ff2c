import { describe, expect, it } from 'vitest';
import { matchRunId } from '../../src/config/run-id-match.js';
import { InvalidInputError } from '../../src/errors.js';

const KNOWN = ['5b0c2f0e-0d55-4a43-a8a9-8e0d4c3a8f0e', '5b0c9999-0000-4000-8000-000000000000', 'a1b2c3d4-0000-4000-8000-000000000000'];

const failure = (run: () => unknown): InvalidInputError => {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidInputError) return error;
    throw error;
  }
  throw new Error('expected an InvalidInputError');
};

describe('matchRunId', () => {
  it('takes a whole id, and the one id a prefix begins', () => {
    expect(matchRunId(KNOWN[2] ?? '', KNOWN, '--run-id', 'in namespace x')).toBe(KNOWN[2]);
    expect(matchRunId('5b0c2', KNOWN, '--run-id', 'in namespace x')).toBe(KNOWN[0]);
    expect(matchRunId('a', KNOWN, '--run-id', 'in namespace x')).toBe(KNOWN[2]);
  });

  it('takes a whole id that is also the prefix of another', () => {
    expect(matchRunId('run-1', ['run-1', 'run-10'], '--run-id', 'in namespace x')).toBe('run-1');
  });

  it('names every id an ambiguous prefix matches, and says to type more', () => {
    const error = failure(() => matchRunId('5b0c', KNOWN, '--run-id', 'in namespace x'));
    expect(error.message).toBe(`--run-id=5b0c: matches 2 run ids in namespace x (${KNOWN[0]}, ${KNOWN[1]}); type more of the id`);
    expect(error.exitCode).toBe(2);
  });

  it('says where it looked when nothing matches', () => {
    expect(failure(() => matchRunId('ffff', KNOWN, 'run id', 'in /tmp/v.db')).message).toBe('run id=ffff: no run id in /tmp/v.db is or starts with this');
  });
});
