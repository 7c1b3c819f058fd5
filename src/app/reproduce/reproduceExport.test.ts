import { beforeAll, describe, expect, it } from 'vitest';
import { S3_DEFAULT_SCHEME } from '../../predictor/buckets.ts';
import { reproduceS3, type S3Inputs, type S3Reproduction } from '../../sim/reproduction.ts';
import { runJobAtOnce } from '../../sim/reproductionRuns.ts';
import { compareVllm, DEFAULT_VLLM_SETUP, type VllmComparison } from '../../sim/vllmComparison.ts';
import type { PredictedBucketsFile } from '../../traces/predictedBuckets.ts';
import { reproductionJson, s3TableCsv, sensitivityCsv, vllmOrderCsv, vllmSweepCsv } from './reproduceExport.ts';

const LENGTHS = Array.from({ length: 120 }, (_, index) => ({ promptTokens: 5 + (index % 40), outputTokens: index % 7 === 0 ? 0 : 10 + ((index * 53) % 900) }));
const INPUTS: S3Inputs = {
  lengths: LENGTHS,
  predictedBuckets: LENGTHS.map(() => 0),
  probabilities: LENGTHS.map(() => [0.9, 0.1, 0, 0, 0, 0, 0, 0, 0, 0]),
  scheme: S3_DEFAULT_SCHEME,
};
const PREDICTED: PredictedBucketsFile = {
  format: 's3-predicted-buckets/1',
  command: 'npx tsx scripts/build-predicted-buckets.ts',
  trace: { file: 't.jsonl', bytes: 1, sha256: 'a'.repeat(64), records: LENGTHS.length },
  model: { id: 'm', variant: 'int8', runtime: 'onnxruntime-node', file: 'model.int8.onnx', bytes: 1, sha256: 'b'.repeat(64) },
  scheme: S3_DEFAULT_SCHEME,
  probabilityDecimals: 4,
  buckets: INPUTS.predictedBuckets,
  probabilities: INPUTS.probabilities,
};

function lines(csv: string): string[] {
  return csv.trimEnd().split('\r\n');
}

describe('reproduction exports', () => {
  let s3: S3Reproduction;
  let vllm: VllmComparison;

  beforeAll(async () => {
    s3 = await reproduceS3(INPUTS, runJobAtOnce, () => {}, { models: ['gptj-6b', 'llama-33b'] });
    vllm = await compareVllm([{ id: 'synthetic', file: 'synthetic', lengths: LENGTHS }], runJobAtOnce, () => {}, {
      ...DEFAULT_VLLM_SETUP,
      requestCount: 100,
      minArrivalSpanS: 10,
      ratesPerOctave: 1,
    });
  }, 60_000);

  it('writes one S³ table row per model and marks the highest', () => {
    const rows = lines(s3TableCsv(s3));
    expect(rows).toHaveLength(3);
    expect(rows[0]!.split(',').at(-1)).toBe('highest_ratio');
    expect(rows.slice(1).filter((row) => row.endsWith(',true'))).toHaveLength(1);
  });

  it('writes one assumption row per model and change', () => {
    expect(lines(sensitivityCsv(s3, S3_DEFAULT_SCHEME))).toHaveLength(1 + s3.sensitivity.length);
  });

  it('writes every sweep point and one order row per workload', () => {
    const workload = vllm.workloads[0]!;
    expect(lines(vllmSweepCsv(workload))).toHaveLength(1 + workload.points.length);
    const order = lines(vllmOrderCsv(vllm, 0.1));
    expect(order).toHaveLength(2);
    expect(order[1]!.startsWith('synthetic,0.1,')).toBe(true);
  });

  it('writes JSON with null for numbers that have no JSON form', () => {
    const parsed = JSON.parse(reproductionJson(PREDICTED, s3, vllm, Number.NaN)) as { vllm: { thresholdSPerToken: unknown } };
    expect(parsed.vllm.thresholdSPerToken).toBeNull();
  });
});
