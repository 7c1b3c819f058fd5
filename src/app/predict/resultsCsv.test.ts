import { describe, expect, it } from 'vitest';
import { S3_DEFAULT_SCHEME } from '../../predictor/buckets.ts';
import type { ModelCard } from '../../predictor/modelCard.ts';
import type { PredictionResult } from '../../worker/predictorProtocol.ts';
import { predictionsCsv } from './resultsCsv.ts';

const probabilities = [0.9, 0.05, 0.05, 0, 0, 0, 0, 0, 0, 0];
const card = { id: 's3-model', buckets: S3_DEFAULT_SCHEME } as unknown as ModelCard;

function result(index: number, bucket: number, values = probabilities): PredictionResult {
  return { index, bucket, probabilities: values, logits: values, inputTokens: 7, elapsedMs: 3.14159 };
}

describe('predictionsCsv', () => {
  const lines = predictionsCsv(['Say "hi", please', 'Write an essay.'], [result(0, 0), result(1, 9)], card, 0.1)
    .trimEnd()
    .split('\r\n');
  const header = lines[0]!.split(',');

  it('has one column per bucket probability', () => {
    expect(header.filter((column) => column.startsWith('p_bucket_'))).toHaveLength(10);
    expect(header[0]).toBe('index');
    expect(header.at(-1)).toBe('model_id');
  });

  it('quotes prompts and writes the range, allocations and median', () => {
    // Bucket 0 has probability 0.9, which reaches 1 − 0.1, and the median is 0.5 / 0.9 of its 205 tokens.
    expect(lines[1]).toBe(
      '0,"Say ""hi"", please",0,0–204,205,205,0.1,113.9,56.9,170.8,0.9,0.05,0.05,0,0,0,0,0,0,0,7,3.142,s3-model',
    );
  });

  it('allocates the maximum length for the last bucket', () => {
    expect(lines[2]!.split(',').slice(2, 5)).toEqual(['9', '1843+', '2048']);
  });
});

describe('predictionsCsv with derived schemes', () => {
  const fine = {
    id: 'fine-model',
    buckets: { name: 'fine', edges: [0, 16, 32, 48, 64] },
    derived_schemes: { half: [0, 32, 64] },
  } as unknown as ModelCard;
  const [head, row] = predictionsCsv(['p'], [result(0, 3, [0.1, 0.2, 0.3, 0.4])], fine, 0.2).trimEnd().split('\r\n');

  it('writes the most likely bucket of each derived scheme', () => {
    const columns = head!.split(',');
    const cells = row!.split(',');
    expect(cells[columns.indexOf('bucket_half')]).toBe('1');
    expect(cells[columns.indexOf('bucket_tokens_half')]).toBe('32+');
    expect(cells[columns.indexOf('cumulative_allocation_tokens')]).toBe('64');
    expect(cells[columns.indexOf('median_tokens')]).toBe('42.7');
  });
});
