/**
 * Differential test: the fast engine against the literal step-by-step reference in
 * `referenceSimulator.ts`, on random workloads under every policy and option. Both
 * must produce the same iterations, bit for bit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomCaseArbitrary, type RandomCase } from './randomCases.ts';
import { referenceSimulate } from './referenceSimulator.ts';
import { simulate } from './simulate.ts';
import type { IterationSnapshot } from './types.ts';

function engineRun({ requests, config }: RandomCase) {
  const snapshots: IterationSnapshot[] = [];
  const result = simulate(requests, config, { onIteration: (snapshot) => snapshots.push(snapshot) });
  return { snapshots, result };
}

describe('engine against the step-by-step reference', () => {
  it('produces the same iterations on random workloads', () => {
    fc.assert(
      fc.property(randomCaseArbitrary, (testCase) => {
        const { snapshots, result } = engineRun(testCase);
        const reference = referenceSimulate(testCase.requests, testCase.config);
        expect(snapshots).toEqual(reference.snapshots);
        expect(Array.from(result.finishTimesS)).toEqual(reference.finishTimesS);
        expect(Array.from(result.firstTokenTimesS)).toEqual(reference.firstTokenTimesS);
        expect(result.preemptions).toBe(reference.preemptions);
        expect(result.inPlaceExtensions).toBe(reference.inPlaceExtensions);
        expect(result.recomputedTokens).toBe(reference.recomputedTokens);
      }),
      { numRuns: 200 },
    );
  });
});
