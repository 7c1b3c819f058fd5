import { describe, expect, it } from 'vitest';
import { readableConstant } from './constantFormat.ts';

describe('readableConstant', () => {
  it.each([
    [80e9, 'bytes', '80 GB (74.51 GiB)'],
    [2_039e9, 'bytes/s', '2.04 TB/s'],
    [312e12, 'FLOP/s', '312 TFLOP/s'],
    [0.002, 's', '2 ms'],
    [2, 'bytes', '2 B'],
    [28, 'layers', '28 layers'],
  ])('formats %d %s', (value, unit, expected) => {
    expect(readableConstant(value, unit, 'en')).toBe(expected);
  });

  it('shows a dash for a value that is not a number', () => {
    expect(readableConstant(Number.NaN, 'bytes', 'en')).toBe('–');
  });
});
