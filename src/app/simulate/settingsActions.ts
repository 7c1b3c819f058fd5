/** Setters of the Simulate view's settings. Changing a preset drops the constants typed for the old one. */
import type { AdmissionRule, CostConstantName, GpuPresetId, ModelPresetId } from '../../sim/index.ts';
import type { ArrivalMode } from './simInputs.ts';
import { useSimStore, type PredictionMode } from './simStore.ts';
import { DEFAULT_SETTINGS, type SimSettings } from './settings.ts';

function update(change: Partial<SimSettings>): void {
  useSimStore.setState((state) => ({ settings: { ...state.settings, ...change } }));
}

export function setPresets(modelId: ModelPresetId, gpuId: GpuPresetId): void {
  update({ modelId, gpuId, costText: {} });
}

/** Sets the text of one cost constant, or returns it to the preset value when `text` is null. */
export function setCostText(key: CostConstantName, text: string | null): void {
  useSimStore.setState((state) => {
    const costText = { ...state.settings.costText };
    if (text === null) delete costText[key];
    else costText[key] = text;
    return { settings: { ...state.settings, costText } };
  });
}

export function setAdmission(admission: AdmissionRule): void {
  update({ admission });
}

export function setArrivals(arrivals: ArrivalMode): void {
  update({ arrivals });
}

export function setRequestLimitText(requestLimitText: string): void {
  update({ requestLimitText });
}

export function setSeedText(seedText: string): void {
  update({ seedText });
}

export function setPredictionMode(predictionMode: PredictionMode): void {
  useSimStore.setState({ predictionMode });
}

export function resetSettings(): void {
  useSimStore.setState({ settings: DEFAULT_SETTINGS });
}
