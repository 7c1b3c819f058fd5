/**
 * Predicted buckets of traces with prompts, kept per trace for the session so that a
 * second run (other settings, a larger request limit) only predicts prompts not seen yet.
 */

/** FNV-1a, 32-bit: a fast, non-cryptographic hash, enough to tell two uploaded files apart. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Identifies a trace by its name, size and prompt text, so a changed file with the same name misses the cache. */
export function traceCacheKey(fileName: string, prompts: readonly string[]): string {
  return `${fileName}|${prompts.length}|${fnv1a(prompts.join('\u0000')).toString(16)}`;
}

/** Predictions (buckets by default) for the first prompts of each trace, in prompt order. */
export class PredictionCache<Prediction = number> {
  private readonly prefixes = new Map<string, readonly Prediction[]>();

  /** Returns the cached predictions of the first prompts, possibly fewer than needed. */
  prefix(key: string): readonly Prediction[] {
    return this.prefixes.get(key) ?? [];
  }

  /** Appends predictions for the prompts right after the cached prefix. */
  extend(key: string, predictions: readonly Prediction[]): readonly Prediction[] {
    const merged = [...this.prefix(key), ...predictions];
    this.prefixes.set(key, merged);
    return merged;
  }

  clear(): void {
    this.prefixes.clear();
  }
}
