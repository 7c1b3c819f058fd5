/** Serving choices of `SimConfig` (precision, tensor parallelism, a latency table) reach the simulation. */
import { describe, expect, it } from 'vitest';
import { costModelFor } from './costModel.ts';
import { SimulationError } from './errors.ts';
import { parseLatencyTable } from './latencyTable.ts';
import { simulate } from './simulate.ts';
import { costForCapacity, gptjConfig, request } from './testSupport.ts';

const FLAT_10_MS = parseLatencyTable('flat.csv', 'batch_size,context_tokens,latency_ms\n1,0,10\n1,100000,10\n64,0,10\n64,100000,10');

describe('serving configuration', () => {
  it('times every iteration from the latency table', () => {
    const result = simulate([request(1, 20, 5, 0), request(2, 30, 9, 0)], gptjConfig('oracle', { latencyTable: FLAT_10_MS }));
    expect(result.iterations).toBeGreaterThan(0);
    expect(result.makespanS).toBeCloseTo(result.iterations * 0.01, 12);
  });

  it('splits the KV cache over tensor-parallel GPUs', () => {
    const result = simulate([request(1, 20, 5, 0)], gptjConfig('oracle', { tensorParallel: 2, dtype: 'bf16' }));
    const expected = costModelFor({ modelId: 'gptj-6b', gpuId: 'a100-80gb', tensorParallel: 2 });
    expect(result.kvCapacityTokens).toBe(expected.kvCapacityTokens);
    expect(result.cost.tensorParallel).toBe(2);
  });

  it('charges separate passes wherever a prefill lands', () => {
    // Exact predictions. Max-length admits request 2 one step later than s3. Under the
    // fused roofline that prefill hides under a memory-bound decode step and s3 trails
    // by a hair (see workload.test.ts). As a separate pass it costs the same in either
    // step, so both runs take the same steps of the same lengths and end together.
    const arrival = 0.001;
    const requests = [request(0, 18, 605, 2, 0), request(1, 1, 2, 0, 0), request(2, 50, 603, 2, arrival)];
    const config = { cost: costForCapacity(4164), mixedIterations: 'separate' as const };
    const maxLength = simulate(requests, gptjConfig('max-length', config));
    const s3 = simulate(requests, gptjConfig('s3', config));
    expect(s3.iterations).toBe(maxLength.iterations);
    expect(s3.makespanS).toBeCloseTo(maxLength.makespanS, 12);
  });

  it('rejects a model its GPUs cannot hold', () => {
    const config = { ...gptjConfig('oracle'), modelId: 'opt-66b' as const, tensorParallel: 1 as const };
    expect(() => simulate([request(1, 20, 5, 0)], config)).toThrow(SimulationError);
    expect(() => simulate([request(1, 20, 5, 0)], config)).toThrow(/^OPT 66B in fp16 does not fit on 1 × NVIDIA A100 80GB SXM/);
  });
});
