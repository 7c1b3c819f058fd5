import { useId } from 'react';
import { useT } from '../../i18n/useT.ts';
import { numBuckets } from '../../predictor/buckets.ts';
import {
  buildCostModel,
  GPU_PRESET_IDS,
  GPU_PRESETS,
  MODEL_PRESET_IDS,
  MODEL_PRESETS,
  resolveCostConstants,
  type AdmissionRule,
  type CostModel,
} from '../../sim/index.ts';
import { useReadyModelCard } from '../modelCard/modelCardStore.ts';
import { CostConstantsTable } from './CostConstantsTable.tsx';
import { resolveSettings, type SimSettings } from './settings.ts';
import {
  resetSettings,
  setAdmission,
  setArrivals,
  setPresets,
  setRequestLimitText,
  setSeedText,
} from './settingsActions.ts';
import type { ArrivalMode } from './simInputs.ts';
import { effectivePredictionMode, useSimStore } from './simStore.ts';

/** Returns the cost model of valid settings for the derived KV figures, or null while a field is invalid. */
function derivedCostModel(settings: SimSettings): CostModel | null {
  const resolved = resolveSettings(settings);
  if (!resolved.ok) return null;
  try {
    return buildCostModel(resolveCostConstants(settings.modelId, settings.gpuId, resolved.cost));
  } catch {
    return null;
  }
}

export function SettingsPanel() {
  const { t, num } = useT();
  const { settings, loaded, predictionMode, phase } = useSimStore();
  const card = useReadyModelCard();
  const id = useId();
  const disabled = phase.kind !== 'idle';
  const resolved = resolveSettings(settings);
  const errors = resolved.ok ? null : resolved.errors;
  const costModel = derivedCostModel(settings);
  const traceSize = loaded?.trace.requests.length ?? null;
  const drawsFromMatrix = effectivePredictionMode(loaded, predictionMode) === 'confusion-matrix';

  return (
    <section className="card" aria-labelledby={`${id}-heading`} data-testid="sim.settings">
      <div className="row spread">
        <h2 id={`${id}-heading`}>{t('sim.settings.title')}</h2>
        <button type="button" className="secondary small" onClick={resetSettings} disabled={disabled}>
          {t('sim.settings.reset')}
        </button>
      </div>
      <p className="hint">{t('sim.settings.intro')}</p>

      <div className="settings-grid">
        <label htmlFor={`${id}-model`}>{t('sim.settings.model')}</label>
        <select
          id={`${id}-model`}
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
              {MODEL_PRESETS[modelId].label} ({MODEL_PRESETS[modelId].dtype})
            </option>
          ))}
        </select>

        <label htmlFor={`${id}-gpu`}>{t('sim.settings.gpu')}</label>
        <select
          id={`${id}-gpu`}
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

        <label htmlFor={`${id}-limit`}>{t('sim.settings.requestLimit')}</label>
        <div>
          <input
            id={`${id}-limit`}
            type="number"
            min={1}
            step={1}
            value={settings.requestLimitText}
            disabled={disabled}
            aria-invalid={errors?.requestLimit === true}
            onChange={(event) => setRequestLimitText(event.target.value)}
            data-testid="sim.requestLimit"
          />
          <span className="hint">
            {' '}
            {traceSize === null ? t('sim.settings.requestLimitHint') : t('sim.settings.requestLimitOf', { total: num(traceSize, 0) })}
          </span>
          {errors?.requestLimit === true && <div className="inline-error">{t('sim.settings.requestLimitInvalid')}</div>}
        </div>

        <label htmlFor={`${id}-arrivals`}>{t('sim.settings.arrivals')}</label>
        <div>
          <select
            id={`${id}-arrivals`}
            value={settings.arrivals}
            disabled={disabled}
            onChange={(event) => setArrivals(event.target.value as ArrivalMode)}
            data-testid="sim.arrivals"
          >
            <option value="trace">{t('sim.settings.arrivalsTrace')}</option>
            <option value="burst">{t('sim.settings.arrivalsBurst')}</option>
          </select>
          <div className="hint">
            {loaded !== null && !loaded.trace.hasArrivalTimes ? t('sim.settings.noArrivalTimes') : t('sim.settings.arrivalsHint')}
          </div>
        </div>

        <label htmlFor={`${id}-admission`}>{t('sim.settings.admission')}</label>
        <div>
          <select
            id={`${id}-admission`}
            value={settings.admission}
            disabled={disabled}
            onChange={(event) => setAdmission(event.target.value as AdmissionRule)}
            data-testid="sim.admission"
          >
            <option value="first-fit">{t('sim.settings.firstFit')}</option>
            <option value="fcfs">{t('sim.settings.fcfs')}</option>
          </select>
          <div className="hint">{t('sim.settings.admissionHint')}</div>
        </div>

        {drawsFromMatrix && (
          <>
            <label htmlFor={`${id}-seed`}>{t('sim.settings.seed')}</label>
            <div>
              <input
                id={`${id}-seed`}
                type="number"
                min={0}
                step={1}
                value={settings.seedText}
                disabled={disabled}
                aria-invalid={errors?.seed === true}
                onChange={(event) => setSeedText(event.target.value)}
                data-testid="sim.seed"
              />
              <span className="hint"> {t('sim.settings.seedHint')}</span>
              {errors?.seed === true && <div className="inline-error">{t('sim.settings.seedInvalid')}</div>}
            </div>
          </>
        )}

        <span className="label">{t('sim.settings.scheme')}</span>
        <div data-testid="sim.scheme">
          {card === null ? (
            t('sim.settings.schemeLoading')
          ) : (
            <>
              <code>{card.buckets.name}</code>: {t('sim.settings.schemeEdges', { count: numBuckets(card.buckets), edges: card.buckets.edges.join(', ') })}
              <div className="hint">{t('sim.settings.schemeHint')}</div>
            </>
          )}
        </div>
      </div>

      <h3>{t('sim.settings.costTitle')}</h3>
      <CostConstantsTable
        modelId={settings.modelId}
        gpuId={settings.gpuId}
        costText={settings.costText}
        errors={errors?.cost ?? {}}
        disabled={disabled}
      />
      {costModel !== null && (
        <p className="derived" data-testid="sim.kvCapacity">
          {t('sim.settings.derived', {
            kvGiB: num(costModel.kvCapacityBytes / 2 ** 30, 1),
            tokens: num(costModel.kvCapacityTokens, 0),
            perTokenKiB: num(costModel.kvBytesPerToken / 1024, 0),
            weightsGiB: num(costModel.weightBytes / 2 ** 30, 1),
          })}
        </p>
      )}
      <p className="hint">{t('sim.settings.costModelNote')}</p>
    </section>
  );
}
