import { describe, expect, it } from 'vitest';
import { checkModelIndex, chooseModel, defaultModelId, ModelIndexError } from './modelIndex.ts';

const index = checkModelIndex(
  { models: [{ id: 'first' }, { id: 'second', default: true }, { id: 'third' }] },
  'index.json',
);

describe('checkModelIndex', () => {
  it('accepts models with at most one default', () => {
    expect(index.models.map((entry) => entry.id)).toEqual(['first', 'second', 'third']);
  });

  it('rejects an empty list and a missing list', () => {
    expect(() => checkModelIndex({ models: [] }, 'index.json')).toThrow(/index\.json: "models" is empty/);
    expect(() => checkModelIndex({}, 'index.json')).toThrow(ModelIndexError);
  });

  it.each(['../up', '.hidden', 'a/b', '', 'with space'])('rejects the id %j', (id) => {
    expect(() => checkModelIndex({ models: [{ id }] }, 'index.json')).toThrow(/models\[0\] must have an "id" that is a folder name/);
  });

  it('rejects a repeated id and two defaults', () => {
    expect(() => checkModelIndex({ models: [{ id: 'a' }, { id: 'a' }] }, 'index.json')).toThrow(/"a" is listed twice/);
    expect(() => checkModelIndex({ models: [{ id: 'a', default: true }, { id: 'b', default: true }] }, 'index.json')).toThrow(
      /2 models are marked "default"/,
    );
  });

  it('rejects a default that is not a boolean', () => {
    expect(() => checkModelIndex({ models: [{ id: 'a', default: 'yes' }] }, 'index.json')).toThrow(/default must be true or false/);
  });
});

describe('chooseModel', () => {
  it('starts with the default, else the first model', () => {
    expect(defaultModelId(index)).toBe('second');
    expect(defaultModelId({ models: [{ id: 'only' }, { id: 'other' }] })).toBe('only');
  });

  it('takes a listed model', () => {
    expect(chooseModel(index, 'third')).toEqual({ id: 'third', unknownId: null });
  });

  it('falls back to the default and returns an unknown id', () => {
    expect(chooseModel(index, 'missing')).toEqual({ id: 'second', unknownId: 'missing' });
    expect(chooseModel(index, undefined)).toEqual({ id: 'second', unknownId: null });
  });
});
