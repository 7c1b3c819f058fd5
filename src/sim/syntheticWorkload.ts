/**
 * Seeded synthetic workloads with log-normal prompt and output lengths, for
 * tests and demos that must run without trace files.
 */
import { bucketOf, numBuckets, type BucketScheme } from '../predictor/buckets.ts';
import { drawPredictedBuckets } from './predictions.ts';
import { createRng, standardNormal, type Rng } from './rng.ts';
import type { SimRequest } from './types.ts';

export interface LengthDistribution {
  /** Median length in tokens (exp of the log-space mean). */
  readonly median: number;
  /** Standard deviation of the natural log of the length. */
  readonly logSigma: number;
  readonly min: number;
  readonly max: number;
}

export interface WorkloadShape {
  readonly prompt: LengthDistribution;
  readonly output: LengthDistribution;
}

/**
 * Log-normal fit to the conversation part of the public Azure LLM inference
 * trace (2023): median prompt 1,020 tokens with log-sigma 0.99, median output
 * 129 tokens with log-sigma 0.86. Prompts are capped at GPT-J's 2,048-token context.
 */
export const CONVERSATION_SHAPE: WorkloadShape = Object.freeze({
  prompt: Object.freeze({ median: 1020, logSigma: 0.99, min: 1, max: 2048 }),
  output: Object.freeze({ median: 129, logSigma: 0.86, min: 1, max: 2048 }),
});

export interface SyntheticWorkloadOptions {
  readonly count: number;
  readonly seed: number;
  readonly scheme: BucketScheme;
  readonly shape?: WorkloadShape;
  /** Mean arrivals per second of a Poisson process. All requests arrive at 0 when absent. */
  readonly arrivalRatePerS?: number;
  /**
   * Predictor mistakes, as a confusion matrix of counts with rows for true buckets
   * and columns for predicted ones. Predictions are exact when absent.
   */
  readonly confusionMatrix?: readonly (readonly number[])[];
}

/** Builds `count` requests with ids 0..count-1 from seeded draws. */
export function syntheticWorkload(options: SyntheticWorkloadOptions): SimRequest[] {
  const shape = options.shape ?? CONVERSATION_SHAPE;
  const rng = createRng(options.seed);
  const prompts: number[] = [];
  const outputs: number[] = [];
  const arrivals: number[] = [];
  let clock = 0;
  for (let i = 0; i < options.count; i += 1) {
    prompts.push(drawLength(rng, shape.prompt));
    outputs.push(drawLength(rng, shape.output));
    if (options.arrivalRatePerS !== undefined) {
      clock += -Math.log(1 - rng.next()) / options.arrivalRatePerS;
    }
    arrivals.push(clock);
  }
  const predicted = options.confusionMatrix
    ? drawPredictedBuckets(outputs, options.scheme, options.confusionMatrix, options.seed ^ 0x5eed).buckets
    : outputs.map((length) => bucketOf(options.scheme, length));
  return outputs.map((outputTokens, id) => ({
    id,
    arrivalTimeS: arrivals[id]!,
    promptTokens: prompts[id]!,
    outputTokens,
    predictedBucket: predicted[id]!,
  }));
}

/**
 * Returns a confusion matrix that predicts the true bucket with probability
 * `exactShare` and each neighbouring bucket with half the rest (all of it at the
 * first and last bucket), scaled to `rowTotal` counts per row.
 */
export function neighbourConfusionMatrix(scheme: BucketScheme, exactShare: number, rowTotal = 1000): number[][] {
  const count = numBuckets(scheme);
  return Array.from({ length: count }, (_, row) => {
    const cells = new Array<number>(count).fill(0);
    const neighbours = [row - 1, row + 1].filter((column) => column >= 0 && column < count);
    cells[row] = exactShare * rowTotal;
    for (const column of neighbours) cells[column] = ((1 - exactShare) * rowTotal) / neighbours.length;
    return cells;
  });
}

function drawLength(rng: Rng, distribution: LengthDistribution): number {
  const value = Math.round(distribution.median * Math.exp(distribution.logSigma * standardNormal(rng)));
  return Math.min(distribution.max, Math.max(distribution.min, value));
}
