/** Largest token count accepted in a trace, because larger integers are not exact in a double. */
const MAX_TOKEN_COUNT = Number.MAX_SAFE_INTEGER;

export const TOKEN_COUNT_EXPECTED = 'a non-negative integer number of tokens';

/** Returns why `value` is not a valid token count, or undefined when it is valid. */
export function describeInvalidTokenCount(value: number): string | undefined {
  if (!Number.isFinite(value)) {
    return 'not a finite number';
  }
  if (value < 0) {
    return 'negative';
  }
  if (!Number.isInteger(value)) {
    return 'not an integer';
  }
  if (value > MAX_TOKEN_COUNT) {
    return 'too large';
  }
  return undefined;
}

/**
 * Reads a token count written as decimal digits, as in a CSV cell. Returns the count,
 * or the reason the text is not one. Surrounding spaces are allowed.
 */
export function parseTokenCountText(text: string): number | { readonly invalid: string } {
  const trimmed = text.trim();
  if (/^[0-9]+$/.test(trimmed)) {
    const value = Number(trimmed);
    const problem = describeInvalidTokenCount(value);
    return problem === undefined ? value : { invalid: problem };
  }
  if (trimmed === '' || Number.isNaN(Number(trimmed))) {
    return { invalid: 'not a number' };
  }
  return { invalid: describeInvalidTokenCount(Number(trimmed)) ?? 'not written as decimal digits' };
}
