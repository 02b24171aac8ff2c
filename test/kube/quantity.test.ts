import { describe, expect, it } from 'vitest';
import { formatBytes, formatCpus, parseQuantity } from '../../src/kube/quantity.js';

describe('parseQuantity', () => {
  it.each([
    ['16', 16],
    ['15500m', 15.5],
    ['64Gi', 64 * 2 ** 30],
    ['65843112Ki', 65843112 * 1024],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['10G', 1e10],
    ['1e3', 1000],
    ['2E', 2e18],
    ['.5', 0.5],
  ])('%s is %d', (text, value) => {
    expect(parseQuantity(text)).toBe(value);
  });

  it.each(['', '2GB', '2gi', 'Gi', '1.2.3', '-'])('%j is no quantity', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });
});

describe('formatting', () => {
  it('writes bytes in the largest binary unit, with one decimal where it has one', () => {
    expect([180 * 2 ** 30, 1.5 * 2 ** 30, 512 * 2 ** 20, 65843112 * 1024, 100].map(formatBytes)).toEqual(['180Gi', '1.5Gi', '512Mi', '62.8Gi', '100']);
  });

  it('writes CPUs with at most one decimal', () => {
    expect([46.5, 16, 15.55].map(formatCpus)).toEqual(['46.5', '16', '15.6']);
  });
});
