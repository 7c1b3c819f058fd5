/**
 * Checks the parts of a model card that the UI computes with, so a malformed card
 * fails once with a clear message instead of as NaN in a table.
 */
import { validateScheme } from '../../predictor/buckets.ts';
import type { ModelCard } from '../../predictor/modelCard.ts';

export class ModelCardError extends Error {
  override readonly name = 'ModelCardError';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Returns `value` typed as a ModelCard after checking the bucket edges, confusion matrix and variants. */
export function checkModelCard(value: unknown, source: string): ModelCard {
  if (!isRecord(value)) throw new ModelCardError(`${source}: expected a JSON object, got ${JSON.stringify(value)?.slice(0, 40)}`);
  const card = value as unknown as ModelCard;
  if (typeof card.id !== 'string') throw new ModelCardError(`${source}: "id" is missing or not a string`);
  if (!isRecord(card.buckets) || !Array.isArray(card.buckets.edges)) {
    throw new ModelCardError(`${source}: "buckets.edges" is missing or not an array`);
  }
  validateScheme(card.buckets);

  const buckets = card.buckets.edges.length - 1;
  const matrix = card.test_metrics?.confusion_matrix;
  if (!Array.isArray(matrix) || matrix.length !== buckets) {
    throw new ModelCardError(`${source}: "test_metrics.confusion_matrix" must have ${buckets} rows, one per bucket`);
  }
  matrix.forEach((row, index) => {
    const valid = Array.isArray(row) && row.length === buckets && row.every((count) => Number.isInteger(count) && count >= 0);
    if (!valid) {
      throw new ModelCardError(
        `${source}: confusion matrix row ${index} must hold ${buckets} non-negative integer counts, got ${JSON.stringify(row)}`,
      );
    }
  });
  if (!Array.isArray(card.variants)) throw new ModelCardError(`${source}: "variants" is missing or not an array`);
  return card;
}
