/** Unit of `TraceParseError.line`: a line of the file, or a record of a JSON array. */
export type TraceLocationUnit = 'line' | 'record';

/** Place in a trace file where a problem was found. */
export interface TraceLocation {
  readonly line: number;
  readonly unit: TraceLocationUnit;
}

export interface TraceParseErrorDetails {
  readonly fileName: string;
  readonly location?: TraceLocation;
  /** Problem found, for example "invalid output_tokens". */
  readonly problem: string;
  /** Offending text or JSON value, cut to `MAX_SHOWN_VALUE_CHARS` when longer. */
  readonly value?: string;
  /** Input that the parser accepts there, for example "a non-negative integer". */
  readonly expected?: string;
}

/** Maximum length, in UTF-16 code units, of the offending value that an error keeps and shows. */
export const MAX_SHOWN_VALUE_CHARS = 120;

/**
 * A trace file that cannot be read as a trace. The message names the file, the
 * line or record, the offending value and what was expected there.
 */
export class TraceParseError extends Error {
  override readonly name = 'TraceParseError';
  readonly code = 'trace-parse' as const;
  readonly fileName: string;
  /** 1-based line of the file, or 1-based record index when `lineUnit` is 'record'. */
  readonly line?: number;
  readonly lineUnit?: TraceLocationUnit;
  readonly value?: string;
  /** The problem and the accepted input, without file, line or value, so a UI can show each part once. */
  readonly problem: string;
  readonly expected?: string;

  constructor(details: TraceParseErrorDetails) {
    const value = details.value === undefined ? undefined : shortenValue(details.value);
    super(formatMessage(details, value));
    this.fileName = details.fileName;
    this.problem = details.problem;
    if (details.expected !== undefined) {
      this.expected = details.expected;
    }
    if (details.location !== undefined) {
      this.line = details.location.line;
      this.lineUnit = details.location.unit;
    }
    if (value !== undefined) {
      this.value = value;
    }
  }
}

function formatMessage(details: TraceParseErrorDetails, value: string | undefined): string {
  const { fileName, location, problem, expected } = details;
  const where = location === undefined ? fileName : `${fileName}, ${location.unit} ${location.line}`;
  let message = `${where}: ${problem}`;
  if (value !== undefined) {
    message += `: ${value === '' ? '(empty)' : value}`;
  }
  message += '.';
  if (expected !== undefined) {
    message += ` Expected ${expected}.`;
  }
  return message;
}

function shortenValue(value: string): string {
  if (value.length <= MAX_SHOWN_VALUE_CHARS) {
    return value;
  }
  return `${value.slice(0, MAX_SHOWN_VALUE_CHARS)}…`;
}

/** Formats a JSON value for an error message: strings in quotes, other values as JSON. */
export function showJsonValue(value: unknown): string {
  if (value === undefined) {
    return 'undefined';
  }
  const text = JSON.stringify(value) as string | undefined;
  return text ?? String(value);
}
