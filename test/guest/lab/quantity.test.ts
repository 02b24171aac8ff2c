import { expect, it } from 'vitest';
import { quantityBytes } from './quantity.js';

it.each([
  ['2Gi', 2 * 2 ** 30],
  ['512Mi', 512 * 2 ** 20],
  ['1.5Gi', 1.5 * 2 ** 30],
  ['1G', 1e9],
  ['4096', 4096],
])('reads %s as %d bytes', (quantity, bytes) => {
  expect(quantityBytes(quantity)).toBe(bytes);
});

it('refuses what it does not understand instead of guessing', () => {
  expect(() => quantityBytes('2 gigs')).toThrow(/not a byte quantity/);
});
