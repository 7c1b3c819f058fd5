/**
 * Replays a trace through the KV-cache scheduling simulator and prints a summary
 * table per policy.
 *
 * Input: JSON lines with `prompt_tokens` and `output_tokens`, and optionally
 * `arrival_time` (seconds, default 0) and `predicted_bucket`. Requests without a
 * predicted bucket get one drawn from the confusion matrix of `--confusion`.
 *
 * Usage (from the repository root):
 *   npm run simulate -- --requests public/traces/alpaca-test-2000.jsonl --policy all \
 *     --confusion public/models/minilm-l6-alpaca-s3/model-card.json --out report.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { S3_DEFAULT_SCHEME, type BucketScheme } from '../src/predictor/buckets.ts';
import type { ModelCard } from '../src/predictor/modelCard.ts';
import {
  ADMISSION_RULES,
  drawPredictedBuckets,
  GPU_PRESET_IDS,
  MODEL_PRESET_IDS,
  POLICY_NAMES,
  simulate,
  throughputRatio,
  type AdmissionRule,
  type GpuPresetId,
  type ModelPresetId,
  type PolicyName,
  type SimRequest,
  type SimResult,
} from '../src/sim/index.ts';

const USAGE = `Usage: npm run simulate -- --requests FILE.jsonl [options]

  --requests FILE     JSON lines: prompt_tokens, output_tokens, optional arrival_time (s) and predicted_bucket
  --policy NAME       ${POLICY_NAMES.join(', ')} or all (default all)
  --model ID          model preset: ${MODEL_PRESET_IDS.join(', ')} (default gptj-6b)
  --gpu ID            GPU preset: ${GPU_PRESET_IDS.join(', ')} (default a100-80gb)
  --confusion FILE    model-card.json whose bucket edges and test confusion matrix are used to draw
                      predicted buckets for lines without predicted_bucket (default scheme: ${S3_DEFAULT_SCHEME.name})
  --seed N            seed for drawing predicted buckets (default 0)
  --admission RULE    ${ADMISSION_RULES.join(', ')} (default first-fit)
  --out FILE          write the full results as JSON`;

class UsageError extends Error {}

interface TraceLine {
  readonly lineNumber: number;
  readonly promptTokens: number;
  readonly outputTokens: number;
  readonly arrivalTimeS: number;
  readonly predictedBucket: number | undefined;
}

function pick<T extends string>(value: string, allowed: readonly T[], option: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${option} must be one of: ${allowed.join(', ')}; got "${value}"`);
  }
  return value as T;
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
    trace.push({
      lineNumber: index + 1,
      promptTokens: number('prompt_tokens'),
      outputTokens: number('output_tokens'),
      arrivalTimeS: number('arrival_time', 0),
      predictedBucket: record['predicted_bucket'] === undefined ? undefined : number('predicted_bucket'),
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

function formatRow(cells: readonly string[]): string {
  const widths = [10, 11, 9, 11, 11, 12, 10, 10, 12, 13];
  return cells.map((cell, index) => cell.padStart(widths[index] ?? 10)).join(' ');
}

function printSummary(results: readonly SimResult[]): void {
  const baseline = results.find((result) => result.policy === 'max-length');
  console.log(
    formatRow(['policy', 'makespan s', 'seq/s', 'tokens/s', 'preempted', 'recomputed', 'mean batch', 'peak batch', 'unused KV', 'vs max-length']),
  );
  for (const result of results) {
    const ratio = baseline ? `${throughputRatio(result, baseline).toFixed(2)}x` : '-';
    console.log(
      formatRow([
        result.policy,
        result.makespanS.toFixed(1),
        result.throughputSequencesPerS.toFixed(2),
        result.throughputOutputTokensPerS.toFixed(0),
        String(result.preemptions),
        String(result.recomputedTokens),
        result.meanBatchSize.toFixed(1),
        String(result.peakBatchSize),
        `${(100 * result.meanUnusedReservedShare).toFixed(1)}%`,
        ratio,
      ]),
    );
  }
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
      admission: { type: 'string', default: 'first-fit' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.requests === undefined) throw new UsageError('missing --requests FILE');
  const policies: readonly PolicyName[] =
    values.policy === 'all' ? POLICY_NAMES : [pick(values.policy, POLICY_NAMES, 'policy')];
  const modelId = pick<ModelPresetId>(values.model, MODEL_PRESET_IDS, 'model');
  const gpuId = pick<GpuPresetId>(values.gpu, GPU_PRESET_IDS, 'gpu');
  const admission = pick<AdmissionRule>(values.admission, ADMISSION_RULES, 'admission');
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got "${values.seed}"`);

  const trace = readTrace(values.requests);
  const card = values.confusion ? readModelCard(values.confusion) : undefined;
  const scheme: BucketScheme = card ? card.buckets : S3_DEFAULT_SCHEME;
  const missing = trace.filter((line) => line.predictedBucket === undefined);
  let drawn: ReturnType<typeof drawPredictedBuckets> | undefined;
  if (missing.length > 0 && policies.includes('s3')) {
    if (!card) {
      throw new UsageError(`${missing.length} lines have no predicted_bucket; pass --confusion model-card.json to draw them`);
    }
    drawn = drawPredictedBuckets(
      missing.map((line) => line.outputTokens),
      scheme,
      card.test_metrics.confusion_matrix,
      seed,
    );
  }

  let drawIndex = 0;
  const requests: SimRequest[] = trace.map((line) => ({
    id: line.lineNumber,
    arrivalTimeS: line.arrivalTimeS,
    promptTokens: line.promptTokens,
    outputTokens: line.outputTokens,
    predictedBucket: line.predictedBucket ?? drawn?.buckets[drawIndex++] ?? 0,
  }));
  console.log(`${requests.length} requests from ${values.requests}; each request's id is its line number`);
  if (drawn) {
    console.log(`drew ${missing.length} predicted buckets from ${values.confusion} (seed ${seed})`);
    if (drawn.emptyRows.length > 0) {
      console.log(
        `confusion matrix rows ${drawn.emptyRows.join(', ')} have no counts, so ${drawn.fallbackRequests} ` +
          'requests were given their true bucket',
      );
    }
  }

  const results = policies.map((policy) => simulate(requests, { policy, modelId, gpuId, scheme, admission }));
  printSummary(results);

  if (values.out) {
    const report = {
      requestsFile: values.requests,
      modelId,
      gpuId,
      scheme,
      admission,
      predictions: drawn
        ? { source: values.confusion, seed, drawn: missing.length, emptyRows: drawn.emptyRows, fallbackRequests: drawn.fallbackRequests }
        : { source: 'trace' },
      results: results.map((result) => ({ ...result, finishTimesS: Array.from(result.finishTimesS) })),
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
