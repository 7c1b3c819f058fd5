/**
 * Tests of the Reproduce view's worker handler, run in Node: the handler is the
 * worker's whole logic, and `post` replaces `postMessage`.
 */
import { describe, expect, it } from 'vitest';
import { S3_DEFAULT_SCHEME } from '../predictor/buckets.ts';
import type { S3Inputs } from '../sim/reproduction.ts';
import { createReproduceWorkerHandler } from './reproduceWorker.ts';
import type { ReproduceWorkerResponse } from './reproduceProtocol.ts';

const TIMEOUT_MS = 60_000;

function collector(): {
  messages: ReproduceWorkerResponse[];
  post: (message: ReproduceWorkerResponse) => void;
  next: (type: ReproduceWorkerResponse['type']) => Promise<ReproduceWorkerResponse>;
} {
  const messages: ReproduceWorkerResponse[] = [];
  const waiters: { type: ReproduceWorkerResponse['type']; resolve: (message: ReproduceWorkerResponse) => void }[] = [];
  return {
    messages,
    post: (message) => {
      messages.push(message);
      const index = waiters.findIndex((waiter) => waiter.type === message.type);
      if (index >= 0) waiters.splice(index, 1)[0]!.resolve(message);
    },
    next: (type) => {
      const seen = messages.find((message) => message.type === type);
      return seen ? Promise.resolve(seen) : new Promise((resolve) => waiters.push({ type, resolve }));
    },
  };
}

/** Requests of varied lengths, every one predicted in the first bucket. */
function inputs(count: number): S3Inputs {
  const lengths = Array.from({ length: count }, (_, index) => ({ promptTokens: 10 + (index % 50), outputTokens: 20 + ((index * 37) % 400) }));
  return {
    lengths,
    predictedBuckets: lengths.map(() => 0),
    probabilities: lengths.map(() => [1, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
    scheme: S3_DEFAULT_SCHEME,
  };
}

describe('reproduction worker', () => {
  it('runs the S³ table with progress', { timeout: TIMEOUT_MS }, async () => {
    const { messages, post, next } = collector();
    const handle = createReproduceWorkerHandler(post);
    handle({ type: 's3', runId: 1, inputs: inputs(60) });
    const done = await next('s3-result');
    if (done.type !== 's3-result') throw new Error('expected an s3-result message');
    expect(done.result.rows).toHaveLength(10);
    expect(messages.some((message) => message.type === 's3-progress' && message.progress.stage === 'sensitivity')).toBe(true);
  });

  it('stops the vLLM sweeps on cancel', { timeout: TIMEOUT_MS }, async () => {
    const { messages, post, next } = collector();
    const handle = createReproduceWorkerHandler(post);
    handle({ type: 'vllm', runId: 2, workloads: [{ id: 'synthetic', file: 'synthetic', lengths: inputs(2000).lengths }] });
    await next('vllm-progress');
    handle({ type: 'cancel', runId: 2 });
    expect(await next('cancelled')).toEqual({ type: 'cancelled', runId: 2 });
    expect(messages.some((message) => message.type === 'vllm-result')).toBe(false);
  });
});
