import { describe, expect, it } from 'vitest';
import { mergeStepSeries } from './chartSeries.ts';

describe('mergeStepSeries', () => {
  const merged = mergeStepSeries({
    a: [
      { timeS: 0, value: 1 },
      { timeS: 2, value: 3 },
      { timeS: 4, value: 0 },
    ],
    b: [
      { timeS: 1, value: 5 },
      { timeS: 2, value: 6 },
    ],
  });

  it('has one row per distinct time, in order', () => {
    expect(merged.map((row) => row.timeS)).toEqual([0, 1, 2, 4]);
  });

  it('holds the last value at or before each time', () => {
    expect(merged.map((row) => row['a'])).toEqual([1, 1, 3, 0]);
  });

  it('is null before a series starts and after it ends', () => {
    expect(merged.map((row) => row['b'])).toEqual([null, 5, 6, null]);
  });

  it('returns no rows for empty series', () => {
    expect(mergeStepSeries({ a: [] })).toEqual([]);
  });
});
