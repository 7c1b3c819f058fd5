/** Readable forms of cost-constant values, shown beside the raw number the user edits. */
const DECIMAL_PREFIXES: readonly [number, string][] = [
  [1e15, 'P'],
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

function withPrefix(value: number, unit: string, locale: string): string {
  for (const [scale, prefix] of DECIMAL_PREFIXES) {
    if (Math.abs(value) >= scale) {
      return `${(value / scale).toLocaleString(locale, { maximumFractionDigits: 2 })} ${prefix}${unit}`;
    }
  }
  return `${value.toLocaleString(locale, { maximumFractionDigits: 4 })} ${unit}`;
}

/**
 * Formats a value in the unit the simulator gives it ('bytes', 'bytes/s', 'FLOP/s',
 * 's', ...) with a decimal prefix, and bytes in GiB too, since GPU memory is quoted both ways.
 */
export function readableConstant(value: number, unit: string, locale: string): string {
  if (!Number.isFinite(value)) return '–';
  switch (unit) {
    case 'bytes':
      if (value >= 2 ** 30) {
        const gib = (value / 2 ** 30).toLocaleString(locale, { maximumFractionDigits: 2 });
        return `${withPrefix(value, 'B', locale)} (${gib} GiB)`;
      }
      return withPrefix(value, 'B', locale);
    case 'bytes/s':
      return withPrefix(value, 'B/s', locale);
    case 'FLOP/s':
      return withPrefix(value, 'FLOP/s', locale);
    case 's':
      return value < 1 ? `${(value * 1000).toLocaleString(locale, { maximumFractionDigits: 3 })} ms` : `${value} s`;
    case 'parameters':
      return withPrefix(value, '', locale).trim();
    default:
      return `${value.toLocaleString(locale)} ${unit}`;
  }
}
