import { useT } from '../../i18n/useT.ts';
import {
  DTYPE_IDS,
  DTYPE_PRESETS,
  GPU_PRESET_IDS,
  GPU_PRESETS,
  MODEL_PRESET_IDS,
  MODEL_PRESETS,
  TENSOR_PARALLEL_SIZES,
} from '../../sim/index.ts';
import type { SimSettings } from './settings.ts';
import { setDtype, setPresets, setTensorParallel } from './settingsActions.ts';

interface PresetSelectorsProps {
  readonly settings: SimSettings;
  readonly disabled: boolean;
  /** Prefix of the element ids, unique in the page. */
  readonly idPrefix: string;
}

/** Model, GPU, precision and tensor-parallel selectors, as rows of the settings grid. */
export function PresetSelectors({ settings, disabled, idPrefix }: PresetSelectorsProps) {
  const { t } = useT();
  const heads = MODEL_PRESETS[settings.modelId].attentionHeads;
  return (
    <>
      <label htmlFor={`${idPrefix}-model`}>{t('sim.settings.model')}</label>
      <select
        id={`${idPrefix}-model`}
        value={settings.modelId}
        disabled={disabled}
        onChange={(event) => {
          const modelId = MODEL_PRESET_IDS.find((candidate) => candidate === event.target.value);
          if (modelId !== undefined) setPresets(modelId, settings.gpuId);
        }}
        data-testid="sim.model"
      >
        {MODEL_PRESET_IDS.map((modelId) => (
          <option key={modelId} value={modelId}>
            {MODEL_PRESETS[modelId].label}
          </option>
        ))}
      </select>

      <label htmlFor={`${idPrefix}-gpu`}>{t('sim.settings.gpu')}</label>
      <select
        id={`${idPrefix}-gpu`}
        value={settings.gpuId}
        disabled={disabled}
        onChange={(event) => {
          const gpuId = GPU_PRESET_IDS.find((candidate) => candidate === event.target.value);
          if (gpuId !== undefined) setPresets(settings.modelId, gpuId);
        }}
        data-testid="sim.gpu"
      >
        {GPU_PRESET_IDS.map((gpuId) => (
          <option key={gpuId} value={gpuId}>
            {GPU_PRESETS[gpuId].label}
          </option>
        ))}
      </select>

      <label htmlFor={`${idPrefix}-dtype`}>{t('sim.settings.dtype')}</label>
      <div>
        <select
          id={`${idPrefix}-dtype`}
          value={settings.dtype}
          disabled={disabled}
          onChange={(event) => {
            const dtype = DTYPE_IDS.find((candidate) => candidate === event.target.value);
            if (dtype !== undefined) setDtype(dtype);
          }}
          data-testid="sim.dtype"
        >
          {DTYPE_IDS.map((dtype) => (
            <option key={dtype} value={dtype}>
              {DTYPE_PRESETS[dtype].label}
            </option>
          ))}
        </select>
        <div className="hint">{t('sim.settings.dtypeHint')}</div>
      </div>

      <label htmlFor={`${idPrefix}-tp`}>{t('sim.settings.tensorParallel')}</label>
      <div>
        <select
          id={`${idPrefix}-tp`}
          value={settings.tensorParallel}
          disabled={disabled}
          onChange={(event) => {
            const size = TENSOR_PARALLEL_SIZES.find((candidate) => String(candidate) === event.target.value);
            if (size !== undefined) setTensorParallel(size);
          }}
          data-testid="sim.tensorParallel"
        >
          {TENSOR_PARALLEL_SIZES.map((size) => {
            const divides = heads % size === 0;
            return (
              <option key={size} value={size} disabled={!divides}>
                {divides ? String(size) : t('sim.settings.tensorParallelHeads', { count: size, heads })}
              </option>
            );
          })}
        </select>
        <div className="hint">{t('sim.settings.tensorParallelHint')}</div>
      </div>
    </>
  );
}
