/**
 * Replays a trace through the KV-cache scheduling simulator and prints a summary
 * table per policy, then a latency table, or with --sweep-rates a latency-against-load table.
 *
 * Input: JSON lines with `prompt_tokens` and `output_tokens`, and optionally
 * `arrival_time` (seconds, default 0), `predicted_bucket` and `bucket_probabilities`
 * (one probability per bucket). Requests without a predicted bucket get one drawn
 * from the confusion matrix of `--confusion`, with probabilities from the same matrix.
 *
 * Usage (from the repository root):
 *   npm run simulate -- --requests public/traces/alpaca-test-2000.jsonl --policy all \
 *     --confusion public/models/minilm-l6-alpaca-s3/model-card.json --out report.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { S3_DEFAULT_SCHEME, numBuckets, type BucketScheme } from '../src/predictor/buckets.ts';
import type { ModelCard } from '../src/predictor/modelCard.ts';
import {
  ADMISSION_RULES,
  assignArrivals,
  DEFAULT_BLOCK_SIZE_TOKENS,
  DEFAULT_S3_EPSILON,
  DEFAULT_SJF_AGING_S,
  drawPredictedBuckets,
  formatArrivalProcess,
  GPU_PRESET_IDS,
  MODEL_PRESET_IDS,
  parseArrivalProcess,
  POLICY_NAMES,
  posteriorBucketProbabilities,
  S3_ALLOCATION_RULES,
  S3_OVERFLOW_RULES,
  simulate,
  sweepRequestRate,
  throughputRatio,
  type AdmissionRule,
  type GpuPresetId,
  type LatencySlo,
  type ModelPresetId,
  type Percentiles,
  type PolicyName,
  type S3AllocationRule,
  type S3OverflowRule,
  type SimConfig,
  type SimRequest,
  type SimResult,
  type SweepPoint,
} from '../src/sim/index.ts';

const USAGE = `Usage: npm run simulate -- --requests FILE.jsonl [options]

  --requests FILE       JSON lines: prompt_tokens, output_tokens, optional arrival_time (s), predicted_bucket
                        and bucket_probabilities
  --policy NAMES        comma-separated policies from ${POLICY_NAMES.join(', ')}, or all (default all)
  --model ID            model preset: ${MODEL_PRESET_IDS.join(', ')} (default gptj-6b)
  --gpu ID              GPU preset: ${GPU_PRESET_IDS.join(', ')} (default a100-80gb)
  --confusion FILE      model-card.json whose bucket edges and test confusion matrix are used to draw
                        predicted buckets for lines without predicted_bucket (default scheme: ${S3_DEFAULT_SCHEME.name})
  --seed N              seed for drawing predicted buckets (default 0)
  --admission RULE      ${ADMISSION_RULES.join(', ')} (default first-fit, and fcfs for paged)
  --arrivals PROCESS    offline, trace, poisson:RATE or gamma:RATE:CV, RATE in requests/s (default trace:
                        the arrival_time field, 0 when absent)
  --arrival-seed N      seed of Poisson and Gamma arrivals and of sweeps (default 1)
  --s3-allocation RULE  ${S3_ALLOCATION_RULES.join(', ')} (default most-likely)
  --epsilon E           tail probability the cumulative rule leaves uncovered, in [0, 1) (default ${DEFAULT_S3_EPSILON})
  --s3-overflow RULE    ${S3_OVERFLOW_RULES.join(', ')} (default preempt)
  --block-size N        tokens per KV block under paged (default ${DEFAULT_BLOCK_SIZE_TOKENS})
  --sjf                 order the queue shortest predicted output first
  --sjf-aging-s S       seconds a request waits under --sjf before it is promoted (default ${DEFAULT_SJF_AGING_S})
  --slo-ms N            end-to-end latency SLO in milliseconds; prints the share of requests that meet it
  --slo-ttft-ms N       time-to-first-token SLO in milliseconds
  --sweep-rates LIST    comma-separated Poisson rates in requests/s: replay the trace at each rate and print
                        latency percentiles and throughput per policy and rate instead of one run
  --out FILE            write the full results as JSON`;

class UsageError extends Error {}

interface TraceLine {
  readonly lineNumber: number;
  readonly promptTokens: number;
  readonly outputTokens: number;
  readonly arrivalTimeS: number;
  readonly predictedBucket: number | undefined;
  readonly bucketProbabilities: readonly number[] | undefined;
}

function pick<T extends string>(value: string, allowed: readonly T[], option: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${option} must be one of: ${allowed.join(', ')}; got "${value}"`);
  }
  return value as T;
}

function positiveNumber(value: string, option: string): number {
  const parsed = Number(value);
  if (!(Number.isFinite(parsed) && parsed > 0)) throw new UsageError(`--${option} must be a number > 0, got "${value}"`);
  return parsed;
}

function readTrace(path: string): TraceLine[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const trace: TraceLine[] = [];
  lines.forEach((text, index) => {
    if (text.trim() === '') return;
    const where = `${path} line ${index + 1}`;
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      throw new UsageError(`${where}: invalid JSON (${String(error)})`);
    }
    const number = (field: string, fallback?: number): number => {
      const value = record[field] ?? fallback;
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new UsageError(`${where}: field "${field}" must be a number, got ${JSON.stringify(record[field])}`);
      }
      return value;
    };
    const probabilities = record['bucket_probabilities'];
    if (probabilities !== undefined && !(Array.isArray(probabilities) && probabilities.every((value) => typeof value === 'number'))) {
      throw new UsageError(`${where}: field "bucket_probabilities" must be an array of numbers, got ${JSON.stringify(probabilities)}`);
    }
    trace.push({
      lineNumber: index + 1,
      promptTokens: number('prompt_tokens'),
      outputTokens: number('output_tokens'),
      arrivalTimeS: number('arrival_time', 0),
      predictedBucket: record['predicted_bucket'] === undefined ? undefined : number('predicted_bucket'),
      bucketProbabilities: probabilities as number[] | undefined,
    });
  });
  return trace;
}

function readModelCard(path: string): ModelCard {
  const card = JSON.parse(readFileSync(path, 'utf8')) as Partial<ModelCard>;
  if (!Array.isArray(card.buckets?.edges) || !Array.isArray(card.test_metrics?.confusion_matrix)) {
    throw new UsageError(`${path} has no buckets.edges or test_metrics.confusion_matrix; expected a model-card.json`);
  }
  return card as ModelCard;
}

function formatRow(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((cell, index) => cell.padStart(widths[index] ?? 10)).join(' ');
}

function printSummary(results: readonly SimResult[]): void {
  const widths = [10, 11, 9, 11, 11, 10, 12, 10, 10, 12, 13];
  const baseline = results.find((result) => result.policy === 'max-length');
  console.log(
    formatRow(
      ['policy', 'makespan s', 'seq/s', 'tokens/s', 'preempted', 'extended', 'recomputed', 'mean batch', 'peak batch', 'unused KV', 'vs max-length'],
      widths,
    ),
  );
  for (const result of results) {
    const ratio = baseline ? `${throughputRatio(result, baseline).toFixed(2)}x` : '-';
    console.log(
      formatRow(
        [
          result.policy,
          result.makespanS.toFixed(1),
          result.throughputSequencesPerS.toFixed(2),
          result.throughputOutputTokensPerS.toFixed(0),
          String(result.preemptions),
          String(result.inPlaceExtensions),
          String(result.recomputedTokens),
          result.meanBatchSize.toFixed(1),
          String(result.peakBatchSize),
          `${(100 * result.meanUnusedReservedShare).toFixed(1)}%`,
          ratio,
        ],
        widths,
      ),
    );
  }
}

/** Formats p50 / p90 / p99 in seconds, or milliseconds for values under a second. */
function percentileCell(percentiles: Percentiles, unit: 's' | 'ms'): string {
  const scale = unit === 'ms' ? 1000 : 1;
  const digits = unit === 'ms' ? 1 : 2;
  return [percentiles.p50, percentiles.p90, percentiles.p99].map((value) => (Number.isFinite(value) ? (value * scale).toFixed(digits) : '-')).join('/');
}

function sloCell(attainment: number | null): string {
  return attainment === null ? '-' : `${(100 * attainment).toFixed(1)}%`;
}

function printLatency(results: readonly SimResult[]): void {
  const widths = [10, 24, 22, 24, 9];
  console.log('\nlatency percentiles p50/p90/p99');
  console.log(formatRow(['policy', 'TTFT s', 'TPOT ms', 'E2E s', 'SLO met'], widths));
  for (const result of results) {
    const { ttftS, tpotS, e2eS } = result.latency;
    console.log(
      formatRow([result.policy, percentileCell(ttftS, 's'), percentileCell(tpotS, 'ms'), percentileCell(e2eS, 's'), sloCell(result.sloAttainment)], widths),
    );
  }
}

function printSweep(points: readonly SweepPoint[]): void {
  const widths = [10, 8, 9, 24, 22, 24, 9];
  console.log(formatRow(['policy', 'rate/s', 'seq/s', 'TTFT s', 'TPOT ms', 'E2E s', 'SLO met'], widths));
  for (const point of points) {
    const { ttftS, tpotS, e2eS } = point.latency;
    console.log(
      formatRow(
        [
          point.policy,
          String(point.ratePerS),
          point.throughputSequencesPerS.toFixed(2),
          percentileCell(ttftS, 's'),
          percentileCell(tpotS, 'ms'),
          percentileCell(e2eS, 's'),
          sloCell(point.sloAttainment),
        ],
        widths,
      ),
    );
  }
}

function parsePolicies(text: string): readonly PolicyName[] {
  if (text === 'all') return POLICY_NAMES;
  const names = text.split(',').map((name) => pick(name.trim(), POLICY_NAMES, 'policy'));
  return [...new Set(names)];
}

function parseSlo(e2eMs: string | undefined, ttftMs: string | undefined): LatencySlo | undefined {
  if (e2eMs === undefined && ttftMs === undefined) return undefined;
  return {
    ...(e2eMs === undefined ? {} : { e2eS: positiveNumber(e2eMs, 'slo-ms') / 1000 }),
    ...(ttftMs === undefined ? {} : { ttftS: positiveNumber(ttftMs, 'slo-ttft-ms') / 1000 }),
  };
}

function main(): void {
  const { values } = parseArgs({
    options: {
      requests: { type: 'string' },
      policy: { type: 'string', default: 'all' },
      model: { type: 'string', default: 'gptj-6b' },
      gpu: { type: 'string', default: 'a100-80gb' },
      confusion: { type: 'string' },
      seed: { type: 'string', default: '0' },
      admission: { type: 'string' },
      arrivals: { type: 'string', default: 'trace' },
      'arrival-seed': { type: 'string', default: '1' },
      's3-allocation': { type: 'string', default: 'most-likely' },
      epsilon: { type: 'string', default: String(DEFAULT_S3_EPSILON) },
      's3-overflow': { type: 'string', default: 'preempt' },
      'block-size': { type: 'string', default: String(DEFAULT_BLOCK_SIZE_TOKENS) },
      sjf: { type: 'boolean', default: false },
      'sjf-aging-s': { type: 'string', default: String(DEFAULT_SJF_AGING_S) },
      'slo-ms': { type: 'string' },
      'slo-ttft-ms': { type: 'string' },
      'sweep-rates': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.requests === undefined) throw new UsageError('missing --requests FILE');
  const policies = parsePolicies(values.policy);
  const modelId = pick<ModelPresetId>(values.model, MODEL_PRESET_IDS, 'model');
  const gpuId = pick<GpuPresetId>(values.gpu, GPU_PRESET_IDS, 'gpu');
  const admission = values.admission === undefined ? undefined : pick<AdmissionRule>(values.admission, ADMISSION_RULES, 'admission');
  const s3Allocation = pick<S3AllocationRule>(values['s3-allocation'], S3_ALLOCATION_RULES, 's3-allocation');
  const s3Overflow = pick<S3OverflowRule>(values['s3-overflow'], S3_OVERFLOW_RULES, 's3-overflow');
  const s3Epsilon = Number(values.epsilon);
  if (!(s3Epsilon >= 0 && s3Epsilon < 1)) throw new UsageError(`--epsilon must be a number in [0, 1), got "${values.epsilon}"`);
  const blockSizeTokens = Number(values['block-size']);
  if (!(Number.isSafeInteger(blockSizeTokens) && blockSizeTokens >= 1)) {
    throw new UsageError(`--block-size must be an integer >= 1, got "${values['block-size']}"`);
  }
  const sjfAgingS = positiveNumber(values['sjf-aging-s'], 'sjf-aging-s');
  const slo = parseSlo(values['slo-ms'], values['slo-ttft-ms']);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got "${values.seed}"`);
  const arrivalSeed = Number(values['arrival-seed']);
  if (!Number.isInteger(arrivalSeed)) throw new UsageError(`--arrival-seed must be an integer, got "${values['arrival-seed']}"`);
  const arrivals = parseArrivalProcess(values.arrivals);
  const sweepRates = values['sweep-rates']?.split(',').map((rate) => positiveNumber(rate.trim(), 'sweep-rates'));

  const trace = readTrace(values.requests);
  const card = values.confusion ? readModelCard(values.confusion) : undefined;
  const scheme: BucketScheme = card ? card.buckets : S3_DEFAULT_SCHEME;
  const missing = trace.filter((line) => line.predictedBucket === undefined);
  const readsBuckets = policies.includes('s3') || (values.sjf && policies.some((policy) => policy !== 'oracle'));
  let drawn: ReturnType<typeof drawPredictedBuckets> | undefined;
  let posterior: (readonly number[] | null)[] | undefined;
  if (missing.length > 0 && readsBuckets) {
    if (!card) {
      throw new UsageError(`${missing.length} lines have no predicted_bucket; pass --confusion model-card.json to draw them`);
    }
    drawn = drawPredictedBuckets(
      missing.map((line) => line.outputTokens),
      scheme,
      card.test_metrics.confusion_matrix,
      seed,
    );
    posterior = posteriorBucketProbabilities(card.test_metrics.confusion_matrix, numBuckets(scheme));
  }

  let drawIndex = 0;
  const traceRequests: SimRequest[] = trace.map((line) => {
    const drawnBucket = line.predictedBucket === undefined ? drawn?.buckets[drawIndex++] : undefined;
    const probabilities = line.bucketProbabilities ?? (drawnBucket === undefined ? undefined : posterior?.[drawnBucket] ?? undefined);
    return {
      id: line.lineNumber,
      arrivalTimeS: line.arrivalTimeS,
      promptTokens: line.promptTokens,
      outputTokens: line.outputTokens,
      predictedBucket: line.predictedBucket ?? drawnBucket ?? 0,
      ...(probabilities === undefined ? {} : { bucketProbabilities: probabilities }),
    };
  });
  const requests = assignArrivals(traceRequests, arrivals, arrivalSeed);
  console.log(
    `${requests.length} requests from ${values.requests}; each request's id is its line number; arrivals: ${formatArrivalProcess(arrivals)}`,
  );
  if (drawn) {
    console.log(`drew ${missing.length} predicted buckets from ${values.confusion} (seed ${seed})`);
    if (drawn.emptyRows.length > 0) {
      console.log(
        `confusion matrix rows ${drawn.emptyRows.join(', ')} have no counts, so ${drawn.fallbackRequests} ` +
          'requests were given their true bucket',
      );
    }
  }

  const configs: SimConfig[] = policies.map((policy) => ({
    policy,
    modelId,
    gpuId,
    scheme,
    s3Allocation,
    s3Epsilon,
    s3Overflow,
    blockSizeTokens,
    ordering: values.sjf ? 'sjf' : 'fcfs',
    sjfAgingS,
    ...(admission === undefined ? {} : { admission }),
    ...(slo === undefined ? {} : { slo }),
  }));

  if (sweepRates !== undefined) {
    const points = sweepRequestRate(requests, configs, sweepRates, { seed: arrivalSeed });
    printSweep(points);
    if (values.out) {
      writeFileSync(values.out, JSON.stringify({ requestsFile: values.requests, modelId, gpuId, scheme, configs, points }, null, 2));
      console.log(`wrote ${values.out}`);
    }
    return;
  }

  const results = configs.map((config) => simulate(requests, config));
  printSummary(results);
  printLatency(results);
  const fallbacks = results.find((result) => result.policy === 's3')?.allocationFallbacks ?? 0;
  if (s3Allocation === 'cumulative' && fallbacks > 0) {
    console.log(`${fallbacks} requests had no bucket_probabilities, so S3 allocated their predicted bucket's edge`);
  }

  if (values.out) {
    const report = {
      requestsFile: values.requests,
      modelId,
      gpuId,
      scheme,
      arrivals: formatArrivalProcess(arrivals),
      predictions: drawn
        ? { source: values.confusion, seed, drawn: missing.length, emptyRows: drawn.emptyRows, fallbackRequests: drawn.fallbackRequests }
        : { source: 'trace' },
      results: results.map((result) => ({
        ...result,
        finishTimesS: Array.from(result.finishTimesS),
        firstTokenTimesS: Array.from(result.firstTokenTimesS),
      })),
    };
    writeFileSync(values.out, JSON.stringify(report, null, 2));
    console.log(`wrote ${values.out}`);
  }
}

try {
  main();
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`simulate: ${error.message}\n\n${USAGE}`);
  } else {
    console.error(`simulate: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exit(1);
}
