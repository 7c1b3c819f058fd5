/**
 * Compares in-browser predictions with the logits that native onnxruntime gave for
 * the same prompts (`parity.json`, written by the export step of the training
 * pipeline). The Model view runs this as a self-check and the end-to-end tests
 * hold every backend to it.
 */
import { argmax, softmax } from './inference.ts';

export interface ParityFixture {
  readonly model_id: string;
  readonly max_prompt_tokens: number;
  readonly prompts: readonly string[];
  /** Token ids from the Python tokenizer, to tell tokenizer drift from numeric drift. */
  readonly input_ids: readonly (readonly number[])[];
  /** Native logits per variant name, one row per prompt. */
  readonly logits: Readonly<Record<string, readonly (readonly number[])[]>>;
  readonly generator: string;
}

export interface ObservedPrediction {
  readonly logits: readonly number[];
  readonly inputTokens: number;
}

/**
 * Largest allowed |p_browser − p_native| for any bucket probability. Quantized
 * kernels differ between backends in accumulation order, which moves
 * probabilities by about 1e-3 on a 6-layer encoder; 0.01 leaves room for that
 * and still catches a wrong kernel, which moves them by tenths.
 */
export const PARITY_PROBABILITY_TOLERANCE = 0.01;

export interface ParityMismatch {
  readonly index: number;
  readonly expectedBucket: number;
  readonly actualBucket: number;
  readonly probabilityGap: number;
}

export interface ParityReport {
  readonly variant: string;
  readonly prompts: number;
  readonly bucketMatches: number;
  /** Prompts whose predictor token count differs from the Python tokenizer's. */
  readonly tokenCountMismatches: number;
  readonly maxProbabilityGap: number;
  readonly maxLogitGap: number;
  readonly mismatches: readonly ParityMismatch[];
  readonly passed: boolean;
}

export function compareParity(
  fixture: ParityFixture,
  variant: string,
  observed: readonly ObservedPrediction[],
  tolerance = PARITY_PROBABILITY_TOLERANCE,
): ParityReport {
  const expected = fixture.logits[variant];
  if (expected === undefined) {
    throw new Error(`parity fixture of ${fixture.model_id} has no logits for variant "${variant}"`);
  }
  if (observed.length !== expected.length) {
    throw new Error(`expected ${expected.length} predictions for the parity prompts, got ${observed.length}`);
  }
  let bucketMatches = 0;
  let tokenCountMismatches = 0;
  let maxProbabilityGap = 0;
  let maxLogitGap = 0;
  const mismatches: ParityMismatch[] = [];
  observed.forEach((prediction, index) => {
    const nativeLogits = expected[index]!;
    const nativeProbabilities = softmax(nativeLogits);
    const probabilities = softmax(prediction.logits);
    let probabilityGap = 0;
    nativeProbabilities.forEach((p, bucket) => {
      probabilityGap = Math.max(probabilityGap, Math.abs(p - probabilities[bucket]!));
      maxLogitGap = Math.max(maxLogitGap, Math.abs(nativeLogits[bucket]! - prediction.logits[bucket]!));
    });
    maxProbabilityGap = Math.max(maxProbabilityGap, probabilityGap);
    if (prediction.inputTokens !== fixture.input_ids[index]?.length) tokenCountMismatches += 1;
    const expectedBucket = argmax(nativeLogits);
    const actualBucket = argmax(prediction.logits);
    if (expectedBucket === actualBucket) bucketMatches += 1;
    else mismatches.push({ index, expectedBucket, actualBucket, probabilityGap });
  });
  return {
    variant,
    prompts: observed.length,
    bucketMatches,
    tokenCountMismatches,
    maxProbabilityGap,
    maxLogitGap,
    mismatches,
    passed: bucketMatches === observed.length && maxProbabilityGap <= tolerance && tokenCountMismatches === 0,
  };
}
