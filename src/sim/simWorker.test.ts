/**
 * Tests of the simulator Web Worker's message handler, run in Node: the handler
 * is the worker's whole logic, and `post` replaces `postMessage`.
 */
import { describe, expect, it } from 'vitest';
import { S3_DEFAULT_SCHEME } from '../predictor/buckets.ts';
import { createSimWorkerHandler } from '../worker/simWorker.ts';
import type { SimWorkerResponse } from '../worker/simProtocol.ts';
import { syntheticWorkload } from './syntheticWorkload.ts';
import { gptjConfig, request } from './testSupport.ts';
import { POLICY_NAMES } from './types.ts';

const RUN_TIMEOUT_MS = 30_000;

function collector(): { messages: SimWorkerResponse[]; next: (type: SimWorkerResponse['type']) => Promise<SimWorkerResponse>; post: (message: SimWorkerResponse) => void } {
  const messages: SimWorkerResponse[] = [];
  const waiters: Array<{ type: SimWorkerResponse['type']; resolve: (message: SimWorkerResponse) => void }> = [];
  return {
    messages,
    post: (message) => {
      messages.push(message);
      for (const [index, waiter] of waiters.entries()) {
        if (waiter.type === message.type) {
          waiters.splice(index, 1);
          waiter.resolve(message);
          break;
        }
      }
    },
    next: (type) => {
      const seen = messages.find((message) => message.type === type);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ type, resolve }));
    },
  };
}

const configs = POLICY_NAMES.map((policy) => gptjConfig(policy));
const workload = syntheticWorkload({ count: 4000, seed: 3, scheme: S3_DEFAULT_SCHEME });

describe('simulator worker', () => {
  it('runs every config and reports progress per policy', { timeout: RUN_TIMEOUT_MS }, async () => {
    const { messages, next, post } = collector();
    const handle = createSimWorkerHandler(post);
    handle({ type: 'run', runId: 1, requests: workload.slice(0, 500), configs });
    const done = await next('result');
    if (done.type !== 'result') throw new Error('expected a result message');
    expect(done.results.map((result) => result.policy)).toEqual(POLICY_NAMES);
    for (const [configIndex, policy] of POLICY_NAMES.entries()) {
      const progress = messages.filter((message) => message.type === 'progress' && message.policy === policy);
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.at(-1)).toEqual({ type: 'progress', runId: 1, policy, configIndex, finished: 500, total: 500 });
    }
  });

  it('stops a run when a cancel message arrives between chunks', { timeout: RUN_TIMEOUT_MS }, async () => {
    const { messages, next, post } = collector();
    const handle = createSimWorkerHandler(post);
    handle({ type: 'run', runId: 2, requests: workload, configs });
    await next('progress');
    const sentBeforeCancel = messages.length;
    handle({ type: 'cancel', runId: 2 });
    expect(await next('cancelled')).toEqual({ type: 'cancelled', runId: 2 });
    expect(messages.slice(sentBeforeCancel)).toEqual([{ type: 'cancelled', runId: 2 }]);
    expect(messages.some((message) => message.type === 'result')).toBe(false);
  });

  it('cancels the previous run when a new one starts', { timeout: RUN_TIMEOUT_MS }, async () => {
    const { next, post } = collector();
    const handle = createSimWorkerHandler(post);
    handle({ type: 'run', runId: 3, requests: workload, configs });
    await next('progress');
    handle({ type: 'run', runId: 4, requests: workload.slice(0, 50), configs });
    expect(await next('cancelled')).toEqual({ type: 'cancelled', runId: 3 });
    const done = await next('result');
    expect(done.runId).toBe(4);
  });

  it('reports invalid input as an error message', { timeout: RUN_TIMEOUT_MS }, async () => {
    const { next, post } = collector();
    const handle = createSimWorkerHandler(post);
    handle({ type: 'run', runId: 5, requests: [request(77, 10, 3000, 0)], configs });
    const error = await next('error');
    expect(error).toMatchObject({ type: 'error', runId: 5, code: 'invalid-request' });
    if (error.type === 'error') expect(error.message).toMatch(/request 77/);
  });
});

describe('simulator worker, rate sweeps', () => {
  it('runs a sweep to completion with progress', { timeout: RUN_TIMEOUT_MS }, async () => {
    const { messages, next, post } = collector();
    const handle = createSimWorkerHandler(post);
    handle({ type: 'sweep', runId: 6, requests: workload.slice(0, 200), configs, rates: [2, 8], options: { seed: 3 } });
    const done = await next('sweep-result');
    if (done.type !== 'sweep-result') throw new Error('expected a sweep-result message');
    expect(done.points).toHaveLength(2 * POLICY_NAMES.length);
    const progress = messages.filter((message) => message.type === 'sweep-progress');
    expect(progress.at(-1)).toMatchObject({ completedRuns: 2 * POLICY_NAMES.length, totalRuns: 2 * POLICY_NAMES.length });
  });

  it('cancels a sweep', { timeout: RUN_TIMEOUT_MS }, async () => {
    const { next, post } = collector();
    const handle = createSimWorkerHandler(post);
    handle({ type: 'sweep', runId: 7, requests: workload, configs, rates: [1, 2, 4, 8], options: {} });
    await next('sweep-progress');
    handle({ type: 'cancel', runId: 7 });
    expect(await next('cancelled')).toEqual({ type: 'cancelled', runId: 7 });
  });
});
