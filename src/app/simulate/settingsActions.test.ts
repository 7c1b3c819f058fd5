import { afterEach, describe, expect, it } from 'vitest';
import { setCostText, setPresets, setRequestLimitText, resetSettings } from './settingsActions.ts';
import { INITIAL_SIM_STATE, useSimStore } from './simStore.ts';
import { DEFAULT_SETTINGS } from './settings.ts';

afterEach(() => {
  useSimStore.setState(INITIAL_SIM_STATE, true);
});

describe('settings actions', () => {
  it('stores typed cost text', () => {
    setCostText('layers', '40');
    expect(useSimStore.getState().settings.costText).toEqual({ layers: '40' });
  });

  it('returns a constant to its preset value', () => {
    setCostText('layers', '40');
    setCostText('layers', null);
    expect(useSimStore.getState().settings.costText).toEqual({});
  });

  it('drops typed constants when a preset changes', () => {
    setCostText('gpuMemoryBytes', '1e10');
    const { modelId, gpuId } = useSimStore.getState().settings;
    setPresets(modelId, gpuId);
    expect(useSimStore.getState().settings.costText).toEqual({});
  });

  it('leaves the trace and results alone', () => {
    const before = useSimStore.getState();
    setRequestLimitText('10');
    const after = useSimStore.getState();
    expect(after.loaded).toBe(before.loaded);
    expect(after.comparison).toBe(before.comparison);
    expect(after.settings.requestLimitText).toBe('10');
  });

  it('resets every setting', () => {
    setRequestLimitText('10');
    resetSettings();
    expect(useSimStore.getState().settings).toEqual(DEFAULT_SETTINGS);
  });
});
