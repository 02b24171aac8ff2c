import { describe, expect, it } from 'vitest';
import { formatSize, quantityBytes } from '../../src/config/quantity.js';

describe('quantityBytes', () => {
  it.for([
    ['10Gi', 10 * 2 ** 30],
    ['512Mi', 512 * 2 ** 20],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['500M', 500e6],
    ['1e9', 1e9],
    ['1024', 1024],
  ] as const)('%s is %d bytes', ([quantity, bytes]) => {
    expect(quantityBytes(quantity)).toBe(bytes);
  });

  it('is undefined for what is no quantity', () => {
    expect(quantityBytes('2GB')).toBeUndefined();
  });
});

describe('formatSize', () => {
  it('rounds up, so the size shown is always enough', () => {
    expect(formatSize(2.75 * 2 ** 30)).toBe('2.8Gi');
    expect(formatSize(2 * 2 ** 30)).toBe('2Gi');
    expect(formatSize(64 * 2 ** 20 + 1)).toBe('65Mi');
  });
});
