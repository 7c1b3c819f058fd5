/**
 * Backend-independent predictor logic: softmax, picking a model variant for a
 * backend, and turning logits into a bucket. Runs in Node and in the worker.
 */
import type { BackendName, ModelCard, ModelVariant } from './modelCard.ts';

/** Numerically stable softmax. */
export function softmax(logits: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i += 1) max = Math.max(max, logits[i]!);
  const exps = Array.from({ length: logits.length }, (_, i) => Math.exp(logits[i]! - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((value) => value / sum);
}

/** Returns the index of the largest value; the first one on a tie, as numpy's argmax does. */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i += 1) {
    if (values[i]! > values[best]!) best = i;
  }
  return best;
}

export class VariantNotFoundError extends Error {
  override readonly name = 'VariantNotFoundError';
}

/**
 * Picks the model file for a backend: the named variant if given (it must list the
 * backend), else the card's preferred variant for the backend, else the first
 * variant in the card that lists it.
 */
export function chooseVariant(card: ModelCard, backend: BackendName, requested?: string): ModelVariant {
  const name = requested ?? card.preferred_variant?.[backend];
  if (name !== undefined) {
    const variant = card.variants.find((candidate) => candidate.name === name);
    if (variant === undefined) {
      const known = card.variants.map((candidate) => candidate.name).join(', ');
      throw new VariantNotFoundError(`model ${card.id} has no variant "${name}"; available: ${known}`);
    }
    if (!variant.backends.includes(backend)) {
      throw new VariantNotFoundError(
        `variant "${name}" of ${card.id} is not checked on ${backend}; it runs on: ${variant.backends.join(', ')}`,
      );
    }
    return variant;
  }
  const variant = card.variants.find((candidate) => candidate.backends.includes(backend));
  if (variant === undefined) {
    throw new VariantNotFoundError(`model ${card.id} ships no variant checked on ${backend}`);
  }
  return variant;
}
