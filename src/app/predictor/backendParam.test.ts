import { describe, expect, it } from 'vitest';
import { backendsFromSearch, DEFAULT_BACKENDS, variantFromSearch } from './backendParam.ts';

describe('backendsFromSearch', () => {
  it('tries WebGPU then WASM by default', () => {
    expect(backendsFromSearch('')).toEqual({ backends: ['webgpu', 'wasm'], ignoredParam: null });
  });

  it.each([
    ['?backend=wasm', ['wasm']],
    ['?backend=webgpu', ['webgpu']],
    ['?backend=WASM', ['wasm']],
    ['?backend=wasm,webgpu', ['wasm', 'webgpu']],
    ['?backend=wasm,wasm', ['wasm']],
    ['?x=1&backend=%20wasm%20', ['wasm']],
  ])('reads %s', (search, expected) => {
    expect(backendsFromSearch(search)).toEqual({ backends: expected, ignoredParam: null });
  });

  it('falls back to the defaults and reports an unknown backend', () => {
    expect(backendsFromSearch('?backend=cuda')).toEqual({ backends: DEFAULT_BACKENDS, ignoredParam: 'cuda' });
  });

  it('rejects a list with one unknown name whole', () => {
    expect(backendsFromSearch('?backend=wasm,webnn').ignoredParam).toBe('wasm,webnn');
  });

  it('treats an empty value as absent', () => {
    expect(backendsFromSearch('?backend=').ignoredParam).toBeNull();
  });
});

describe('variantFromSearch', () => {
  it('reads the variant name and ignores an empty one', () => {
    expect(variantFromSearch('?backend=wasm&variant=int8')).toBe('int8');
    expect(variantFromSearch('?variant=')).toBeUndefined();
    expect(variantFromSearch('')).toBeUndefined();
  });
});
