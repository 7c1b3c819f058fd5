import { TraceAssembler, type RequestFieldLabels } from './assemble.ts';
import { TraceParseError, showJsonValue, type TraceLocation } from './errors.ts';
import {
  ALPACA_FIELDS,
  ENGLISH_ALPACA_FIELDS,
  REQUEST_FIELDS,
  REQUEST_FIELD_LABELS,
  isJsonObject,
  readAlpacaRecord,
  readRequestRecord,
  type AlpacaFieldNames,
} from './jsonRecords.ts';
import { findJsonSyntaxError } from './jsonSyntax.ts';
import type { TraceLimits } from './limits.ts';
import { lineAt, lineNumberAt } from './lines.ts';
import type { Trace } from './types.ts';

/**
 * Parses a JSON array of request objects, or of Alpaca records when the first element
 * has an "instruction" or "en_instruction" field but neither "prompt" nor
 * "output_tokens". Locations in errors are 1-based
 * record indexes, except for syntax errors, which name the line of the file.
 */
export function parseJsonArrayTrace(fileName: string, text: string, limits: TraceLimits, warnings: readonly string[]): Trace {
  const records = parseJsonArray(fileName, text);
  if (records.length > limits.maxRequests) {
    throw new TraceParseError({
      fileName,
      location: recordLocation(limits.maxRequests + 1),
      problem: 'too many requests',
      value: `${records.length} records`,
      expected: `at most ${limits.maxRequests} requests. Split the trace into smaller files`,
    });
  }

  const alpacaFields = detectAlpacaFields(records[0]);
  if (alpacaFields === undefined) {
    return assembleRecords(fileName, records, limits, REQUEST_FIELD_LABELS, warnings, 'json', readRequestRecord);
  }

  const alpacaWarnings = [...warnings];
  const first = records[0];
  if (alpacaFields === ENGLISH_ALPACA_FIELDS && isJsonObject(first) && ALPACA_FIELDS.instruction in first) {
    alpacaWarnings.push(
      'Records have both English (en_instruction, en_input, en_output) and translated (instruction, input, output) fields. ' +
        'The English fields were read, because the length predictor was trained on English prompts.',
    );
  }
  const labels: RequestFieldLabels = {
    prompt: alpacaFields.instruction,
    promptTokens: alpacaFields.instruction,
    outputTokens: alpacaFields.output,
    arrivalTime: REQUEST_FIELDS.arrivalTime,
  };
  return assembleRecords(fileName, records, limits, labels, alpacaWarnings, 'alpaca-json', (value, context) =>
    readAlpacaRecord(value, alpacaFields, context),
  );
}

function assembleRecords(
  fileName: string,
  records: readonly unknown[],
  limits: TraceLimits,
  labels: RequestFieldLabels,
  warnings: readonly string[],
  format: 'json' | 'alpaca-json',
  readRecord: typeof readRequestRecord,
): Trace {
  const assembler = new TraceAssembler(fileName, limits, labels);
  records.forEach((value, index) => {
    const location = recordLocation(index + 1);
    assembler.add(readRecord(value, { fileName, location }), () => showJsonValue(value));
  });
  return assembler.finish(format, warnings);
}

function parseJsonArray(fileName: string, text: string): readonly unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw syntaxError(fileName, text);
  }
  if (!Array.isArray(value)) {
    // detectTraceSyntax sends only text that starts with '[' here.
    throw new TypeError(`parseJsonArrayTrace needs a JSON array, got ${typeof value}`);
  }
  return value;
}

function syntaxError(fileName: string, text: string): TraceParseError {
  const found = findJsonSyntaxError(text);
  const expected = 'a JSON array of request objects, such as [{"prompt": "…", "output_tokens": 42}]';
  if (found === undefined) {
    return new TraceParseError({ fileName, problem: 'invalid JSON', expected });
  }
  const location: TraceLocation = { line: lineNumberAt(text, found.offset), unit: 'line' };
  if (found.offset >= text.length) {
    return new TraceParseError({ fileName, location, problem: `invalid JSON (${found.problem})`, expected });
  }
  return new TraceParseError({
    fileName,
    location,
    problem: `invalid JSON (${found.problem})`,
    value: lineAt(text, found.offset),
    expected,
  });
}

/**
 * Picks the Alpaca field names from the first record, or returns undefined for request
 * records. A record with a prompt or output_tokens field is a request record, whatever
 * else it holds.
 */
function detectAlpacaFields(first: unknown): AlpacaFieldNames | undefined {
  if (!isJsonObject(first) || REQUEST_FIELDS.prompt in first || REQUEST_FIELDS.outputTokens in first) {
    return undefined;
  }
  if (ENGLISH_ALPACA_FIELDS.instruction in first) {
    return ENGLISH_ALPACA_FIELDS;
  }
  if (ALPACA_FIELDS.instruction in first) {
    return ALPACA_FIELDS;
  }
  return undefined;
}

function recordLocation(index: number): TraceLocation {
  return { line: index, unit: 'record' };
}
