import { describe, expect, it } from 'vitest';
import {
  buildCostModel,
  COST_CONSTANT_NAMES,
  defaultCostConstants,
  DEFAULT_ACTIVATION_RESERVE_BYTES,
  DEFAULT_ITERATION_OVERHEAD_S,
  describeCostConstants,
  iterationLatency,
  prefillAttentionPairs,
  resolveCostConstants,
} from './costModel.ts';
import { SimulationError } from './errors.ts';
import { GPU_PRESETS, MODEL_PRESETS } from './presets.ts';
import { addSame, bytes, seconds } from './units.ts';

const GPTJ_WEIGHT_BYTES = 6_053_381_344 * 2;
const A100_BANDWIDTH = 2_039e9;
const A100_PEAK = 312e12;
const model = buildCostModel(defaultCostConstants('gptj-6b', 'a100-80gb'));

describe('presets', () => {
  it('match the GPT-J config and A100 datasheet', () => {
    const gptj = MODEL_PRESETS['gptj-6b'];
    expect(gptj.layers).toBe(28);
    expect(gptj.hiddenSize).toBe(4096);
    expect(gptj.attentionHeads).toBe(16);
    expect(gptj.parameters).toBe(6_053_381_344);
    expect(gptj.maxSequenceTokens).toBe(2048);
    expect(gptj.bytesPerElement).toBe(2);
    const a100 = GPU_PRESETS['a100-80gb'];
    expect(a100.memoryBytes).toBe(80e9);
    expect(a100.memoryBandwidth).toBe(A100_BANDWIDTH);
    expect(a100.peakFlops).toBe(A100_PEAK);
  });

  it('are frozen', () => {
    expect(Object.isFrozen(MODEL_PRESETS)).toBe(true);
    expect(Object.isFrozen(MODEL_PRESETS['gptj-6b'])).toBe(true);
    expect(Object.isFrozen(GPU_PRESETS)).toBe(true);
    expect(Object.isFrozen(GPU_PRESETS['a100-80gb'])).toBe(true);
  });
});

describe('units', () => {
  it('reject adding bytes to seconds at compile time', () => {
    // @ts-expect-error: a KV size cannot be added to a time.
    const mixed = addSame(seconds(1), bytes(2));
    expect(addSame(seconds(1), seconds(2))).toBe(3);
    expect(mixed).toBe(3);
  });
});

describe('KV cache size', () => {
  it('is 458,752 bytes per token for GPT-J fp16', () => {
    expect(model.kvBytesPerToken).toBe(458_752);
    expect(model.kvBytesPerToken).toBe(2 * 28 * 4096 * 2);
  });

  it('leaves GPU memory minus weights minus reserve for KV', () => {
    const expectedBytes = 80e9 - GPTJ_WEIGHT_BYTES - DEFAULT_ACTIVATION_RESERVE_BYTES;
    expect(model.weightBytes).toBe(GPTJ_WEIGHT_BYTES);
    expect(model.kvCapacityBytes).toBe(expectedBytes);
    expect(model.kvCapacityTokens).toBe(Math.floor(expectedBytes / 458_752));
    expect(model.kvCapacityTokens).toBe(143_314);
  });

  it('rejects a GPU the weights do not fit', () => {
    const constants = resolveCostConstants('gptj-6b', 'a100-80gb', { gpuMemoryBytes: 10e9 });
    expect(() => buildCostModel(constants)).toThrow(/no GPU memory is left for the KV cache/);
  });
});

describe('iteration latency', () => {
  it('is memory-bound for a decode of batch 1', () => {
    const latency = iterationLatency(model, {
      prefillTokens: 0,
      prefillAttentionPairs: 0,
      decodeTokens: 1,
      decodeContextTokens: 100,
    });
    const weightsOverBandwidth = GPTJ_WEIGHT_BYTES / A100_BANDWIDTH;
    const computeTime = (2 * 6_053_381_344) / A100_PEAK;
    expect(weightsOverBandwidth).toBeGreaterThan(100 * computeTime);
    expect(latency).toBeGreaterThan(weightsOverBandwidth + DEFAULT_ITERATION_OVERHEAD_S);
    expect(latency / (weightsOverBandwidth + DEFAULT_ITERATION_OVERHEAD_S)).toBeLessThan(1.01);
    expect(latency).toBeCloseTo(0.00594 + 0.002, 4);
  });

  it('is compute-bound for a 1024-token prefill', () => {
    const promptTokens = 1024;
    const latency = iterationLatency(model, {
      prefillTokens: promptTokens,
      prefillAttentionPairs: prefillAttentionPairs(promptTokens),
      decodeTokens: 0,
      decodeContextTokens: 0,
    });
    const linear = 2 * 6_053_381_344 * promptTokens;
    const attention = 4 * 28 * 4096 * ((promptTokens * (promptTokens + 1)) / 2);
    const expected = (linear + attention) / A100_PEAK + DEFAULT_ITERATION_OVERHEAD_S;
    expect(latency).toBeCloseTo(expected, 12);
    expect((linear + attention) / A100_PEAK).toBeGreaterThan(GPTJ_WEIGHT_BYTES / A100_BANDWIDTH);
  });

  it('grows with the KV cache a decode batch reads', () => {
    const small = iterationLatency(model, { prefillTokens: 0, prefillAttentionPairs: 0, decodeTokens: 64, decodeContextTokens: 64 * 100 });
    const large = iterationLatency(model, { prefillTokens: 0, prefillAttentionPairs: 0, decodeTokens: 64, decodeContextTokens: 64 * 1500 });
    const extraBytes = 64 * 1400 * 458_752;
    expect(large - small).toBeCloseTo(extraBytes / A100_BANDWIDTH, 9);
  });

  it('charges a mixed iteration one roofline', () => {
    const prefill = { prefillTokens: 512, prefillAttentionPairs: prefillAttentionPairs(512), decodeTokens: 0, decodeContextTokens: 0 };
    const decode = { prefillTokens: 0, prefillAttentionPairs: 0, decodeTokens: 32, decodeContextTokens: 32 * 800 };
    const mixed = iterationLatency(model, { ...prefill, decodeTokens: 32, decodeContextTokens: 32 * 800 });
    const prefillOnly = iterationLatency(model, prefill);
    const decodeOnly = iterationLatency(model, decode);
    expect(mixed).toBeGreaterThanOrEqual(Math.max(prefillOnly, decodeOnly));
    expect(mixed).toBeLessThan(prefillOnly + decodeOnly);
  });
});

describe('cost constants', () => {
  it('describe every constant with unit and source', () => {
    const descriptions = describeCostConstants('gptj-6b', 'a100-80gb');
    expect(descriptions.map((description) => description.key)).toEqual(COST_CONSTANT_NAMES);
    const defaults = defaultCostConstants('gptj-6b', 'a100-80gb');
    for (const description of descriptions) {
      expect(description.unit).not.toBe('');
      expect(description.source).not.toBe('');
      expect(description.label).not.toBe('');
      expect(description.value).toBe(defaults[description.key]);
    }
  });

  it('apply overrides to the defaults', () => {
    const constants = resolveCostConstants('gptj-6b', 'a100-80gb', { iterationOverheadS: 0, activationReserveBytes: 0 });
    expect(constants.iterationOverheadS).toBe(0);
    expect(constants.activationReserveBytes).toBe(0);
    expect(constants.gpuMemoryBytes).toBe(80e9);
  });

  it('reject invalid overrides with the key and value', () => {
    expect(() => resolveCostConstants('gptj-6b', 'a100-80gb', { memoryBandwidthBytesPerS: 0 })).toThrow(
      'cost constant memoryBandwidthBytesPerS must be a number > 0, got 0',
    );
    expect(() => resolveCostConstants('gptj-6b', 'a100-80gb', { layers: 2.5 })).toThrow(
      'cost constant layers must be a positive integer, got 2.5',
    );
    expect(() => resolveCostConstants('gptj-6b', 'a100-80gb', { iterationOverheadS: -1 })).toThrow(
      'cost constant iterationOverheadS must be a number >= 0, got -1',
    );
    const unknownKey = { warpSpeed: 9 } as Partial<ReturnType<typeof defaultCostConstants>>;
    expect(() => resolveCostConstants('gptj-6b', 'a100-80gb', unknownKey)).toThrow(/unknown cost constant "warpSpeed"/);
  });

  it('reject an unknown preset id', () => {
    expect(() => defaultCostConstants('llama-99b' as 'gptj-6b', 'a100-80gb')).toThrow(SimulationError);
    expect(() => defaultCostConstants('llama-99b' as 'gptj-6b', 'a100-80gb')).toThrow(
      'unknown model preset "llama-99b"; expected one of: gptj-6b',
    );
  });
});
