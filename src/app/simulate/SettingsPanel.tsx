import { useId } from 'react';
import { useT } from '../../i18n/useT.ts';
import { numBuckets } from '../../predictor/buckets.ts';
import { MIXED_ITERATION_MODES, type AdmissionRule, type CostModel } from '../../sim/index.ts';
import { useReadyModelCard } from '../modelCard/modelCardStore.ts';
import { ArrivalRateFields } from './ArrivalRateFields.tsx';
import { CostConstantsTable } from './CostConstantsTable.tsx';
import { LatencyTablePicker } from './LatencyTablePicker.tsx';
import { PresetSelectors } from './PresetSelectors.tsx';
import { resolveSettings, settingsCostModel, type SimSettings } from './settings.ts';
import {
  resetSettings,
  setAdmission,
  setArrivals,
  setArrivalSeedText,
  setMixedIterations,
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
    return settingsCostModel(settings, resolved.cost);
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
        <PresetSelectors settings={settings} disabled={disabled} idPrefix={id} />

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
            <option value="poisson">{t('sim.settings.arrivalsPoisson')}</option>
            <option value="gamma">{t('sim.settings.arrivalsGamma')}</option>
          </select>
          <ArrivalRateFields />
          <div className="hint">
            {loaded !== null && !loaded.trace.hasArrivalTimes ? t('sim.settings.noArrivalTimes') : t('sim.settings.arrivalsHint')}
          </div>
        </div>

        <label htmlFor={`${id}-arrival-seed`}>{t('sim.settings.arrivalSeed')}</label>
        <div>
          <input
            id={`${id}-arrival-seed`}
            type="number"
            min={0}
            step={1}
            value={settings.arrivalSeedText}
            disabled={disabled}
            aria-invalid={errors?.arrivalSeed === true}
            onChange={(event) => setArrivalSeedText(event.target.value)}
            data-testid="sim.arrivalSeed"
          />
          <span className="hint"> {t('sim.settings.arrivalSeedHint')}</span>
          {errors?.arrivalSeed === true && <div className="inline-error">{t('sim.settings.seedInvalid')}</div>}
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
        dtype={settings.dtype}
        tensorParallel={settings.tensorParallel}
        costText={settings.costText}
        errors={errors?.cost ?? {}}
        disabled={disabled}
      />
      <p className="hint">{t('sim.settings.perGpuNote')}</p>
      {errors !== null && errors.fit !== null && (
        <p className="inline-error" role="alert" data-testid="sim.fitError">
          {errors.fit}
        </p>
      )}
      {costModel !== null && (
        <p className="derived" data-testid="sim.kvCapacity">
          {t('sim.settings.derived', {
            kvGiB: num(costModel.kvCapacityBytes / 2 ** 30, 1),
            tokens: num(costModel.kvCapacityTokens, 0),
            perTokenKiB: num(costModel.kvBytesPerToken / 1024, 0),
            weightsGiB: num(costModel.weightBytes / 2 ** 30, 1),
          })}
          {costModel.tensorParallel > 1 && (
            <>
              {' '}
              {t('sim.settings.derivedParallel', {
                gpus: costModel.tensorParallel,
                memoryGiB: num(costModel.totalGpuMemoryBytes / 2 ** 30, 1),
                weightsGiB: num(costModel.weightBytes / 2 ** 30, 1),
                reserveGiB: num(costModel.totalReserveBytes / 2 ** 30, 1),
              })}
            </>
          )}
        </p>
      )}
      <p className="hint">
        {t('sim.settings.costModelNote')} <a href="#cost">{t('sim.settings.costModelLink')}</a>
      </p>

      <h3>{t('sim.settings.latencyTable')}</h3>
      <div className="settings-grid">
        <label htmlFor={`${id}-mixed`}>{t('sim.settings.mixedIterations')}</label>
        <div>
          <select
            id={`${id}-mixed`}
            value={settings.mixedIterations}
            disabled={disabled}
            onChange={(event) => {
              const mode = MIXED_ITERATION_MODES.find((candidate) => candidate === event.target.value);
              if (mode !== undefined) setMixedIterations(mode);
            }}
            data-testid="sim.mixedIterations"
          >
            <option value="fused">{t('sim.settings.mixedFused')}</option>
            <option value="separate">{t('sim.settings.mixedSeparate')}</option>
          </select>
          <div className="hint">{t('sim.settings.mixedHint')}</div>
        </div>
      </div>
      <LatencyTablePicker table={settings.latencyTable} kvCapacityTokens={costModel?.kvCapacityTokens ?? null} disabled={disabled} />
    </section>
  );
}
