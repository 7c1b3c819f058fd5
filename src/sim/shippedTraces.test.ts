/**
 * Checks the expected throughput orders oracle ≥ S³ ≥ max-length and
 * paged ≥ max-length on the real sample traces shipped with the app. Predictions
 * are made the way the app makes them. The shipped model (in onnxruntime-node)
 * predicts the Alpaca prompts, and the Azure trace, which has no prompts, gets
 * draws from the card's confusion matrix. The orders are expectations on real
 * workloads, not laws; the counterexamples found by random search are kept in
 * workload.test.ts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSimRequests } from '../app/simulate/simInputs.ts';
import type { BucketScheme } from '../predictor/buckets.ts';
import { loadNodePredictor } from '../predictor/nodePredictor.ts';
import { parseTrace } from '../traces/index.ts';
import { drawPredictedBuckets, simulate, throughputRatio, type PolicyName, type SimRequest, type SimResult } from './index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MODEL_DIR = `${ROOT}public/models/minilm-l6-alpaca-s3/`;
const CONFUSION_SEED = 7;
/** Requests of the Azure trace replayed offline; the first hour has 19,366. */
const AZURE_REQUESTS = 5_000;

function runAll(requests: readonly SimRequest[], scheme: BucketScheme): Record<PolicyName, SimResult> {
  const run = (policy: PolicyName) => simulate(requests, { policy, modelId: 'gptj-6b', gpuId: 'a100-80gb', scheme });
  return { 'max-length': run('max-length'), s3: run('s3'), oracle: run('oracle'), paged: run('paged') };
}

describe('throughput order on the shipped sample traces (GPT-J 6B, A100 80GB, offline)', () => {
  let alpaca: Record<PolicyName, SimResult>;
  let azure: Record<PolicyName, SimResult>;

  beforeAll(async () => {
    const predictor = await loadNodePredictor(MODEL_DIR);
    const scheme: BucketScheme = predictor.card.buckets;

    const alpacaTrace = parseTrace('alpaca-test-2000.jsonl', readFileSync(`${ROOT}public/traces/alpaca-test-2000.jsonl`, 'utf8'));
    const predictions = await predictor.predict(alpacaTrace.requests.map((request) => request.prompt ?? ''));
    await predictor.release();
    const alpacaBuckets = predictions.map((prediction) => prediction.bucket);
    alpaca = runAll(buildSimRequests(alpacaTrace.requests, alpacaBuckets, scheme, 'burst').requests, scheme);

    const azureTrace = parseTrace('azure-conv-2023.csv', readFileSync(`${ROOT}public/traces/azure-conv-2023.csv`, 'utf8'));
    const selected = azureTrace.requests.slice(0, AZURE_REQUESTS);
    const drawn = drawPredictedBuckets(
      selected.map((request) => request.outputTokens ?? 0),
      scheme,
      predictor.card.test_metrics.confusion_matrix,
      CONFUSION_SEED,
    );
    azure = runAll(buildSimRequests(selected, drawn.buckets, scheme, 'burst').requests, scheme);
  }, 240_000);

  it('orders Alpaca prompts with real predictions as oracle ≥ S³ ≥ max-length', () => {
    expect(alpaca.oracle.throughputSequencesPerS).toBeGreaterThanOrEqual(alpaca.s3.throughputSequencesPerS);
    expect(alpaca.s3.throughputSequencesPerS).toBeGreaterThanOrEqual(alpaca['max-length'].throughputSequencesPerS);
    expect(throughputRatio(alpaca.s3, alpaca['max-length'])).toBeGreaterThan(1);
  });

  it('orders the Azure conversation trace as oracle ≥ S³ ≥ max-length', () => {
    expect(azure.oracle.throughputSequencesPerS).toBeGreaterThanOrEqual(azure.s3.throughputSequencesPerS);
    expect(azure.s3.throughputSequencesPerS).toBeGreaterThanOrEqual(azure['max-length'].throughputSequencesPerS);
  });

  it('orders both traces as paged ≥ max-length', () => {
    for (const results of [alpaca, azure]) {
      expect(results.paged.throughputSequencesPerS).toBeGreaterThanOrEqual(results['max-length'].throughputSequencesPerS);
    }
  });

  it('finishes every request under every policy', () => {
    for (const results of [alpaca, azure]) {
      for (const result of Object.values(results)) {
        expect(result.finishTimesS.every((time) => Number.isFinite(time) && time > 0)).toBe(true);
      }
    }
  });
});
