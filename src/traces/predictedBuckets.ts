/**
 * Predicted buckets of a sample trace, computed ahead of time by the shipped length
 * predictor in onnxruntime-node (`scripts/build-predicted-buckets.ts`) and shipped
 * next to the trace as `<trace stem>.predicted.json`. Running the predictor on 2,000
 * prompts in the browser takes minutes on WASM, so the Reproduce view reads this
 * file. It records the model file and the trace it was made from (size and SHA-256),
 * so a unit test can tell when either changed and the file must be regenerated.
 */
import type { BucketScheme } from '../predictor/buckets.ts';
import { validateScheme } from '../predictor/buckets.ts';

/** Version tag of the file format. `checkPredictedBuckets` rejects any other. */
export const PREDICTED_BUCKETS_FORMAT = 's3-predicted-buckets/1';

/** Command, run from the repository root, that regenerates the shipped predicted-buckets file. */
export const PREDICTED_BUCKETS_COMMAND = 'npx tsx scripts/build-predicted-buckets.ts';

/** The shipped trace whose prompts the file predicts, and the file's name. */
export const PREDICTED_TRACE_FILE = 'alpaca-test-2000.jsonl';
export const PREDICTED_BUCKETS_FILE = 'alpaca-test-2000.predicted.json';

/** Fraction digits kept of each probability: enough for the cumulative allocation rule, small enough for a 2,000-row file. */
export const PROBABILITY_DECIMALS = 4;

/** A file identified by its name, size and content hash. */
export interface FileFingerprint {
  readonly file: string;
  readonly bytes: number;
  /** Lower-case hex SHA-256 of the file's bytes. */
  readonly sha256: string;
}

export interface PredictorFingerprint extends FileFingerprint {
  /** Model id of the model card, which is also the model's folder under public/models. */
  readonly id: string;
  /** Variant name in the model card (for example `int8`). */
  readonly variant: string;
  /** Runtime that ran the model, with its version. */
  readonly runtime: string;
}

export interface PredictedBucketsFile {
  readonly format: typeof PREDICTED_BUCKETS_FORMAT;
  readonly command: string;
  readonly trace: FileFingerprint & { readonly records: number };
  readonly model: PredictorFingerprint;
  /** Bucket scheme of the model card the predictions belong to. */
  readonly scheme: BucketScheme;
  readonly probabilityDecimals: number;
  /** Predicted bucket of each request, in trace order: the argmax of the unrounded logits. */
  readonly buckets: readonly number[];
  /** Softmax probabilities of each request, rounded to `probabilityDecimals`. */
  readonly probabilities: readonly (readonly number[])[];
}

export class PredictedBucketsError extends Error {
  override readonly name = 'PredictedBucketsError';
}

/** Rounds a probability to `PROBABILITY_DECIMALS` fraction digits. */
export function roundProbability(probability: number): number {
  const scale = 10 ** PROBABILITY_DECIMALS;
  return Math.round(probability * scale) / scale;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireString(value: unknown, field: string, source: string): string {
  if (typeof value !== 'string' || value === '') throw new PredictedBucketsError(`${source}: ${field} must be a non-empty string`);
  return value;
}

function requireCount(value: unknown, field: string, source: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    throw new PredictedBucketsError(`${source}: ${field} must be a non-negative integer, got ${JSON.stringify(value)}`);
  }
  return value as number;
}

function checkFingerprint(value: unknown, field: string, source: string): FileFingerprint {
  if (!isRecord(value)) throw new PredictedBucketsError(`${source}: ${field} must be an object`);
  const sha256 = requireString(value['sha256'], `${field}.sha256`, source);
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new PredictedBucketsError(`${source}: ${field}.sha256 must be 64 lower-case hex digits`);
  return {
    file: requireString(value['file'], `${field}.file`, source),
    bytes: requireCount(value['bytes'], `${field}.bytes`, source),
    sha256,
  };
}

/**
 * Checks parsed JSON against the format and returns it typed. Throws
 * `PredictedBucketsError` naming `source` and the first invalid field.
 */
export function checkPredictedBuckets(value: unknown, source: string): PredictedBucketsFile {
  if (!isRecord(value)) throw new PredictedBucketsError(`${source}: expected a JSON object`);
  if (value['format'] !== PREDICTED_BUCKETS_FORMAT) {
    throw new PredictedBucketsError(`${source}: format must be "${PREDICTED_BUCKETS_FORMAT}", got ${JSON.stringify(value['format'])}`);
  }
  const traceValue = value['trace'];
  const modelValue = value['model'];
  if (!isRecord(traceValue) || !isRecord(modelValue)) throw new PredictedBucketsError(`${source}: trace and model must be objects`);
  const trace = { ...checkFingerprint(traceValue, 'trace', source), records: requireCount(traceValue['records'], 'trace.records', source) };
  const model: PredictorFingerprint = {
    ...checkFingerprint(modelValue, 'model', source),
    id: requireString(modelValue['id'], 'model.id', source),
    variant: requireString(modelValue['variant'], 'model.variant', source),
    runtime: requireString(modelValue['runtime'], 'model.runtime', source),
  };

  const schemeValue = value['scheme'];
  if (!isRecord(schemeValue) || !Array.isArray(schemeValue['edges'])) throw new PredictedBucketsError(`${source}: scheme must have an edges array`);
  let scheme: BucketScheme;
  try {
    scheme = validateScheme({ name: requireString(schemeValue['name'], 'scheme.name', source), edges: schemeValue['edges'] as number[] });
  } catch (error) {
    throw new PredictedBucketsError(`${source}: invalid scheme: ${error instanceof Error ? error.message : String(error)}`);
  }
  const bucketCount = scheme.edges.length - 1;

  const buckets = value['buckets'];
  const probabilities = value['probabilities'];
  if (!Array.isArray(buckets) || buckets.length !== trace.records) {
    throw new PredictedBucketsError(`${source}: buckets must be an array of ${trace.records} entries, one per trace record`);
  }
  if (!Array.isArray(probabilities) || probabilities.length !== trace.records) {
    throw new PredictedBucketsError(`${source}: probabilities must be an array of ${trace.records} rows, one per trace record`);
  }
  buckets.forEach((bucket: unknown, index) => {
    if (!Number.isInteger(bucket) || (bucket as number) < 0 || (bucket as number) >= bucketCount) {
      throw new PredictedBucketsError(`${source}: buckets[${index}] must be an integer in [0, ${bucketCount}), got ${JSON.stringify(bucket)}`);
    }
  });
  probabilities.forEach((row: unknown, index) => {
    const valid =
      Array.isArray(row) &&
      row.length === bucketCount &&
      row.every((p: unknown) => typeof p === 'number' && p >= 0 && p <= 1) &&
      row.some((p: number) => p > 0);
    if (!valid) {
      throw new PredictedBucketsError(`${source}: probabilities[${index}] must be ${bucketCount} numbers in [0, 1], not all 0`);
    }
  });

  return {
    format: PREDICTED_BUCKETS_FORMAT,
    command: requireString(value['command'], 'command', source),
    trace,
    model,
    scheme,
    probabilityDecimals: requireCount(value['probabilityDecimals'], 'probabilityDecimals', source),
    buckets: buckets as number[],
    probabilities: probabilities as number[][],
  };
}

/**
 * Formats the file as JSON with one request per line in `probabilities`, so a
 * regenerated file diffs line by line.
 */
export function formatPredictedBuckets(file: PredictedBucketsFile): string {
  const { buckets, probabilities, ...header } = file;
  // Keep the short edges array on one line, as the model card writes it.
  const headerText = JSON.stringify(header, null, 2).replace(/"edges": \[[^\]]*\]/, `"edges": ${JSON.stringify(file.scheme.edges)}`);
  const rows = probabilities.map((row) => `    ${JSON.stringify(row)}`).join(',\n');
  return `${headerText.slice(0, -2)},\n  "buckets": ${JSON.stringify(buckets)},\n  "probabilities": [\n${rows}\n  ]\n}\n`;
}

/** Returns whether two bucket schemes have the same edges. */
export function sameEdges(a: BucketScheme, b: BucketScheme): boolean {
  return a.edges.length === b.edges.length && a.edges.every((edge, index) => edge === b.edges[index]);
}
