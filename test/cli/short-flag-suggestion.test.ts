import { describe, expect, it } from 'vitest';
import { suggestForShortFlag, suggestionSuffix } from '../../src/cli/short-flag-suggestion.js';

const FLAGS = [
  { short: '-n', long: '--namespace' },
  { short: '-o', long: '--output' },
  { long: '--config' },
  { long: '--context' },
  { long: '--wait' },
  { long: '--dry-run' },
  { short: '-A', long: '--all-namespaces' },
];

describe('suggestForShortFlag', () => {
  it('offers the short flag of the other case first', () => {
    expect(suggestForShortFlag('-N', FLAGS)).toEqual(['-n']);
    expect(suggestForShortFlag('-a', FLAGS)).toEqual(['-A']);
  });

  it('offers the long flags that begin with the letter when no short flag is close', () => {
    expect(suggestForShortFlag('-w', FLAGS)).toEqual(['--wait']);
    expect(suggestForShortFlag('-c', FLAGS)).toEqual(['--config', '--context']);
  });

  it('reads a long flag typed with one dash as that long flag', () => {
    expect(suggestForShortFlag('-dry-run', FLAGS)).toEqual(['--dry-run']);
    expect(suggestForShortFlag('-contxt', FLAGS)).toEqual(['--context']);
  });

  it('suggests nothing for a letter nothing begins with, nor for a long flag', () => {
    expect(suggestForShortFlag('-z', FLAGS)).toEqual([]);
    expect(suggestForShortFlag('-zzzzzz', FLAGS)).toEqual([]);
    expect(suggestForShortFlag('--nmespace', FLAGS)).toEqual([]);
  });
});

describe('suggestionSuffix', () => {
  it('words one or several suggestions as commander does, and nothing as nothing', () => {
    expect(suggestionSuffix(['-n'])).toBe('\n(Did you mean -n?)');
    expect(suggestionSuffix(['--config', '--context'])).toBe('\n(Did you mean one of --config, --context?)');
    expect(suggestionSuffix([])).toBe('');
  });
});
