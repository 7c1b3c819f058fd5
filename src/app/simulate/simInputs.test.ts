import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { S3_DEFAULT_SCHEME } from '../../predictor/buckets.ts';
import type { ModelCard } from '../../predictor/modelCard.ts';
import { drawPredictedBuckets, POLICY_NAMES, simulate, throughputRatio } from '../../sim/index.ts';
import { parseTrace } from '../../traces/index.ts';
import { buildSimRequests, selectRequests, trueOutputLengths } from './simInputs.ts';

const AZURE_TRACE = new URL('../../../public/traces/azure-conv-2023.csv', import.meta.url);
const MODEL_CARD = new URL('../../../public/models/minilm-l6-alpaca-s3/model-card.json', import.meta.url);

describe('buildSimRequests', () => {
  const trace = parseTrace(
    't.jsonl',
    '{"prompt_tokens":5,"output_tokens":10,"arrival_time":0}\n{"prompt_tokens":6,"output_tokens":5000,"arrival_time":1.5}\n',
  );

  it('numbers requests in order and keeps arrival times', () => {
    const { requests } = buildSimRequests(trace.requests, [0, 9], S3_DEFAULT_SCHEME, 'trace');
    expect(requests.map((request) => [request.id, request.arrivalTimeS])).toEqual([
      [0, 0],
      [1, 1.5],
    ]);
  });

  it('cuts output lengths to the last edge and counts them', () => {
    const prepared = buildSimRequests(trace.requests, [0, 9], S3_DEFAULT_SCHEME, 'trace');
    expect(prepared.requests[1]!.outputTokens).toBe(2048);
    expect(prepared.cappedOutputs).toBe(1);
  });

  it('puts every arrival at 0 in burst mode', () => {
    const { requests } = buildSimRequests(trace.requests, [0, 9], S3_DEFAULT_SCHEME, 'burst');
    expect(requests.every((request) => request.arrivalTimeS === 0)).toBe(true);
  });

  it('rejects too few predicted buckets', () => {
    expect(() => buildSimRequests(trace.requests, [0], S3_DEFAULT_SCHEME, 'trace')).toThrow(RangeError);
  });

  it('rejects a request without an output length', () => {
    const promptsOnly = parseTrace('p.jsonl', '{"prompt":"hello"}\n');
    expect(() => buildSimRequests(promptsOnly.requests, [0], S3_DEFAULT_SCHEME, 'trace')).toThrow(/no output length/);
  });
});

describe('selectRequests', () => {
  it('takes the first requests up to the limit', () => {
    const trace = parseTrace('t.jsonl', '{"output_tokens":1}\n{"output_tokens":2}\n{"output_tokens":3}\n');
    expect(trueOutputLengths(selectRequests(trace, 2))).toEqual([1, 2]);
    expect(selectRequests(trace, 10)).toHaveLength(3);
  });
});

describe('Azure sample through the simulator', () => {
  it('runs every policy on the first 300 requests, saturated', () => {
    const trace = parseTrace('azure-conv-2023.csv', readFileSync(AZURE_TRACE, 'utf8'));
    const card = JSON.parse(readFileSync(MODEL_CARD, 'utf8')) as ModelCard;
    const selected = selectRequests(trace, 300);
    const drawn = drawPredictedBuckets(trueOutputLengths(selected), card.buckets, card.test_metrics.confusion_matrix, 1);
    const { requests } = buildSimRequests(selected, drawn.buckets, card.buckets, 'burst');
    const results = Object.fromEntries(
      POLICY_NAMES.map((policy) => [policy, simulate(requests, { policy, modelId: 'gptj-6b', gpuId: 'a100-80gb', scheme: card.buckets })]),
    );

    for (const policy of POLICY_NAMES) {
      expect(results[policy]!.requests, policy).toBe(300);
      expect(results[policy]!.throughputSequencesPerS, policy).toBeGreaterThan(0);
    }
    expect(results['oracle']!.preemptions).toBe(0);
    expect(throughputRatio(results['oracle']!, results['max-length']!)).toBeGreaterThanOrEqual(1);
  });
});
