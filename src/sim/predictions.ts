/**
 * Predicted buckets for traces that have lengths but no prompts: each request's
 * prediction is drawn from the confusion-matrix row of its true bucket, so the
 * simulated predictor makes the same kinds of mistakes as the measured one.
 */
import { bucketOf, numBuckets, type BucketScheme } from '../predictor/buckets.ts';
import { SimulationError } from './errors.ts';
import { createRng } from './rng.ts';

export interface DrawnPredictions {
  /** Predicted bucket of each request, in input order. */
  readonly buckets: Int32Array;
  /** True buckets whose confusion-matrix row has no counts, so their requests were predicted exactly. */
  readonly emptyRows: readonly number[];
  /** Requests whose true bucket fell in such a row. */
  readonly fallbackRequests: number;
}

/**
 * Draws a predicted bucket for each true output length. `confusionMatrix` has one
 * row per true bucket and one column per predicted bucket, holding counts.
 */
export function drawPredictedBuckets(
  trueOutputTokens: ArrayLike<number>,
  scheme: BucketScheme,
  confusionMatrix: readonly (readonly number[])[],
  seed: number,
): DrawnPredictions {
  const bucketCount = numBuckets(scheme);
  const cumulativeRows = cumulativeCounts(confusionMatrix, bucketCount);
  const rng = createRng(seed);
  const buckets = new Int32Array(trueOutputTokens.length);
  const emptyRows = new Set<number>();
  let fallbackRequests = 0;

  for (let i = 0; i < trueOutputTokens.length; i += 1) {
    const trueBucket = bucketOf(scheme, trueOutputTokens[i]!);
    const cumulative = cumulativeRows[trueBucket]!;
    const rowTotal = cumulative[bucketCount - 1]!;
    if (rowTotal === 0) {
      buckets[i] = trueBucket;
      emptyRows.add(trueBucket);
      fallbackRequests += 1;
      continue;
    }
    buckets[i] = sampleColumn(cumulative, rng.next() * rowTotal);
  }
  return { buckets, emptyRows: [...emptyRows].sort((a, b) => a - b), fallbackRequests };
}

function cumulativeCounts(matrix: readonly (readonly number[])[], bucketCount: number): Float64Array[] {
  if (matrix.length !== bucketCount) {
    throw new SimulationError(
      'invalid-config',
      `confusion matrix has ${matrix.length} rows, but the bucket scheme has ${bucketCount} buckets`,
    );
  }
  return matrix.map((row, rowIndex) => {
    if (row.length !== bucketCount) {
      throw new SimulationError(
        'invalid-config',
        `confusion matrix row ${rowIndex} has ${row.length} columns, expected ${bucketCount}`,
      );
    }
    const cumulative = new Float64Array(bucketCount);
    let sum = 0;
    row.forEach((count, column) => {
      if (!(Number.isFinite(count) && count >= 0)) {
        throw new SimulationError(
          'invalid-config',
          `confusion matrix cell [${rowIndex}][${column}] must be a finite count >= 0, got ${String(count)}`,
        );
      }
      sum += count;
      cumulative[column] = sum;
    });
    return cumulative;
  });
}

/** Returns the first column whose cumulative count exceeds `target`, which is in [0, row total). */
function sampleColumn(cumulative: Float64Array, target: number): number {
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (cumulative[mid]! > target) high = mid;
    else low = mid + 1;
  }
  return low;
}

/**
 * Returns, for each predicted bucket, the probabilities of the true buckets given
 * that prediction: the predicted bucket's column of the confusion matrix (rows are
 * true buckets), normalised to sum to 1. A column without counts gives null. These
 * are what a calibrated predictor would report, so the S³ `cumulative` rule can use
 * them for predictions drawn from the matrix.
 */
export function posteriorBucketProbabilities(
  confusionMatrix: readonly (readonly number[])[],
  bucketCount: number,
): (readonly number[] | null)[] {
  cumulativeCounts(confusionMatrix, bucketCount);
  return Array.from({ length: bucketCount }, (_, predicted) => {
    const column = confusionMatrix.map((row) => row[predicted]!);
    const total = column.reduce((sum, count) => sum + count, 0);
    return total > 0 ? Object.freeze(column.map((count) => count / total)) : null;
  });
}
