import { describe, expect, it } from 'vitest';
import { S3_DEFAULT_SCHEME } from '../../predictor/buckets.ts';
import type { PredictionResult } from '../../worker/predictorProtocol.ts';
import { predictionsCsv } from './resultsCsv.ts';

const probabilities = [0.9, 0.05, 0.05, 0, 0, 0, 0, 0, 0, 0];

function result(index: number, bucket: number): PredictionResult {
  return { index, bucket, probabilities, logits: probabilities, inputTokens: 7, elapsedMs: 3.14159 };
}

describe('predictionsCsv', () => {
  const lines = predictionsCsv(['Say "hi", please', 'Write an essay.'], [result(0, 0), result(1, 9)], S3_DEFAULT_SCHEME)
    .trimEnd()
    .split('\r\n');

  it('has one column per bucket probability', () => {
    const header = lines[0]!.split(',');
    expect(header.filter((column) => column.startsWith('p_bucket_'))).toHaveLength(10);
    expect(header[0]).toBe('index');
  });

  it('quotes prompts and writes the range and allocation', () => {
    expect(lines[1]).toBe('0,"Say ""hi"", please",0,0–204,205,0.9,0.05,0.05,0,0,0,0,0,0,0,7,3.142');
  });

  it('allocates the maximum length for the last bucket', () => {
    expect(lines[2]!.split(',').slice(2, 5)).toEqual(['9', '1843+', '2048']);
  });
});
