import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, resolveSettings, settingsCostModel, type SimSettings } from './settings.ts';

function withChanges(change: Partial<SimSettings>): SimSettings {
  return { ...DEFAULT_SETTINGS, ...change };
}

describe('resolveSettings', () => {
  it('accepts the defaults with no cost overrides', () => {
    expect(resolveSettings(DEFAULT_SETTINGS)).toEqual({ ok: true, cost: {}, requestLimit: 2000, seed: 1, arrivalSeed: 1 });
  });

  it('start from GPT-J on one A100 80GB in fp16 with the roofline', () => {
    expect(DEFAULT_SETTINGS).toMatchObject({
      modelId: 'gptj-6b',
      gpuId: 'a100-80gb',
      dtype: 'fp16',
      tensorParallel: 1,
      latencyTable: null,
      mixedIterations: 'fused',
    });
  });

  it('turns typed constants into overrides, scientific notation included', () => {
    const resolved = resolveSettings(withChanges({ costText: { gpuMemoryBytes: '4e10', iterationOverheadS: '0' } }));
    expect(resolved).toMatchObject({ ok: true, cost: { gpuMemoryBytes: 4e10, iterationOverheadS: 0 } });
  });

  it('reports the simulator message for an out-of-range constant', () => {
    const resolved = resolveSettings(withChanges({ costText: { layers: '2.5' } }));
    expect(resolved.ok).toBe(false);
    if (!resolved.ok) expect(resolved.errors.cost.layers).toMatch(/layers must be a positive integer, got 2.5/);
  });

  it.each(['', 'abc', '-1'])('rejects the cost text %j', (text) => {
    const resolved = resolveSettings(withChanges({ costText: { gpuMemoryBytes: text } }));
    expect(resolved.ok).toBe(false);
  });

  it.each(['0', '1.5', '', 'x'])('rejects the request limit %j', (requestLimitText) => {
    const resolved = resolveSettings(withChanges({ requestLimitText }));
    expect(resolved.ok).toBe(false);
    if (!resolved.ok) expect(resolved.errors.requestLimit).toBe(true);
  });

  it('reports why a model does not fit its GPUs', () => {
    const resolved = resolveSettings(withChanges({ modelId: 'llama-65b', gpuId: 'a100-40gb', tensorParallel: 1 }));
    expect(resolved.ok).toBe(false);
    if (!resolved.ok) {
      expect(resolved.errors.fit).toMatch(/^LLaMA 65B in fp16 does not fit on 1 × NVIDIA A100 40GB SXM: .*choose a tensor-parallel size of 4 or more$/);
      expect(resolved.errors.cost).toEqual({});
    }
  });

  it('accepts the model once enough GPUs hold it', () => {
    const resolved = resolveSettings(withChanges({ modelId: 'llama-65b', gpuId: 'a100-40gb', tensorParallel: 4 }));
    expect(resolved.ok).toBe(true);
  });

  it('checks the fit with the typed constants', () => {
    const resolved = resolveSettings(withChanges({ costText: { gpuMemoryBytes: '1e10' } }));
    expect(resolved.ok).toBe(false);
    if (!resolved.ok) expect(resolved.errors.fit).toMatch(/GPT-J 6B in fp16 does not fit on 1 × NVIDIA A100 80GB SXM/);
  });

  it('builds the cost model with precision, tensor parallelism and table', () => {
    const model = settingsCostModel(withChanges({ modelId: 'llama-13b', gpuId: 'h100-80gb', dtype: 'bf16', tensorParallel: 2 }), {});
    expect(model.tensorParallel).toBe(2);
    expect(model.totalGpuMemoryBytes).toBe(160e9);
    expect(model.latencyTable).toBeNull();
  });

  it('rejects a negative seed', () => {
    const resolved = resolveSettings(withChanges({ seedText: '-3' }));
    expect(resolved.ok).toBe(false);
    if (!resolved.ok) expect(resolved.errors.seed).toBe(true);
  });

  it('reads the arrival seed and rejects a fractional one', () => {
    const chosen = resolveSettings(withChanges({ arrivalSeedText: '42' }));
    expect(chosen.ok).toBe(true);
    if (chosen.ok) expect(chosen.arrivalSeed).toBe(42);
    const fractional = resolveSettings(withChanges({ arrivalSeedText: '1.5' }));
    expect(fractional.ok).toBe(false);
    if (!fractional.ok) {
      expect(fractional.errors.arrivalSeed).toBe(true);
      expect(fractional.errors.seed).toBe(false);
    }
  });
});
