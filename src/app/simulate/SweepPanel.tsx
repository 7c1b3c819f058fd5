import { useId, useState } from 'react';
import { useT } from '../../i18n/useT.ts';
import { useModelCardStore } from '../modelCard/modelCardStore.ts';
import { PERCENTILE_NAMES, SWEEP_METRIC_LABELS, SWEEP_METRICS, type PercentileName, type SweepMetric } from './chartSeries.ts';
import { setSweepArrivals, setSweepCvText, setSweepRatesText } from './schedulingActions.ts';
import { resolveScheduling, type SweepArrivals } from './schedulingSettings.ts';
import { resolveSettings } from './settings.ts';
import { runSweep } from './simActions.ts';
import { ContextOverflowNotice } from './ContextOverflowNotice.tsx';
import { SweepChart } from './SimCharts.tsx';
import { useSimStore } from './simStore.ts';

function isSweepMetric(value: string): value is SweepMetric {
  return (SWEEP_METRICS as readonly string[]).includes(value);
}

function isPercentile(value: string): value is PercentileName {
  return (PERCENTILE_NAMES as readonly string[]).includes(value);
}

function isSweepArrivals(value: string): value is SweepArrivals {
  return value === 'poisson' || value === 'gamma';
}

/** Load sweep: its rates and arrival process, the run button, and the latency-against-rate chart of the last sweep. */
export function SweepPanel() {
  const { t, num } = useT();
  const id = useId();
  const { loaded, settings, scheduling, phase, sweep } = useSimStore();
  const cardReady = useModelCardStore((state) => state.card.status === 'ready');
  const [metric, setMetric] = useState<SweepMetric>('e2e');
  const [percentile, setPercentile] = useState<PercentileName>('p90');
  const resolution = resolveScheduling(scheduling, settings.arrivals, true);
  const ratesInvalid = !resolution.ok && resolution.errors.sweepRates;
  const cvInvalid = !resolution.ok && resolution.errors.sweepCv;
  const idle = phase.kind === 'idle';
  const canRun = loaded !== null && phase.kind === 'idle' && cardReady && resolution.ok && resolveSettings(settings).ok;

  return (
    <section className="card" aria-labelledby={`${id}-heading`} data-testid="sim.sweep">
      <h2 id={`${id}-heading`}>{t('sim.sweep.title')}</h2>
      <p className="hint">{t('sim.sweep.intro')}</p>
      <div className="row wrap">
        <label htmlFor={`${id}-rates`}>{t('sim.sweep.rates')}</label>
        <input
          id={`${id}-rates`}
          type="text"
          inputMode="decimal"
          value={scheduling.sweepRatesText}
          disabled={!idle}
          aria-invalid={ratesInvalid}
          onChange={(event) => setSweepRatesText(event.target.value)}
          data-testid="sim.sweep.rates"
        />
        <label htmlFor={`${id}-arrivals`}>{t('sim.sweep.arrivals')}</label>
        <select
          id={`${id}-arrivals`}
          value={scheduling.sweepArrivals}
          disabled={!idle}
          onChange={(event) => {
            if (isSweepArrivals(event.target.value)) setSweepArrivals(event.target.value);
          }}
          data-testid="sim.sweep.arrivals"
        >
          <option value="poisson">{t('sim.sweep.poisson')}</option>
          <option value="gamma">{t('sim.sweep.gamma')}</option>
        </select>
        {scheduling.sweepArrivals === 'gamma' && (
          <>
            <label htmlFor={`${id}-cv`}>{t('sim.settings.arrivalCv')}</label>
            <input
              id={`${id}-cv`}
              type="number"
              min={0}
              step="any"
              value={scheduling.sweepCvText}
              disabled={!idle}
              aria-invalid={cvInvalid}
              onChange={(event) => setSweepCvText(event.target.value)}
              data-testid="sim.sweep.cv"
            />
          </>
        )}
        <button type="button" className="primary" disabled={!canRun} onClick={() => void runSweep()} data-testid="sim.sweep.run">
          {t('sim.sweep.run')}
        </button>
      </div>
      {ratesInvalid && <div className="inline-error">{t('sim.sweep.ratesInvalid')}</div>}
      {cvInvalid && <div className="inline-error">{t('sim.settings.arrivalCvInvalid')}</div>}
      <p className="hint">{t('sim.sweep.seedHint', { seed: settings.arrivalSeedText })}</p>

      {sweep !== null && (
        <>
          <p data-testid="sim.sweep.meta">
            {t('sim.sweep.meta', {
              file: sweep.traceFileName,
              count: num(sweep.requests, 0),
              arrivals: sweep.cv === null ? t('sim.sweep.arrivalsPoisson') : t('sim.sweep.arrivalsGamma', { cv: num(sweep.cv, 3) }),
              seed: sweep.seed,
            })}
          </p>
          <ContextOverflowNotice overflow={sweep.contextOverflow} />
          <div className="row">
            <label htmlFor={`${id}-metric`}>{t('sim.sweep.metric')}</label>
            <select
              id={`${id}-metric`}
              value={metric}
              onChange={(event) => {
                if (isSweepMetric(event.target.value)) setMetric(event.target.value);
              }}
              data-testid="sim.sweep.metric"
            >
              {SWEEP_METRICS.map((name) => (
                <option key={name} value={name}>
                  {t(SWEEP_METRIC_LABELS[name])}
                </option>
              ))}
            </select>
            <label htmlFor={`${id}-percentile`}>{t('sim.sweep.percentile')}</label>
            <select
              id={`${id}-percentile`}
              value={percentile}
              disabled={metric === 'throughput'}
              onChange={(event) => {
                if (isPercentile(event.target.value)) setPercentile(event.target.value);
              }}
              data-testid="sim.sweep.percentile"
            >
              {PERCENTILE_NAMES.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </div>
          <SweepChart sweep={sweep} metric={metric} percentile={percentile} />
        </>
      )}
    </section>
  );
}
