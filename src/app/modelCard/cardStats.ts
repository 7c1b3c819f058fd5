/** Numbers the Model view derives from the card's confusion matrix. */
export type ConfusionMatrix = readonly (readonly number[])[];

export function matrixTotal(matrix: ConfusionMatrix): number {
  return matrix.reduce((sum, row) => sum + row.reduce((a, b) => a + b, 0), 0);
}

/** Share of test prompts whose true answer length falls in each bucket (row sums over the total). */
export function trueBucketShares(matrix: ConfusionMatrix): number[] {
  const total = matrixTotal(matrix);
  return matrix.map((row) => (total === 0 ? 0 : row.reduce((a, b) => a + b, 0) / total));
}

export interface DominantBucket {
  readonly bucket: number;
  readonly share: number;
}

/** Returns the bucket that contains the most true answer lengths, and its share of the test split. */
export function dominantTrueBucket(matrix: ConfusionMatrix): DominantBucket {
  const shares = trueBucketShares(matrix);
  let bucket = 0;
  shares.forEach((share, index) => {
    if (share > shares[bucket]!) bucket = index;
  });
  return { bucket, share: shares[bucket] ?? 0 };
}

/** Divides each cell by its row sum, giving the share of prompts truly in bucket i that were predicted in bucket j. */
export function rowNormalized(matrix: ConfusionMatrix): number[][] {
  return matrix.map((row) => {
    const sum = row.reduce((a, b) => a + b, 0);
    return row.map((count) => (sum === 0 ? 0 : count / sum));
  });
}
