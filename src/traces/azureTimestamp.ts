/**
 * A wall-clock time split into whole seconds since 1970-01-01 and nanoseconds, so that
 * differences keep the 100 ns resolution of the Azure traces. A single double of
 * seconds since 1970 cannot: near 1.7e9 its spacing is about 2.4e-7 s.
 */
export interface TraceTimestamp {
  readonly epochSeconds: number;
  readonly nanoseconds: number;
}

export const AZURE_TIMESTAMP_EXAMPLE = '2023-11-16 18:15:46.6805900';

const TIMESTAMP_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;

/**
 * Parses `YYYY-MM-DD HH:MM:SS` with up to 9 fractional digits, as in the Azure LLM
 * inference traces (7 digits). The traces name no time zone and only differences
 * matter, so the time is read as UTC, which has no daylight-saving jumps. Returns
 * undefined for any other text or for a date or time that does not exist.
 */
export function parseAzureTimestamp(text: string): TraceTimestamp | undefined {
  const match = TIMESTAMP_PATTERN.exec(text.trim());
  if (match === null) {
    return undefined;
  }
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  // setUTCFullYear, unlike Date.UTC, keeps years below 100 as written. Both roll an
  // impossible day such as February 30 over into the next month, which the check catches.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  if (date.getUTCDate() !== day) {
    return undefined;
  }
  const fraction = match[7] ?? '';
  return {
    epochSeconds: date.getTime() / 1000,
    nanoseconds: Number(fraction.padEnd(9, '0')),
  };
}

/** Returns `end − start` in seconds, with a rounding error under 10 ns for spans up to a year. */
export function secondsBetween(start: TraceTimestamp, end: TraceTimestamp): number {
  return end.epochSeconds - start.epochSeconds + (end.nanoseconds - start.nanoseconds) / 1e9;
}
