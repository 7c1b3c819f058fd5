import { describe, expect, it } from 'vitest';
import type { PredictionResult } from '../../worker/predictorProtocol.ts';
import { addResults, endRun, finishRun, startRun, summarize } from './predictRun.ts';

function result(index: number, elapsedMs = 10, inputTokens = 5): PredictionResult {
  return { index, bucket: 0, probabilities: [1, 0], logits: [2, -2], inputTokens, elapsedMs };
}

describe('predict run', () => {
  it('starts empty and running', () => {
    const run = startRun(['a', 'b', 'c'], 'm');
    expect(run.status).toBe('running');
    expect(run.modelId).toBe('m');
    expect(run.total).toBe(3);
    expect(run.results).toEqual([]);
  });

  it('keeps results in prompt order when chunks arrive out of order', () => {
    let run = startRun(['a', 'b', 'c'], 'm');
    run = addResults(run, 3, [result(2)]);
    run = addResults(run, 2, [result(0), result(1)]);
    expect(run.results.map((entry) => entry.index)).toEqual([0, 1, 2]);
  });

  it('never lowers the done count', () => {
    let run = startRun(['a', 'b', 'c'], 'm');
    run = addResults(run, 2, [result(0), result(1)]);
    run = addResults(run, 1, []);
    expect(run.done).toBe(2);
  });

  it('keeps one result per prompt when a chunk repeats', () => {
    let run = startRun(['a'], 'm');
    run = addResults(run, 1, [result(0, 10)]);
    run = addResults(run, 1, [result(0, 20)]);
    expect(run.results).toHaveLength(1);
    expect(run.results[0]!.elapsedMs).toBe(20);
  });

  it('ignores results after the run ended', () => {
    const ended = endRun(startRun(['a'], 'm'), 'cancelled', 5, null);
    expect(addResults(ended, 1, [result(0)])).toBe(ended);
  });

  it('keeps partial results on cancel', () => {
    const partial = addResults(startRun(['a', 'b'], 'm'), 1, [result(0)]);
    const cancelled = endRun(partial, 'cancelled', 12, { name: 'wasm', wasmThreads: 2 });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.results).toHaveLength(1);
    expect(cancelled.wallMs).toBe(12);
  });

  it('records the error of a failed run', () => {
    const failed = endRun(startRun(['a'], 'm'), 'failed', 1, null, 'worker crashed');
    expect(failed.error).toBe('worker crashed');
  });

  it('finishes with all results', () => {
    const done = finishRun(startRun(['a', 'b'], 'm'), [result(0), result(1)], 30, { name: 'webgpu', wasmThreads: null });
    expect(done.status).toBe('done');
    expect(done.done).toBe(2);
    expect(done.backend?.name).toBe('webgpu');
  });
});

describe('summarize', () => {
  it('averages time and tokens', () => {
    expect(summarize([result(0, 10, 4), result(1, 30, 8)])).toEqual({ count: 2, meanMs: 20, meanInputTokens: 6 });
  });

  it('returns NaN means for no results', () => {
    const summary = summarize([]);
    expect(summary.count).toBe(0);
    expect(summary.meanMs).toBeNaN();
  });
});
