import { describe, expect, it } from 'vitest';
import { backendsFromSearch, DEFAULT_BACKENDS, variantFromSearch } from './backendParam.ts';
import { modelFromSearch, searchWithModel } from './modelParam.ts';

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

describe('modelFromSearch', () => {
  it('reads the model id and ignores an empty one', () => {
    expect(modelFromSearch('?backend=wasm&model=minilm-l6-vicuna7b')).toBe('minilm-l6-vicuna7b');
    expect(modelFromSearch('?model=%20')).toBeUndefined();
    expect(modelFromSearch('')).toBeUndefined();
  });
});

describe('searchWithModel', () => {
  it('sets the model and keeps the other parameters', () => {
    expect(searchWithModel('?backend=wasm&variant=int8', 'b')).toBe('?backend=wasm&variant=int8&model=b');
    expect(searchWithModel('?model=a&backend=wasm', 'b')).toBe('?model=b&backend=wasm');
    expect(searchWithModel('', 'a')).toBe('?model=a');
  });
});
