/**
 * Values the Predict view derives from one prompt's probabilities: the median length
 * with its quartiles, the allocation under both S³ rules, and the most likely bucket
 * of each coarser scheme the card lists.
 */
import { DEFAULT_S3_EPSILON } from '../../sim/policies.ts';
import { argmax } from '../../predictor/inference.ts';
import { coarsen, summarizeLength, type LengthSummary } from '../../predictor/distribution.ts';
import type { ModelCard } from '../../predictor/modelCard.ts';

export interface DerivedBucket {
  readonly scheme: string;
  readonly edges: readonly number[];
  readonly bucket: number;
  /** Summed probability of the fine buckets inside this bucket. */
  readonly probability: number;
}

export interface PromptLengthSummary extends LengthSummary {
  readonly derived: readonly DerivedBucket[];
}

/** Returns the length summary of one prompt's probabilities over the card's buckets. */
export function promptLengthSummary(probabilities: readonly number[], card: ModelCard, epsilon: number): PromptLengthSummary {
  const fineEdges = card.buckets.edges;
  const derived = Object.entries(card.derived_schemes ?? {}).map(([scheme, edges]): DerivedBucket => {
    const coarse = coarsen(probabilities, fineEdges, edges);
    const bucket = argmax(coarse);
    return { scheme, edges, bucket, probability: coarse[bucket]! };
  });
  return { ...summarizeLength(probabilities, fineEdges, epsilon), derived };
}

/**
 * Returns the ε of the Simulate tab's `cumulative` S³ rule from its text field, or
 * DEFAULT_S3_EPSILON while the field is not a number in [0, 1).
 */
export function epsilonFromSetting(text: string): number {
  const trimmed = text.trim();
  const value = trimmed === '' ? Number.NaN : Number(trimmed);
  return value >= 0 && value < 1 ? value : DEFAULT_S3_EPSILON;
}
