import { describe, expect, it } from 'vitest';
import {
  allReduceTimePerToken,
  buildCostModel,
  COST_CONSTANT_NAMES,
  costModelFor,
  decodeRoofline,
  defaultCostConstants,
  DEFAULT_ACTIVATION_RESERVE_BYTES,
  DEFAULT_ITERATION_OVERHEAD_S,
  describeCostConstants,
  iterationCost,
  iterationLatency,
  prefillAttentionPairs,
  prefillRoofline,
  resolveCostConstants,
} from './costModel.ts';
import { SimulationError } from './errors.ts';
import { parseLatencyTable } from './latencyTable.ts';
import {
  DTYPE_IDS,
  GPU_PRESET_IDS,
  GPU_PRESETS,
  MODEL_PRESET_IDS,
  MODEL_PRESETS,
  TENSOR_PARALLEL_SIZES,
  type ModelPresetId,
} from './presets.ts';
import { addSame, bytes, seconds } from './units.ts';

const GPTJ_WEIGHT_BYTES = 6_053_381_344 * 2;
const A100_BANDWIDTH = 2_039e9;
const A100_PEAK = 312e12;
const model = buildCostModel(defaultCostConstants('gptj-6b', 'a100-80gb'));

/** Hand-computed in fp16: KV bytes per token = 2 × layers × hidden × 2, weights = parameters × 2. */
const PRESET_SIZES: readonly [ModelPresetId, number, number][] = [
  ['gptj-6b', 458_752, 12_106_762_688],
  ['gpt-neox-20b', 1_081_344, 41_109_135_360],
  ['llama-7b', 524_288, 13_476_831_232],
  ['llama-13b', 819_200, 26_031_728_640],
  ['llama-33b', 1_597_440, 65_057_887_232],
  ['llama-65b', 2_621_440, 130_571_321_344],
  ['opt-13b', 819_200, 25_706_946_560],
  ['opt-30b', 1_376_256, 59_949_080_576],
  ['opt-66b', 2_359_296, 131_439_403_008],
  ['opt-175b', 4_718_592, 349_208_936_448],
];

/** LLaMA parameters: untied embeddings, 4h² attention, 3·h·ffn SwiGLU and 2 RMSNorms per layer, a final RMSNorm. */
function llamaParameters(hidden: number, ffn: number, layers: number): number {
  const vocabulary = 32_000;
  return 2 * vocabulary * hidden + layers * (4 * hidden * hidden + 3 * hidden * ffn + 2 * hidden) + hidden;
}

/** OPT parameters: tied embeddings, 2,050 learned positions, biases everywhere, ffn = 4h, 2 LayerNorms per layer, a final LayerNorm. */
function optParameters(hidden: number, layers: number): number {
  const vocabulary = 50_272;
  const positions = 2050;
  const ffn = 4 * hidden;
  const attention = 4 * hidden * hidden + 4 * hidden;
  const mlp = 2 * hidden * ffn + ffn + hidden;
  const layerNorms = 4 * hidden;
  return (vocabulary + positions) * hidden + layers * (attention + mlp + layerNorms) + 2 * hidden;
}

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

  it('list every model asked for', () => {
    expect(MODEL_PRESET_IDS).toEqual(PRESET_SIZES.map(([id]) => id));
    expect(GPU_PRESET_IDS).toEqual(['a100-40gb', 'a100-80gb', 'h100-80gb', 'h200-141gb']);
    expect(DTYPE_IDS).toEqual(['fp16', 'bf16']);
    expect(TENSOR_PARALLEL_SIZES).toEqual([1, 2, 4, 8]);
  });

  it.each(PRESET_SIZES)('%s has the hand-computed KV and weight bytes', (id, kvBytesPerToken, weightBytes) => {
    const built = buildCostModel(defaultCostConstants(id, 'h200-141gb', { tensorParallel: 4 }));
    expect(built.kvBytesPerToken).toBe(kvBytesPerToken);
    expect(built.weightBytes).toBe(weightBytes);
  });

  it('cache K and V for every attention head', () => {
    for (const id of MODEL_PRESET_IDS) {
      expect(MODEL_PRESETS[id].kvHeads, id).toBe(MODEL_PRESETS[id].attentionHeads);
      expect(MODEL_PRESETS[id].maxSequenceTokens, id).toBe(2048);
    }
  });

  it('compute LLaMA parameters from the architecture', () => {
    expect(MODEL_PRESETS['llama-7b'].parameters).toBe(llamaParameters(4096, 11_008, 32));
    expect(MODEL_PRESETS['llama-13b'].parameters).toBe(llamaParameters(5120, 13_824, 40));
    expect(MODEL_PRESETS['llama-33b'].parameters).toBe(llamaParameters(6656, 17_920, 60));
    expect(MODEL_PRESETS['llama-65b'].parameters).toBe(llamaParameters(8192, 22_016, 80));
  });

  it('compute OPT parameters from the architecture', () => {
    expect(MODEL_PRESETS['opt-13b'].parameters).toBe(optParameters(5120, 40));
    expect(MODEL_PRESETS['opt-30b'].parameters).toBe(optParameters(7168, 48));
    expect(MODEL_PRESETS['opt-66b'].parameters).toBe(optParameters(9216, 64));
    expect(MODEL_PRESETS['opt-175b'].parameters).toBe(optParameters(12_288, 96));
  });

  it('match the published GPT-NeoX count with its architecture', () => {
    const hidden = 6144;
    const ffn = 24_576;
    const vocabulary = 50_432;
    const perLayer = 4 * hidden * hidden + 4 * hidden + 2 * hidden * ffn + ffn + hidden + 4 * hidden;
    expect(MODEL_PRESETS['gpt-neox-20b'].parameters).toBe(2 * vocabulary * hidden + 44 * perLayer + 2 * hidden);
    expect(MODEL_PRESETS['gpt-neox-20b'].parameterCount).toBe('published');
  });

  it('match the GPU datasheets', () => {
    expect(GPU_PRESETS['a100-40gb']).toMatchObject({ memoryBytes: 40e9, memoryBandwidth: 1_555e9, peakFlops: 312e12, interconnectBandwidth: 600e9 });
    expect(GPU_PRESETS['a100-80gb']).toMatchObject({ interconnectBandwidth: 600e9 });
    expect(GPU_PRESETS['h100-80gb']).toMatchObject({ memoryBytes: 80e9, memoryBandwidth: 3.35e12, peakFlops: 989e12, interconnectBandwidth: 900e9 });
    expect(GPU_PRESETS['h200-141gb']).toMatchObject({ memoryBytes: 141e9, memoryBandwidth: 4.8e12, peakFlops: 989e12, interconnectBandwidth: 900e9 });
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

  it('is the same for bf16 and fp16', () => {
    const bf16 = buildCostModel(defaultCostConstants('gptj-6b', 'a100-80gb', { dtype: 'bf16' }));
    expect(bf16.kvBytesPerToken).toBe(model.kvBytesPerToken);
    expect(bf16.kvCapacityTokens).toBe(model.kvCapacityTokens);
  });

  it('rejects a GPU the weights do not fit', () => {
    const constants = resolveCostConstants('gptj-6b', 'a100-80gb', { gpuMemoryBytes: 10e9 });
    expect(() => buildCostModel(constants)).toThrow(/no GPU memory is left for the KV cache/);
  });
});

describe('tensor parallelism', () => {
  it('splits weights and KV cache over N GPUs', () => {
    const weights = 130_571_321_344;
    const four = costModelFor({ modelId: 'llama-65b', gpuId: 'a100-80gb', tensorParallel: 4 });
    const expectedBytes = 4 * 80e9 - weights - 4 * DEFAULT_ACTIVATION_RESERVE_BYTES;
    expect(four.kvCapacityBytes).toBe(expectedBytes);
    expect(four.kvCapacityTokens).toBe(Math.floor(expectedBytes / 2_621_440));
    expect(four.totalGpuMemoryBytes).toBe(4 * 80e9);
    expect(four.totalReserveBytes).toBe(4 * DEFAULT_ACTIVATION_RESERVE_BYTES);
    expect(four.tensorParallel).toBe(4);
  });

  it('multiplies bandwidth and peak by N', () => {
    const eight = costModelFor({ modelId: 'gptj-6b', gpuId: 'h100-80gb', tensorParallel: 8 });
    expect(eight.memoryBandwidth).toBe(8 * 3.35e12);
    expect(eight.peakFlops).toBe(8 * 989e12);
  });

  it('costs two ring all-reduces per layer per token', () => {
    const constants = defaultCostConstants('gptj-6b', 'a100-80gb', { tensorParallel: 2 });
    const movedPerGpu = 2 * 28 * ((4 * (2 - 1)) / 2) * 4096 * 2;
    expect(allReduceTimePerToken(constants)).toBeCloseTo(movedPerGpu / 600e9, 18);
    expect(allReduceTimePerToken(defaultCostConstants('gptj-6b', 'a100-80gb'))).toBe(0);
  });

  it('adds the all-reduce time to each phase', () => {
    const two = costModelFor({ modelId: 'gptj-6b', gpuId: 'a100-80gb', tensorParallel: 2 });
    const decode = decodeRoofline(two, 16, 16 * 500);
    expect(decode.allReduceTime).toBeCloseTo(16 * two.allReduceTimePerToken, 15);
    expect(decode.time).toBeCloseTo(Math.max(decode.memoryTime, decode.computeTime) + decode.allReduceTime, 15);
  });

  it('rejects a size that does not divide the attention heads', () => {
    expect(() => costModelFor({ modelId: 'llama-33b', gpuId: 'h200-141gb', tensorParallel: 8 })).toThrow(
      'LLaMA 33B has 52 attention heads, which 8 GPUs cannot split evenly; choose a tensor-parallel size of 1, 2, 4',
    );
  });

  it('rejects a size outside 1, 2, 4, 8', () => {
    expect(() => defaultCostConstants('gptj-6b', 'a100-80gb', { tensorParallel: 3 })).toThrow(
      'tensor-parallel size must be one of 1, 2, 4, 8, got 3',
    );
  });

  it('names model, GPU, N and bytes when the weights do not fit', () => {
    const build = () => costModelFor({ modelId: 'llama-65b', gpuId: 'a100-40gb', tensorParallel: 1 });
    expect(build).toThrow(SimulationError);
    expect(build).toThrow(
      'LLaMA 65B in fp16 does not fit on 1 × NVIDIA A100 40GB SXM: its weights take 130,571,321,344 bytes (130.6 GB), ' +
        'but 1 × 40,000,000,000 bytes of GPU memory minus a reserve of 2,147,483,648 bytes per GPU leaves ' +
        '37,852,516,352 bytes for weights and KV cache; choose a tensor-parallel size of 4 or more',
    );
  });

  it('says when no size fits', () => {
    expect(() => costModelFor({ modelId: 'opt-175b', gpuId: 'a100-40gb', tensorParallel: 8 })).toThrow(
      /OPT 175B in fp16 does not fit on 8 × NVIDIA A100 40GB SXM: .* no tensor-parallel size that OPT 175B allows fits either/,
    );
  });

  it('fits OPT-175B on 8 × A100 80GB', () => {
    const eight = costModelFor({ modelId: 'opt-175b', gpuId: 'a100-80gb', tensorParallel: 8 });
    expect(eight.kvCapacityBytes).toBe(8 * 80e9 - 349_208_936_448 - 8 * DEFAULT_ACTIVATION_RESERVE_BYTES);
  });
});

const MIXED_PREFILL = { prefillTokens: 512, prefillAttentionPairs: prefillAttentionPairs(512), decodeTokens: 0, decodeContextTokens: 0 };
const MIXED_DECODE = { prefillTokens: 0, prefillAttentionPairs: 0, decodeTokens: 32, decodeContextTokens: 32 * 800 };

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
    expect(decodeRoofline(model, 1, 100).bound).toBe('memory');
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
    expect(prefillRoofline(model, promptTokens, prefillAttentionPairs(promptTokens)).bound).toBe('compute');
  });

  it('grows with the KV cache a decode batch reads', () => {
    const small = iterationLatency(model, { prefillTokens: 0, prefillAttentionPairs: 0, decodeTokens: 64, decodeContextTokens: 64 * 100 });
    const large = iterationLatency(model, { prefillTokens: 0, prefillAttentionPairs: 0, decodeTokens: 64, decodeContextTokens: 64 * 1500 });
    const extraBytes = 64 * 1400 * 458_752;
    expect(large - small).toBeCloseTo(extraBytes / A100_BANDWIDTH, 9);
  });

  it('charges a fused mixed iteration one roofline', () => {
    const mixed = iterationCost(model, { ...MIXED_PREFILL, decodeTokens: 32, decodeContextTokens: 32 * 800 });
    const prefillOnly = iterationLatency(model, MIXED_PREFILL);
    const decodeOnly = iterationLatency(model, MIXED_DECODE);
    expect(model.mixedIterations).toBe('fused');
    expect(mixed.source).toBe('fused-roofline');
    expect(mixed.prefillTime).toBeNull();
    expect(mixed.decodeTime).toBeNull();
    expect(mixed.latency).toBeGreaterThanOrEqual(Math.max(prefillOnly, decodeOnly));
    expect(mixed.latency).toBeLessThan(prefillOnly + decodeOnly - DEFAULT_ITERATION_OVERHEAD_S);
  });

  it('charges a separate mixed iteration two passes', () => {
    const separate = buildCostModel(defaultCostConstants('gptj-6b', 'a100-80gb'), { mixedIterations: 'separate' });
    const mixed = iterationCost(separate, { ...MIXED_PREFILL, decodeTokens: 32, decodeContextTokens: 32 * 800 });
    const prefillOnly = iterationLatency(separate, MIXED_PREFILL);
    const decodeOnly = iterationLatency(separate, MIXED_DECODE);
    expect(mixed.source).toBe('separate-rooflines');
    expect(mixed.latency).toBeCloseTo(prefillOnly + decodeOnly - DEFAULT_ITERATION_OVERHEAD_S, 15);
    expect(mixed.prefillTime).toBeCloseTo(prefillOnly - DEFAULT_ITERATION_OVERHEAD_S, 15);
    expect(mixed.decodeTime).toBeCloseTo(decodeOnly - DEFAULT_ITERATION_OVERHEAD_S, 15);
    expect(mixed.overhead).toBe(DEFAULT_ITERATION_OVERHEAD_S);
  });

  it('times single-phase iterations alike in both modes', () => {
    const separate = buildCostModel(defaultCostConstants('gptj-6b', 'a100-80gb'), { mixedIterations: 'separate' });
    expect(iterationLatency(separate, MIXED_PREFILL)).toBeCloseTo(iterationLatency(model, MIXED_PREFILL), 15);
    expect(iterationLatency(separate, MIXED_DECODE)).toBeCloseTo(iterationLatency(model, MIXED_DECODE), 15);
  });
});

describe('latency table in the cost model', () => {
  const csv = [
    'phase,batch_size,context_tokens,latency_ms',
    'prefill,1,100,10',
    'prefill,1,1000,50',
    'prefill,4,100,20',
    'prefill,4,1000,90',
    'decode,1,100,5',
    'decode,1,1000,7',
    'decode,8,100,6',
    'decode,8,1000,12',
  ].join('\n');
  const table = parseLatencyTable('steps.csv', csv);
  const measured = buildCostModel(defaultCostConstants('gptj-6b', 'a100-80gb'), { latencyTable: table });

  it('replaces the roofline and the overhead', () => {
    const cost = iterationCost(measured, {
      prefillRequests: 1,
      prefillTokens: 100,
      prefillAttentionPairs: prefillAttentionPairs(100),
      decodeTokens: 8,
      decodeContextTokens: 1000,
    });
    expect(cost.source).toBe('latency-table');
    expect(cost.prefillTime).toBeCloseTo(0.01, 15);
    expect(cost.decodeTime).toBeCloseTo(0.012, 15);
    expect(cost.overhead).toBe(0);
    expect(cost.passTime).toBeCloseTo(0.022, 15);
    expect(cost.latency).toBeCloseTo(0.022, 15);
    expect(cost.clampedLookups).toBe(0);
  });

  it('counts clamped lookups', () => {
    const cost = iterationCost(measured, { prefillTokens: 0, prefillAttentionPairs: 0, decodeTokens: 16, decodeContextTokens: 5000 });
    expect(cost.decodeTime).toBeCloseTo(0.012, 15);
    expect(cost.clampedLookups).toBe(1);
  });

  it('keeps the KV capacity of the constants', () => {
    expect(measured.kvCapacityTokens).toBe(model.kvCapacityTokens);
    expect(costModelFor({ modelId: 'gptj-6b', gpuId: 'a100-80gb', latencyTable: table }).latencyTable).toBe(table);
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

  it('describe the chosen GPU and precision', () => {
    const descriptions = describeCostConstants('llama-13b', 'h200-141gb', { dtype: 'bf16', tensorParallel: 2 });
    const byKey = new Map(descriptions.map((description) => [description.key, description]));
    expect(byKey.get('gpuMemoryBytes')?.value).toBe(141e9);
    expect(byKey.get('interconnectBandwidthBytesPerS')?.value).toBe(900e9);
    expect(byKey.get('bytesPerElement')?.label).toBe('Bytes per element (bf16)');
    expect(byKey.get('layers')?.value).toBe(40);
  });

  it('apply overrides to the defaults', () => {
    const constants = resolveCostConstants('gptj-6b', 'a100-80gb', { iterationOverheadS: 0, activationReserveBytes: 0 });
    expect(constants.iterationOverheadS).toBe(0);
    expect(constants.activationReserveBytes).toBe(0);
    expect(constants.gpuMemoryBytes).toBe(80e9);
    expect(constants.tensorParallel).toBe(1);
  });

  it('take a tensor-parallel override over the option', () => {
    const constants = resolveCostConstants('gptj-6b', 'a100-80gb', { tensorParallel: 4 }, { tensorParallel: 2 });
    expect(constants.tensorParallel).toBe(4);
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
    expect(() => resolveCostConstants('gptj-6b', 'a100-80gb', { interconnectBandwidthBytesPerS: 0 })).toThrow(
      'cost constant interconnectBandwidthBytesPerS must be a number > 0, got 0',
    );
    const unknownKey = { warpSpeed: 9 } as Partial<ReturnType<typeof defaultCostConstants>>;
    expect(() => resolveCostConstants('gptj-6b', 'a100-80gb', unknownKey)).toThrow(/unknown cost constant "warpSpeed"/);
  });

  it('reject an unknown preset id', () => {
    expect(() => defaultCostConstants('llama-99b' as 'gptj-6b', 'a100-80gb')).toThrow(SimulationError);
    expect(() => defaultCostConstants('llama-99b' as 'gptj-6b', 'a100-80gb')).toThrow(
      `unknown model preset "llama-99b"; expected one of: ${MODEL_PRESET_IDS.join(', ')}`,
    );
    expect(() => defaultCostConstants('gptj-6b', 'a100-80gb', { dtype: 'fp8' as 'fp16' })).toThrow(
      'unknown dtype "fp8"; expected one of: fp16, bf16',
    );
  });
});
