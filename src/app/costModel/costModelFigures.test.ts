import { describe, expect, it } from 'vitest';
import { costModelFor, decodeRoofline, parseLatencyTable } from '../../sim/index.ts';
import { DEFAULT_SETTINGS, type SimSettings } from '../simulate/settings.ts';
import { costEquations } from './costEquations.ts';
import { costFigures, EXAMPLE_CONTEXT_TOKENS, EXAMPLE_DECODE_BATCHES, EXAMPLE_PROMPT_TOKENS, type CostFigures } from './costModelFigures.ts';

const englishNumber = (value: number, maxDigits = 2): string => value.toLocaleString('en', { maximumFractionDigits: maxDigits });

function figuresOf(change: Partial<SimSettings>): CostFigures {
  const result = costFigures({ ...DEFAULT_SETTINGS, ...change });
  if (!result.ok) throw new Error(`expected figures, got ${String(result.reason)}`);
  return result.figures;
}

describe('costFigures', () => {
  it('uses the simulator cost model of the settings', () => {
    const figures = figuresOf({});
    const expected = costModelFor({ modelId: 'gptj-6b', gpuId: 'a100-80gb' });
    expect(figures.cost.kvCapacityTokens).toBe(expected.kvCapacityTokens);
    expect(figures.model.label).toBe('GPT-J 6B');
    expect(figures.maxSequenceReservations).toBe(Math.floor(143_314 / 2048));
    expect(figures.ridgeFlopsPerByte).toBeCloseTo(312e12 / 2_039e9, 9);
  });

  it('finds the batch where KV reads equal the weights', () => {
    const figures = figuresOf({});
    const weights = 6_053_381_344 * 2;
    expect(figures.kvEqualsWeightsBatch).toBeCloseTo(weights / ((EXAMPLE_CONTEXT_TOKENS + 1) * 458_752), 9);
  });

  it('gives a decode row per example batch, memory-bound at batch 1', () => {
    const figures = figuresOf({});
    expect(figures.decode.map((row) => row.batchSize)).toEqual(EXAMPLE_DECODE_BATCHES);
    const first = figures.decode[0]!;
    expect(first.roofline).toEqual(decodeRoofline(figures.roofline, 1, EXAMPLE_CONTEXT_TOKENS));
    expect(first.roofline.bound).toBe('memory');
    expect(first.stepS).toBeCloseTo(first.roofline.time + 0.002, 15);
    expect(first.tokensPerS).toBeCloseTo(1 / first.stepS, 9);
    expect(first.measuredStepS).toBeNull();
  });

  it('marks decode batches that exceed the KV capacity', () => {
    const figures = figuresOf({});
    for (const row of figures.decode) {
      expect(row.fits, String(row.batchSize)).toBe(row.batchSize * (EXAMPLE_CONTEXT_TOKENS + 1) <= 143_314);
    }
    expect(figures.decode.some((row) => !row.fits)).toBe(true);
  });

  it('gives compute-bound prefills of long prompts', () => {
    const figures = figuresOf({});
    expect(figures.prefill.map((row) => row.promptTokens)).toEqual(EXAMPLE_PROMPT_TOKENS);
    expect(figures.prefill.at(-1)?.roofline.bound).toBe('compute');
  });

  it('shows measured times next to the roofline when a table is loaded', () => {
    const latencyTable = parseLatencyTable('t.csv', 'batch_size,context_tokens,latency_ms\n1,0,10\n1,1000000,10\n600,0,50\n600,1000000,50');
    const figures = figuresOf({ latencyTable });
    expect(figures.cost.latencyTable).toBe(latencyTable);
    expect(figures.roofline.latencyTable).toBeNull();
    expect(figures.decode[0]?.measuredStepS).toBeCloseTo(0.01, 12);
    expect(figures.prefill[0]?.measuredStepS).toBeCloseTo(0.01, 12);
  });

  it('returns the fit error of settings the model does not fit', () => {
    const result = costFigures({ ...DEFAULT_SETTINGS, modelId: 'opt-175b', gpuId: 'h100-80gb', tensorParallel: 2 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/^OPT 175B in fp16 does not fit on 2 × NVIDIA H100 80GB SXM/);
  });

  it('returns no reason when a typed constant is invalid', () => {
    expect(costFigures({ ...DEFAULT_SETTINGS, costText: { layers: '2.5' } })).toEqual({ ok: false, reason: null });
  });
});

describe('costEquations', () => {
  it('substitutes the GPT-J numbers', () => {
    const equations = costEquations(figuresOf({}).roofline, englishNumber);
    expect(equations.kvBytesPerToken[1]).toBe('   = 2 × 28 × 4,096 × 2 B = 458,752 B (448 KiB)');
    expect(equations.weights[1]).toBe('  = 6,053,381,344 × 2 B = 12,106,762,688 B (11.3 GiB)');
    expect(equations.capacity[2]).toBe('tokens = ⌊KV / kv⌋ = 143,314');
    expect(equations.ridge[0]).toBe('F / BW = 312 TFLOP/s / 2,039 GB/s = 153 FLOP/B');
    expect(equations.allReduce).toEqual([]);
    expect(equations.iteration[0]).toMatch(/^t_iteration = max\(/);
    expect(equations.iteration[1]).toBe('overhead = 2 ms');
  });

  it('sums the passes when they are separate', () => {
    const equations = costEquations(figuresOf({ mixedIterations: 'separate' }).roofline, englishNumber);
    expect(equations.iteration[0]).toBe('t_iteration = t_prefill + t_decode + overhead');
  });

  it('shows N GPUs and the all-reduce time with tensor parallelism', () => {
    const equations = costEquations(figuresOf({ tensorParallel: 2 }).roofline, englishNumber);
    expect(equations.capacity[1]).toMatch(/^ {3}= 2 × 80,000,000,000 − 12,106,762,688 − 2 × 2,147,483,648 = /);
    expect(equations.ridge[0]).toBe('F / BW = 624 TFLOP/s / 4,078 GB/s = 153 FLOP/B');
    const perTokenMicroseconds = ((2 * 28 * 2 * 4096 * 2) / 600e9) * 1e6;
    expect(equations.allReduce[1]).toBe(`     = 2 × 28 × 4 × 1/2 × 4,096 × 2 B / 600 GB/s = ${englishNumber(perTokenMicroseconds, 3)} µs per token`);
  });
});
