import { formatPrompt } from '../predictor/prompt.ts';
import { countGpt2Tokens } from '../tokens/gpt2.ts';
import type { RequestFieldLabels } from './assemble.ts';
import { TraceParseError, showJsonValue, type TraceLocation } from './errors.ts';
import { createParsedRequest, type ParsedRequest } from './request.ts';
import { TOKEN_COUNT_EXPECTED, describeInvalidTokenCount } from './tokenCounts.ts';

/** Field names of a request record in JSONL and JSON traces. */
export const REQUEST_FIELDS = Object.freeze({
  prompt: 'prompt',
  promptTokens: 'prompt_tokens',
  outputTokens: 'output_tokens',
  arrivalTime: 'arrival_time',
});

/** Names that error messages use for the optional fields of a request record. */
export const REQUEST_FIELD_LABELS: RequestFieldLabels = Object.freeze({
  prompt: REQUEST_FIELDS.prompt,
  promptTokens: `${REQUEST_FIELDS.prompt} or ${REQUEST_FIELDS.promptTokens}`,
  outputTokens: REQUEST_FIELDS.outputTokens,
  arrivalTime: REQUEST_FIELDS.arrivalTime,
});

/** Field names of an Alpaca record: the original ones, or the English ones of the bilingual data. */
export interface AlpacaFieldNames {
  readonly instruction: string;
  readonly input: string;
  readonly output: string;
}

export const ALPACA_FIELDS: AlpacaFieldNames = Object.freeze({
  instruction: 'instruction',
  input: 'input',
  output: 'output',
});

export const ENGLISH_ALPACA_FIELDS: AlpacaFieldNames = Object.freeze({
  instruction: 'en_instruction',
  input: 'en_input',
  output: 'en_output',
});

type JsonObject = Readonly<Record<string, unknown>>;

/** Context of one record, for error messages. */
export interface RecordContext {
  readonly fileName: string;
  readonly location: TraceLocation;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads one request record of a JSONL or JSON trace. Fields that are missing or null
 * count as absent, other fields of the record are ignored, and the prompt is counted
 * with GPT-2 BPE when `prompt_tokens` is absent.
 */
export function readRequestRecord(value: unknown, context: RecordContext): ParsedRequest {
  const record = requireObject(value, context);
  const prompt = readOptionalString(record, REQUEST_FIELDS.prompt, context);
  const givenPromptTokens = readOptionalTokenCount(record, REQUEST_FIELDS.promptTokens, context);
  const outputTokens = readOptionalTokenCount(record, REQUEST_FIELDS.outputTokens, context);
  const arrivalTime = readOptionalArrivalTime(record, context);

  if (prompt === undefined && outputTokens === undefined) {
    const isAlpaca = typeof record[ALPACA_FIELDS.instruction] === 'string' || typeof record[ENGLISH_ALPACA_FIELDS.instruction] === 'string';
    throw new TraceParseError({
      ...context,
      problem: 'record has neither prompt nor output_tokens',
      value: showJsonValue(record),
      expected: isAlpaca
        ? 'a "prompt" string or an "output_tokens" integer. Alpaca records (instruction, input, output) are read only from a JSON array file'
        : 'a "prompt" string, an "output_tokens" integer, or both',
    });
  }

  const promptTokens = givenPromptTokens ?? (prompt === undefined ? undefined : countGpt2Tokens(prompt));
  return createParsedRequest({ location: context.location, prompt, promptTokens, outputTokens, arrivalTime });
}

/**
 * Reads one Alpaca record. The prompt is `formatPrompt(instruction, input)`, the text the
 * length predictor was trained on, and the output length is the GPT-2 BPE count of the
 * output text. A missing input counts as empty, and a missing output leaves the length unknown.
 */
export function readAlpacaRecord(value: unknown, fields: AlpacaFieldNames, context: RecordContext): ParsedRequest {
  const record = requireObject(value, context);
  const instruction = readOptionalString(record, fields.instruction, context);
  if (instruction === undefined) {
    throw new TraceParseError({
      ...context,
      problem: `missing field ${fields.instruction}`,
      value: showJsonValue(record),
      expected: `an Alpaca record with a "${fields.instruction}" string, as in the first record`,
    });
  }
  const input = readOptionalString(record, fields.input, context) ?? '';
  const output = readOptionalString(record, fields.output, context);

  const prompt = formatPrompt(instruction, input);
  return createParsedRequest({
    location: context.location,
    prompt,
    promptTokens: countGpt2Tokens(prompt),
    outputTokens: output === undefined ? undefined : countGpt2Tokens(output),
    arrivalTime: undefined,
  });
}

function requireObject(value: unknown, context: RecordContext): JsonObject {
  if (!isJsonObject(value)) {
    throw new TraceParseError({
      ...context,
      problem: 'record is not a JSON object',
      value: showJsonValue(value),
      expected: 'a JSON object such as {"prompt": "…", "output_tokens": 42}',
    });
  }
  return value;
}

function readOptionalString(record: JsonObject, field: string, context: RecordContext): string | undefined {
  const value = record[field];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new TraceParseError({
      ...context,
      problem: `invalid ${field}`,
      value: showJsonValue(value),
      expected: 'a string',
    });
  }
  return value;
}

function readOptionalTokenCount(record: JsonObject, field: string, context: RecordContext): number | undefined {
  const value = record[field];
  if (value === undefined || value === null) {
    return undefined;
  }
  const problem = typeof value === 'number' ? describeInvalidTokenCount(value) : `a JSON ${jsonTypeName(value)}, not a number`;
  if (problem !== undefined) {
    throw new TraceParseError({
      ...context,
      problem: `invalid ${field} (${problem})`,
      value: showJsonValue(value),
      expected: TOKEN_COUNT_EXPECTED,
    });
  }
  return value as number;
}

function readOptionalArrivalTime(record: JsonObject, context: RecordContext): number | undefined {
  const field = REQUEST_FIELDS.arrivalTime;
  const value = record[field];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TraceParseError({
      ...context,
      problem: `invalid ${field}`,
      value: showJsonValue(value),
      expected: 'a non-negative number of seconds',
    });
  }
  return value;
}

function jsonTypeName(value: unknown): string {
  if (Array.isArray(value)) {
    return 'array';
  }
  return typeof value === 'object' ? 'object' : typeof value;
}
