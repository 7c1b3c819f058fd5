import { describe, expect, it } from 'vitest';
import { compareParity, type ParityFixture } from './parity.ts';

const fixture: ParityFixture = {
  model_id: 'test',
  max_prompt_tokens: 8,
  prompts: ['a', 'b'],
  input_ids: [
    [101, 1, 102],
    [101, 2, 3, 102],
  ],
  logits: {
    q4: [
      [3, 0, 0],
      [0, 2, 0],
    ],
  },
  generator: 'hand-written',
};

describe('compareParity', () => {
  it('passes identical logits', () => {
    const report = compareParity(fixture, 'q4', [
      { logits: [3, 0, 0], inputTokens: 3 },
      { logits: [0, 2, 0], inputTokens: 4 },
    ]);
    expect(report.passed).toBe(true);
    expect(report.bucketMatches).toBe(2);
    expect(report.maxLogitGap).toBe(0);
  });

  it('fails a different bucket and reports it', () => {
    const report = compareParity(fixture, 'q4', [
      { logits: [3, 0, 0], inputTokens: 3 },
      { logits: [0, 2, 5], inputTokens: 4 },
    ]);
    expect(report.passed).toBe(false);
    expect(report.mismatches).toEqual([expect.objectContaining({ index: 1, expectedBucket: 1, actualBucket: 2 })]);
  });

  it('fails a probability gap over the tolerance with the same buckets', () => {
    const report = compareParity(fixture, 'q4', [
      { logits: [3, 0, 0], inputTokens: 3 },
      { logits: [0, 2, 1], inputTokens: 4 },
    ]);
    expect(report.bucketMatches).toBe(2);
    expect(report.maxProbabilityGap).toBeGreaterThan(0.01);
    expect(report.passed).toBe(false);
  });

  it('fails a token count that differs from the Python tokenizer', () => {
    const report = compareParity(fixture, 'q4', [
      { logits: [3, 0, 0], inputTokens: 4 },
      { logits: [0, 2, 0], inputTokens: 4 },
    ]);
    expect(report.tokenCountMismatches).toBe(1);
    expect(report.passed).toBe(false);
  });

  it('rejects an unknown variant and a wrong prediction count', () => {
    expect(() => compareParity(fixture, 'fp16', [])).toThrow(/no logits for variant "fp16"/);
    expect(() => compareParity(fixture, 'q4', [])).toThrow(/expected 2 predictions/);
  });
});
