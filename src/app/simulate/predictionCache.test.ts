import { describe, expect, it } from 'vitest';
import { fnv1a, PredictionCache, traceCacheKey } from './predictionCache.ts';

describe('traceCacheKey', () => {
  it('differs when a prompt changes', () => {
    expect(traceCacheKey('t.jsonl', ['a', 'b'])).not.toBe(traceCacheKey('t.jsonl', ['a', 'c']));
  });

  it('differs when prompts are joined differently', () => {
    expect(traceCacheKey('t.jsonl', ['ab', 'c'])).not.toBe(traceCacheKey('t.jsonl', ['a', 'bc']));
  });

  it('is stable for the same trace', () => {
    expect(traceCacheKey('t.jsonl', ['a'])).toBe(traceCacheKey('t.jsonl', ['a']));
  });
});

describe('fnv1a', () => {
  it('matches the published 32-bit test vectors', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });
});

describe('PredictionCache', () => {
  it('starts with an empty prefix', () => {
    expect(new PredictionCache().prefix('k')).toEqual([]);
  });

  it('appends predictions after the cached prefix', () => {
    const cache = new PredictionCache();
    cache.extend('k', [1, 2]);
    expect(cache.extend('k', [3])).toEqual([1, 2, 3]);
    expect(cache.prefix('k')).toEqual([1, 2, 3]);
  });

  it('keeps traces apart', () => {
    const cache = new PredictionCache();
    cache.extend('a', [1]);
    expect(cache.prefix('b')).toEqual([]);
  });
});
