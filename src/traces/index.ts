/**
 * Trace file parsers. They run without a DOM, in Node and in the browser, and are pure:
 * a file that fails to parse throws TraceParseError and returns nothing partial.
 *
 * Formats:
 * - JSON Lines: one object per line with `prompt` (string) and/or `output_tokens`, and
 *   optional `prompt_tokens` and `arrival_time` (seconds). Blank lines are skipped.
 * - JSON: an array of such objects, or of Alpaca records ({instruction, input, output}
 *   or en_instruction, en_input, en_output).
 * - Azure LLM inference trace CSV: TIMESTAMP,ContextTokens,GeneratedTokens.
 *
 * Lengths are GPT-2 BPE tokens, the tokenizer of the served model GPT-J 6B. Arrival times
 * that go backwards are sorted, with a warning, rather than rejected.
 */
import { parseAzureCsvTrace } from './azureCsv.ts';
import { detectTraceSyntax } from './detect.ts';
import { TraceParseError } from './errors.ts';
import { parseJsonArrayTrace } from './json.ts';
import { parseJsonlTrace } from './jsonl.ts';
import { DEFAULT_TRACE_LIMITS, checkTraceByteLength, checkTraceTextLength, type TraceLimits } from './limits.ts';
import { stripByteOrderMark } from './lines.ts';
import type { Trace } from './types.ts';

export { TraceParseError, type TraceLocationUnit } from './errors.ts';
export { MAX_TRACE_BYTES, MAX_TRACE_REQUESTS } from './limits.ts';
export type { Trace, TraceFormat, TraceRequest } from './types.ts';
export {
  SAMPLE_TRACES_FOLDER,
  SAMPLE_TRACE_CATALOG_FILE,
  type SampleTraceCatalog,
  type SampleTraceInfo,
  type SampleTraceLicence,
  type SampleTraceSource,
} from './sampleTraces.ts';

/**
 * Parses a trace file, choosing the format from its content and name. Throws
 * TraceParseError when the file is empty, over MAX_TRACE_BYTES or MAX_TRACE_REQUESTS,
 * or invalid anywhere.
 */
export function parseTrace(fileName: string, text: string): Trace {
  return parseTraceWithLimits(fileName, text, DEFAULT_TRACE_LIMITS);
}

/**
 * Checks the file size, then reads the text with `readText` (for example `() => file.text()`)
 * and parses it. A file over MAX_TRACE_BYTES or of 0 bytes is rejected without being read.
 * Errors of `readText` pass through unchanged.
 */
export async function parseTraceBytes(fileName: string, byteLength: number, readText: () => Promise<string>): Promise<Trace> {
  checkTraceByteLength(fileName, byteLength, DEFAULT_TRACE_LIMITS);
  if (byteLength === 0) {
    throw emptyFileError(fileName);
  }
  return parseTrace(fileName, await readText());
}

/** Parses like parseTrace, under the given limits. */
export function parseTraceWithLimits(fileName: string, rawText: string, limits: TraceLimits): Trace {
  checkTraceTextLength(fileName, rawText, limits);
  const text = stripByteOrderMark(rawText);
  if (text.trim() === '') {
    throw emptyFileError(fileName);
  }

  const detected = detectTraceSyntax(fileName, text);
  const warnings = detected.warning === undefined ? [] : [detected.warning];
  switch (detected.syntax) {
    case 'jsonl':
      return parseJsonlTrace(fileName, text, limits, warnings);
    case 'json-array':
      return parseJsonArrayTrace(fileName, text, limits, warnings);
    case 'csv':
      return parseAzureCsvTrace(fileName, text, limits, warnings);
  }
}

function emptyFileError(fileName: string): TraceParseError {
  return new TraceParseError({
    fileName,
    problem: 'file is empty',
    expected: 'JSON Lines, a JSON array or an Azure LLM inference trace CSV with at least one request',
  });
}
