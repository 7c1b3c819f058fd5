/**
 * Inputs of a CLI run read from files: the trace (through the app's trace parsers),
 * predicted buckets from the trace or drawn from a model card's confusion matrix, and
 * a measured latency table. Read failures raise `UsageError` naming the file.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { buildSimRequests, selectRequests, type ArrivalMode } from '../../src/app/simulate/simInputs.ts';
import { numBuckets, S3_DEFAULT_SCHEME, type BucketScheme } from '../../src/predictor/buckets.ts';
import {
  assignArrivals,
  drawPredictedBuckets,
  LatencyTableError,
  parseLatencyTable,
  posteriorBucketProbabilities,
  type ArrivalProcess,
  type LatencyTable,
  type SimRequest,
} from '../../src/sim/index.ts';
import { parseTrace, TraceParseError, type Trace, type TraceRequest } from '../../src/traces/index.ts';
import { UsageError, type CliOptions } from './args.ts';

/** Fields that only the CLI reads from a JSON-lines record. */
interface PredictionFields {
  readonly predictedBucket?: number;
  readonly bucketProbabilities?: readonly number[];
}

/** Source of the predicted buckets of a run. */
export type PredictionSource =
  | { readonly source: 'trace' }
  | { readonly source: 'none'; readonly note: string }
  | {
      readonly source: string;
      readonly seed: number;
      readonly drawn: number;
      readonly emptyRows: readonly number[];
      readonly fallbackRequests: number;
    };

export interface RunInputs {
  readonly trace: Trace;
  readonly scheme: BucketScheme;
  /**
   * Requests with the arrival times of the run's arrival process. A sweep assigns its
   * own arrivals at each rate, so for a sweep they keep the trace's times.
   */
  readonly requests: readonly SimRequest[];
  /** Requests whose output was over the scheme's maximum and was cut to it. */
  readonly cappedOutputs: number;
  readonly predictions: PredictionSource;
  readonly latencyTable: LatencyTable | null;
}

function readText(path: string, flag: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--${flag}: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Reads the trace with the app's parsers, which pick the format from the content and the file name. */
function readTrace(path: string): { trace: Trace; text: string } {
  const text = readText(path, 'requests');
  try {
    return { trace: parseTrace(basename(path), text), text };
  } catch (error) {
    if (error instanceof TraceParseError) throw new UsageError(`--requests ${path}: ${error.message}`);
    throw error;
  }
}

/** Reads `predicted_bucket` and `bucket_probabilities` of each line of a JSON-lines trace, keyed by line number. */
function readPredictionFields(path: string, text: string, scheme: BucketScheme): Map<number, PredictionFields> {
  const fields = new Map<number, PredictionFields>();
  const bucketCount = numBuckets(scheme);
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const lineNumber = index + 1;
    // The trace parser has already accepted every line as a JSON object.
    const record = JSON.parse(line) as Record<string, unknown>;
    const bucket = record['predicted_bucket'];
    const probabilities = record['bucket_probabilities'];
    const where = `${path} line ${lineNumber}`;
    if (bucket !== undefined && !(Number.isSafeInteger(bucket) && (bucket as number) >= 0 && (bucket as number) < bucketCount)) {
      throw new UsageError(
        `${where}: predicted_bucket must be an integer in [0, ${bucketCount}) for scheme ${scheme.name}; got ${JSON.stringify(bucket)}`,
      );
    }
    if (probabilities !== undefined && !(Array.isArray(probabilities) && probabilities.every((value) => typeof value === 'number'))) {
      throw new UsageError(`${where}: bucket_probabilities must be an array of numbers; got ${JSON.stringify(probabilities)}`);
    }
    if (bucket === undefined && probabilities === undefined) return;
    fields.set(lineNumber, {
      ...(bucket === undefined ? {} : { predictedBucket: bucket as number }),
      ...(probabilities === undefined ? {} : { bucketProbabilities: probabilities as number[] }),
    });
  });
  return fields;
}

interface ConfusionCard {
  readonly buckets: BucketScheme;
  readonly test_metrics: { readonly confusion_matrix: readonly (readonly number[])[] };
}

function readModelCard(path: string): ConfusionCard {
  let card: Partial<ConfusionCard>;
  try {
    card = JSON.parse(readText(path, 'confusion')) as Partial<ConfusionCard>;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--confusion ${path}: invalid JSON (${String(error)})`);
  }
  if (!Array.isArray(card.buckets?.edges) || !Array.isArray(card.test_metrics?.confusion_matrix)) {
    throw new UsageError(`--confusion ${path} has no buckets.edges or test_metrics.confusion_matrix; expected a model-card.json`);
  }
  return card as ConfusionCard;
}

/** Reads a latency table CSV; its errors name the file, the line and the value. */
export function readLatencyTable(path: string): LatencyTable {
  const text = readText(path, 'latency-table');
  try {
    return parseLatencyTable(path, text);
  } catch (error) {
    if (error instanceof LatencyTableError) throw new UsageError(`--latency-table: ${error.message}`);
    throw error;
  }
}

/** True when some policy of the run reads the predicted bucket: S³, or the SJF order of any policy but oracle. */
function readsBuckets(options: CliOptions): boolean {
  const { policies, sjf } = options.scheduling;
  return policies.includes('s3') || (sjf && policies.some((policy) => policy !== 'oracle'));
}

function arrivalModeOf(process: ArrivalProcess): ArrivalMode {
  return process.kind === 'offline' ? 'burst' : process.kind;
}

/**
 * Reads every file of a run and builds its requests, as the Simulate view does: the
 * first `limit` requests in arrival order, outputs over the scheme's maximum cut to
 * it, and the arrival process applied. Each request's id is its line in the file
 * (its record for a JSON array).
 */
export function readRunInputs(options: CliOptions): RunInputs {
  const { trace, text } = readTrace(options.requestsFile);
  if (!trace.hasOutputLengths) {
    throw new UsageError(`--requests ${options.requestsFile} has no output lengths, which the simulator needs; use a trace with output_tokens`);
  }
  const latencyTable = options.latencyTableFile === null ? null : readLatencyTable(options.latencyTableFile);
  const card = options.confusionFile === null ? null : readModelCard(options.confusionFile);
  const scheme: BucketScheme = card?.buckets ?? S3_DEFAULT_SCHEME;
  const selected: readonly TraceRequest[] = selectRequests(trace, options.limit ?? trace.requests.length);
  const fields = trace.format === 'jsonl' ? readPredictionFields(options.requestsFile, text, scheme) : new Map<number, PredictionFields>();

  const missing = selected.filter((request) => fields.get(request.line)?.predictedBucket === undefined);
  let predictions: PredictionSource = { source: 'trace' };
  const buckets = new Int32Array(selected.length);
  const probabilities: (readonly number[] | null)[] = selected.map((request) => fields.get(request.line)?.bucketProbabilities ?? null);
  selected.forEach((request, index) => {
    buckets[index] = fields.get(request.line)?.predictedBucket ?? 0;
  });
  if (missing.length > 0 && readsBuckets(options)) {
    if (card === null) {
      throw new UsageError(`${missing.length} requests have no predicted_bucket; pass --confusion model-card.json to draw them`);
    }
    const matrix = card.test_metrics.confusion_matrix;
    const drawn = drawPredictedBuckets(
      missing.map((request) => request.outputTokens ?? 0),
      scheme,
      matrix,
      options.predictionSeed,
    );
    const posterior = posteriorBucketProbabilities(matrix, numBuckets(scheme));
    let drawIndex = 0;
    selected.forEach((request, index) => {
      if (fields.get(request.line)?.predictedBucket !== undefined) return;
      const bucket = drawn.buckets[drawIndex]!;
      drawIndex += 1;
      buckets[index] = bucket;
      probabilities[index] ??= posterior[bucket] ?? null;
    });
    predictions = {
      source: options.confusionFile!,
      seed: options.predictionSeed,
      drawn: missing.length,
      emptyRows: drawn.emptyRows,
      fallbackRequests: drawn.fallbackRequests,
    };
  } else if (missing.length > 0) {
    predictions = { source: 'none', note: 'no chosen policy reads predicted buckets' };
  }

  const prepared = buildSimRequests(selected, buckets, scheme, arrivalModeOf(options.arrivals), probabilities);
  const withLineIds = prepared.requests.map((request, index) => ({ ...request, id: selected[index]!.line }));
  const requests = options.sweepRates === null ? assignArrivals(withLineIds, options.arrivals, options.arrivalSeed) : withLineIds;
  return {
    trace,
    scheme,
    requests,
    cappedOutputs: prepared.cappedOutputs,
    predictions,
    latencyTable,
  };
}
