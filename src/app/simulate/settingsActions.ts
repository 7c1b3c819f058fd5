/** Setters of the Simulate view's settings. Changing a preset drops the constants typed for the old one. */
import {
  LatencyTableError,
  MODEL_PRESETS,
  parseLatencyTable,
  tensorParallelSizesFor,
  type AdmissionRule,
  type CostConstantName,
  type DtypeId,
  type GpuPresetId,
  type LatencyTable,
  type MixedIterationMode,
  type ModelPresetId,
  type TensorParallelSize,
} from '../../sim/index.ts';
import type { FileErrorInfo } from '../common/fileError.ts';
import type { ArrivalMode } from './simInputs.ts';
import { useSimStore, type PredictionMode } from './simStore.ts';
import { DEFAULT_SETTINGS, type SimSettings } from './settings.ts';

/** Largest latency table file read, in bytes. A dense 300 × 300 grid per phase takes about 6 MB. */
export const MAX_LATENCY_TABLE_BYTES = 16 * 2 ** 20;

function update(change: Partial<SimSettings>): void {
  useSimStore.setState((state) => ({ settings: { ...state.settings, ...change } }));
}

/**
 * Returns `current` when it splits the heads of `modelId` evenly, else the largest
 * smaller size that does (1 always does).
 */
export function tensorParallelFor(modelId: ModelPresetId, current: TensorParallelSize): TensorParallelSize {
  const allowed = tensorParallelSizesFor(MODEL_PRESETS[modelId]);
  if (allowed.includes(current)) return current;
  return allowed.filter((size) => size < current).at(-1) ?? 1;
}

/** Selects a model and GPU, dropping typed constants and keeping the tensor-parallel size where the model allows it. */
export function setPresets(modelId: ModelPresetId, gpuId: GpuPresetId): void {
  useSimStore.setState((state) => ({
    settings: {
      ...state.settings,
      modelId,
      gpuId,
      costText: {},
      tensorParallel: tensorParallelFor(modelId, state.settings.tensorParallel),
    },
  }));
}

export function setDtype(dtype: DtypeId): void {
  update({ dtype });
}

export function setTensorParallel(tensorParallel: TensorParallelSize): void {
  update({ tensorParallel });
}

export function setMixedIterations(mixedIterations: MixedIterationMode): void {
  update({ mixedIterations });
}

/** Uses `latencyTable` for step latencies, or the roofline again when it is null. */
export function setLatencyTable(latencyTable: LatencyTable | null): void {
  update({ latencyTable });
}

/**
 * Reads a latency CSV chosen by the user and uses it. Returns null on success, or
 * what the error alert shows; the table in use stays unchanged on an error.
 */
export async function loadLatencyTableFile(file: Pick<File, 'name' | 'size' | 'text'>): Promise<FileErrorInfo | null> {
  if (file.size > MAX_LATENCY_TABLE_BYTES) {
    return {
      fileName: file.name,
      message: `${file.name}: the file has ${file.size} bytes, more than the ${MAX_LATENCY_TABLE_BYTES} bytes a latency table may have; thin out the grid`,
    };
  }
  try {
    setLatencyTable(parseLatencyTable(file.name, await file.text()));
    return null;
  } catch (error) {
    if (error instanceof LatencyTableError) {
      return {
        fileName: error.fileName,
        message: error.message,
        problem: error.problem,
        ...(error.line === undefined ? {} : { line: error.line, lineUnit: 'line' as const }),
        ...(error.value === undefined ? {} : { value: error.value }),
      };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { fileName: file.name, message: `${file.name}: ${message}` };
  }
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

export function setArrivalSeedText(arrivalSeedText: string): void {
  update({ arrivalSeedText });
}

export function setPredictionMode(predictionMode: PredictionMode): void {
  useSimStore.setState({ predictionMode });
}

export function resetSettings(): void {
  useSimStore.setState({ settings: DEFAULT_SETTINGS });
}
