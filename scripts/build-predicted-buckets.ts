/**
 * Runs the shipped length predictor (the same ONNX file and tokenizer the browser
 * loads, in onnxruntime-node) on every prompt of public/traces/alpaca-test-2000.jsonl
 * and writes public/traces/alpaca-test-2000.predicted.json, which the Reproduce view
 * reads instead of predicting 2,000 prompts in the browser.
 *
 *   npx tsx scripts/build-predicted-buckets.ts [--variant int8|q4]
 *
 * The variant defaults to the one the model card prefers for WASM. Rerun it after the
 * shipped model or the trace changes; `src/traces/predictedBuckets.test.ts` fails until then.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { softmax } from '../src/predictor/inference.ts';
import type { ModelCard } from '../src/predictor/modelCard.ts';
import { loadNodePredictor } from '../src/predictor/nodePredictor.ts';
import { SHIPPED_MODEL_ID } from '../src/app/predictor/modelLocation.ts';
import { parseTrace } from '../src/traces/index.ts';
import {
  formatPredictedBuckets,
  PREDICTED_BUCKETS_COMMAND,
  PREDICTED_BUCKETS_FILE,
  PREDICTED_BUCKETS_FORMAT,
  PREDICTED_TRACE_FILE,
  PROBABILITY_DECIMALS,
  roundProbability,
  type FileFingerprint,
  type PredictedBucketsFile,
} from '../src/traces/predictedBuckets.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SHIPPED_MODEL_DIR = join(ROOT, 'public', 'models', SHIPPED_MODEL_ID);
export const TRACE_PATH = join(ROOT, 'public', 'traces', PREDICTED_TRACE_FILE);
export const PREDICTED_BUCKETS_PATH = join(ROOT, 'public', 'traces', PREDICTED_BUCKETS_FILE);

/** Returns the name, size and SHA-256 of a file. */
export function fingerprintFile(path: string): FileFingerprint {
  const content = readFileSync(path);
  return { file: basename(path), bytes: content.length, sha256: createHash('sha256').update(content).digest('hex') };
}

/** Returns `onnxruntime-node <version>`, read from the installed package. */
export function onnxRuntimeLabel(): string {
  const require = createRequire(import.meta.url);
  const { version } = require('onnxruntime-node/package.json') as { version: string };
  return `onnxruntime-node ${version}`;
}

/** Returns the trace's prompts in file order. Throws when a record has no prompt text. */
export function tracePrompts(tracePath: string): string[] {
  const trace = parseTrace(basename(tracePath), readFileSync(tracePath, 'utf8'));
  return trace.requests.map((request) => {
    if (request.prompt === undefined) throw new Error(`${tracePath} line ${request.line} has no prompt text to predict`);
    return request.prompt;
  });
}

export interface PredictedRows {
  readonly buckets: number[];
  readonly probabilities: number[][];
}

/** Predicts `prompts` and returns each bucket (argmax of the logits) and rounded probabilities. */
export async function predictRows(
  prompts: readonly string[],
  variant?: string,
): Promise<PredictedRows & { readonly variant: string; readonly card: ModelCard }> {
  const predictor = await loadNodePredictor(SHIPPED_MODEL_DIR, variant);
  try {
    const predictions = await predictor.predict(prompts);
    return {
      variant: predictor.variant,
      card: predictor.card,
      buckets: predictions.map((prediction) => prediction.bucket),
      probabilities: predictions.map((prediction) => softmax(prediction.logits).map(roundProbability)),
    };
  } finally {
    await predictor.release();
  }
}

/** Predicts every prompt of the shipped trace and returns the file content. */
export async function buildPredictedBuckets(variant?: string): Promise<PredictedBucketsFile> {
  const prompts = tracePrompts(TRACE_PATH);
  const rows = await predictRows(prompts, variant);
  const { card } = rows;
  const modelFile = card.variants.find((candidate) => candidate.name === rows.variant)!.file;
  return {
    format: PREDICTED_BUCKETS_FORMAT,
    command: PREDICTED_BUCKETS_COMMAND,
    trace: { ...fingerprintFile(TRACE_PATH), records: prompts.length },
    model: {
      id: card.id,
      variant: rows.variant,
      runtime: onnxRuntimeLabel(),
      ...fingerprintFile(join(SHIPPED_MODEL_DIR, modelFile)),
    },
    scheme: { name: card.buckets.name, edges: [...card.buckets.edges] },
    probabilityDecimals: PROBABILITY_DECIMALS,
    buckets: rows.buckets,
    probabilities: rows.probabilities,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { variant: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(`Usage: ${PREDICTED_BUCKETS_COMMAND} [--variant NAME]\n` +
      `Predicts every prompt of public/traces/${PREDICTED_TRACE_FILE} with the shipped model and writes ${PREDICTED_BUCKETS_PATH}.\n` +
      '--variant  model variant of the model card (default: the one it prefers for WASM)');
    return;
  }
  const started = performance.now();
  const file = await buildPredictedBuckets(values.variant);
  writeFileSync(PREDICTED_BUCKETS_PATH, formatPredictedBuckets(file));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `wrote ${PREDICTED_BUCKETS_PATH}: ${file.buckets.length} requests, model ${file.model.id} (${file.model.file}), ${seconds} s`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
