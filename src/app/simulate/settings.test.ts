import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, resolveSettings, type SimSettings } from './settings.ts';

function withChanges(change: Partial<SimSettings>): SimSettings {
  return { ...DEFAULT_SETTINGS, ...change };
}

describe('resolveSettings', () => {
  it('accepts the defaults with no cost overrides', () => {
    expect(resolveSettings(DEFAULT_SETTINGS)).toEqual({ ok: true, cost: {}, requestLimit: 2000, seed: 1 });
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

  it('rejects a negative seed', () => {
    const resolved = resolveSettings(withChanges({ seedText: '-3' }));
    expect(resolved.ok).toBe(false);
    if (!resolved.ok) expect(resolved.errors.seed).toBe(true);
  });
});
