import { describe, expect, it } from 'vitest';
import type { ModelCard } from '../../predictor/modelCard.ts';
import { DEFAULT_S3_EPSILON } from '../../sim/policies.ts';
import { epsilonFromSetting, promptLengthSummary } from './lengthSummary.ts';

function card(derived?: Record<string, number[]>): ModelCard {
  return {
    buckets: { name: 'fine', edges: [0, 16, 32, 48, 64] },
    ...(derived === undefined ? {} : { derived_schemes: derived }),
  } as unknown as ModelCard;
}

describe('promptLengthSummary', () => {
  it('gives the median, quartiles and both allocations', () => {
    const summary = promptLengthSummary([0.5, 0.3, 0.15, 0.05], card(), 0.1);
    expect(summary.median).toBe(16);
    expect(summary.lowerQuartile).toBe(8);
    expect(summary.mostLikelyAllocation).toBe(16);
    expect(summary.cumulativeAllocation).toBe(48);
    expect(summary.derived).toEqual([]);
  });

  it('gives the most likely bucket of each derived scheme', () => {
    const summary = promptLengthSummary([0.1, 0.2, 0.3, 0.4], card({ half: [0, 32, 64], wide: [0, 16, 2048] }), 0.1);
    expect(summary.derived.map(({ scheme, bucket }) => [scheme, bucket])).toEqual([
      ['half', 1],
      ['wide', 1],
    ]);
    expect(summary.derived[0]!.probability).toBeCloseTo(0.7, 12);
    expect(summary.derived[1]!.probability).toBeCloseTo(0.9, 12);
  });
});

describe('epsilonFromSetting', () => {
  it('reads a valid setting', () => {
    expect(epsilonFromSetting(' 0.05 ')).toBe(0.05);
    expect(epsilonFromSetting('0')).toBe(0);
  });

  it.each(['', 'abc', '1', '-0.1'])('falls back to the default for %j', (text) => {
    expect(epsilonFromSetting(text)).toBe(DEFAULT_S3_EPSILON);
  });
});
