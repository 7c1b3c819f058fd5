import { describe, expect, it } from 'vitest';
import { tabForKey, tabFromHash } from './tabRoute.ts';

describe('tabFromHash', () => {
  it.each([
    ['#simulate', 'simulate'],
    ['#cost', 'cost'],
    ['#/model', 'model'],
    ['#data', 'data'],
    ['', 'predict'],
    ['#unknown', 'predict'],
  ])('reads %j as %s', (hash, tab) => {
    expect(tabFromHash(hash)).toBe(tab);
  });
});

describe('tabForKey', () => {
  it('moves right and wraps around', () => {
    expect(tabForKey('predict', 'ArrowRight')).toBe('simulate');
    expect(tabForKey('simulate', 'ArrowRight')).toBe('cost');
    expect(tabForKey('cost', 'ArrowRight')).toBe('model');
    expect(tabForKey('data', 'ArrowRight')).toBe('predict');
  });

  it('moves left and wraps around', () => {
    expect(tabForKey('predict', 'ArrowLeft')).toBe('data');
  });

  it('jumps with Home and End', () => {
    expect(tabForKey('model', 'Home')).toBe('predict');
    expect(tabForKey('model', 'End')).toBe('data');
  });

  it('ignores other keys', () => {
    expect(tabForKey('model', 'Enter')).toBeNull();
  });
});
