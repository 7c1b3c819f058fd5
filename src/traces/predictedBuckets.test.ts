/**
 * Checks public/traces/alpaca-test-2000.predicted.json against the shipped model
 * and trace: the same model id, bucket edges, model file and trace bytes, and the same
 * predictions when onnxruntime-node runs the model again on the first prompts.
 * A new shipped model fails these tests until the file is regenerated.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  fingerprintFile,
  predictRows,
  PREDICTED_BUCKETS_PATH,
  SHIPPED_MODEL_DIR,
  TRACE_PATH,
  tracePrompts,
  type PredictedRows,
} from '../../scripts/build-predicted-buckets.ts';
import type { ModelCard } from '../predictor/modelCard.ts';
import {
  checkPredictedBuckets,
  formatPredictedBuckets,
  PREDICTED_BUCKETS_COMMAND,
  PredictedBucketsError,
  sameEdges,
  type PredictedBucketsFile,
} from './predictedBuckets.ts';

/** Prompts predicted again in the test: enough to catch a changed model, quick on two CPU cores. */
const RECHECKED_PROMPTS = 200;
/**
 * Largest allowed probability difference: half a unit of the 4th decimal from
 * rounding, plus float differences between CPUs in onnxruntime's int8 kernels.
 */
const PROBABILITY_TOLERANCE = 2e-3;

const STALE = `public/traces/alpaca-test-2000.predicted.json is stale; regenerate it with \`${PREDICTED_BUCKETS_COMMAND}\``;

const shipped = checkPredictedBuckets(JSON.parse(readFileSync(PREDICTED_BUCKETS_PATH, 'utf8')), PREDICTED_BUCKETS_PATH);
const card = JSON.parse(readFileSync(join(SHIPPED_MODEL_DIR, 'model-card.json'), 'utf8')) as ModelCard;

describe('shipped predicted buckets', () => {
  it('belong to the shipped model card', () => {
    expect(shipped.model.id, `model id differs from the model card: ${STALE}`).toBe(card.id);
    expect(sameEdges(shipped.scheme, card.buckets), `bucket edges differ from the model card: ${STALE}`).toBe(true);
    const variant = card.variants.find((candidate) => candidate.name === shipped.model.variant);
    expect(variant?.file, `the model card has no variant "${shipped.model.variant}": ${STALE}`).toBe(shipped.model.file);
  });

  it('match the model file and the trace bytes', () => {
    const model = fingerprintFile(join(SHIPPED_MODEL_DIR, shipped.model.file));
    expect(model.sha256, `${shipped.model.file} changed: ${STALE}`).toBe(shipped.model.sha256);
    expect(model.bytes, `${shipped.model.file} changed size: ${STALE}`).toBe(shipped.model.bytes);
    const trace = fingerprintFile(TRACE_PATH);
    expect(trace.sha256, `the trace changed: ${STALE}`).toBe(shipped.trace.sha256);
    expect(shipped.trace.records, `the trace has another request count: ${STALE}`).toBe(tracePrompts(TRACE_PATH).length);
  });

  describe(`prediction of the first ${RECHECKED_PROMPTS} prompts again`, () => {
    let again: PredictedRows;

    beforeAll(async () => {
      again = await predictRows(tracePrompts(TRACE_PATH).slice(0, RECHECKED_PROMPTS), shipped.model.variant);
    }, 120_000);

    it('gives the same buckets', () => {
      const differing = again.buckets.flatMap((bucket, index) => (bucket === shipped.buckets[index] ? [] : [index]));
      expect(differing, `requests whose bucket differs: ${STALE}`).toEqual([]);
    });

    it('gives the same probabilities', () => {
      let largestGap = 0;
      again.probabilities.forEach((row, index) => {
        row.forEach((probability, bucket) => {
          largestGap = Math.max(largestGap, Math.abs(probability - shipped.probabilities[index]![bucket]!));
        });
      });
      expect(largestGap, `largest probability difference: ${STALE}`).toBeLessThanOrEqual(PROBABILITY_TOLERANCE);
    });
  });
});

describe('checkPredictedBuckets', () => {
  const valid: PredictedBucketsFile = {
    format: 's3-predicted-buckets/1',
    command: PREDICTED_BUCKETS_COMMAND,
    trace: { file: 't.jsonl', bytes: 10, sha256: 'a'.repeat(64), records: 2 },
    model: { id: 'm', variant: 'int8', runtime: 'onnxruntime-node 1', file: 'model.int8.onnx', bytes: 5, sha256: 'b'.repeat(64) },
    scheme: { name: 's', edges: [0, 10, 20] },
    probabilityDecimals: 4,
    buckets: [0, 1],
    probabilities: [
      [0.9, 0.1],
      [0.2, 0.8],
    ],
  };

  it('reads back what formatPredictedBuckets writes', () => {
    expect(checkPredictedBuckets(JSON.parse(formatPredictedBuckets(valid)), 'x.json')).toEqual(valid);
  });

  it('rejects another format version', () => {
    expect(() => checkPredictedBuckets({ ...valid, format: 's3-predicted-buckets/2' }, 'x.json')).toThrow(PredictedBucketsError);
  });

  it('rejects a bucket outside the scheme', () => {
    expect(() => checkPredictedBuckets({ ...valid, buckets: [0, 2] }, 'x.json')).toThrow(/buckets\[1\]/);
  });

  it('rejects a row count that differs from the trace', () => {
    expect(() => checkPredictedBuckets({ ...valid, buckets: [0] }, 'x.json')).toThrow(/2 entries/);
  });

  it('rejects a probability row of the wrong width', () => {
    expect(() => checkPredictedBuckets({ ...valid, probabilities: [[1], [0.5, 0.5]] }, 'x.json')).toThrow(/probabilities\[0\]/);
  });

  it('rejects a malformed hash', () => {
    expect(() => checkPredictedBuckets({ ...valid, model: { ...valid.model, sha256: 'xyz' } }, 'x.json')).toThrow(/model.sha256/);
  });
});
