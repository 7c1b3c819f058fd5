import { useT, type Translator } from '../../i18n/useT.ts';
import { bucketRangeLabel, maxLength } from '../../predictor/buckets.ts';
import {
  COST_CONSTANT_NAMES,
  defaultCostConstants,
  GPU_PRESETS,
  MODEL_PRESETS,
  throughputRatio,
  type ArrivalProcess,
  type Percentiles,
  type PolicyName,
  type SimResult,
} from '../../sim/index.ts';
import { downloadCsv } from '../common/download.ts';
import { backendLabel } from '../predictor/backendLabel.ts';
import { ContextOverflowNotice } from './ContextOverflowNotice.tsx';
import { GIB } from './chartSeries.ts';
import { POLICY_COLORS, POLICY_DESCRIPTIONS, POLICY_LABELS } from './policyStyle.ts';
import { comparisonCsv } from './resultsCsv.ts';
import { BatchChart, KvCharts, ThroughputChart } from './SimCharts.tsx';
import type { Comparison } from './simStore.ts';

/**
 * When even the oracle gains less than this over max-length while replaying arrival
 * times, the GPU kept up with the arrivals and the UI suggests the saturated setting.
 */
const UNDERLOADED_TOLERANCE = 0.01;

/** Counts the cost constants of a run that differ from its presets' values. */
function changedConstants(result: SimResult): number {
  const defaults = defaultCostConstants(result.modelId, result.gpuId);
  return COST_CONSTANT_NAMES.filter((name) => result.cost[name] !== defaults[name]).length;
}

function arrivalsText(process: ArrivalProcess, translator: Translator): string {
  const { t, num } = translator;
  switch (process.kind) {
    case 'trace':
      return t('sim.settings.arrivalsTrace');
    case 'offline':
      return t('sim.settings.arrivalsBurst');
    case 'poisson':
      return t('sim.results.arrivalsPoisson', { rate: num(process.ratePerS, 3) });
    case 'gamma':
      return t('sim.results.arrivalsGamma', { rate: num(process.ratePerS, 3), cv: num(process.cv, 3) });
  }
}

/** Formats p50 / p90 / p99, scaled by `scale` (1000 for milliseconds). */
function percentilesText(percentiles: Percentiles, translator: Translator, scale = 1): string {
  const digits = scale === 1 ? 2 : 1;
  return [percentiles.p50, percentiles.p90, percentiles.p99].map((value) => translator.fixed(value * scale, digits)).join(' / ');
}

function sloText(result: SimResult, translator: Translator): string | null {
  const { slo } = result;
  if (slo === null) return null;
  if (slo.e2eS !== undefined) return translator.t('sim.results.sloE2e', { ms: translator.num(slo.e2eS * 1000, 3) });
  if (slo.ttftS !== undefined) return translator.t('sim.results.sloTtft', { ms: translator.num(slo.ttftS * 1000, 3) });
  return null;
}

/** Formats the mean unused reservation as its share of the reserved memory and its size in GiB. */
function unusedText(result: SimResult, translator: Translator): string {
  const gib = (result.meanUnusedReservedTokens * result.kvBytesPerToken) / GIB;
  return translator.t('sim.results.unusedValue', { share: translator.pct(result.meanUnusedReservedShare), gib: translator.num(gib, 1) });
}

/** Describes the per-step limits of a run and how often each stopped admission, or returns null when it had none. */
function limitsText(result: SimResult, translator: Translator): string | null {
  const { t, num, pct } = translator;
  const { maxNumSeqs, maxBatchedTokens, kvWatermark } = result.batchLimits;
  if (maxNumSeqs === null && maxBatchedTokens === null && kvWatermark === 0) return null;
  const cap = (value: number | null): string => (value === null ? t('sim.results.noCap') : num(value, 0));
  return t('sim.results.limits', {
    policy: t(POLICY_LABELS[result.policy]),
    seqs: cap(maxNumSeqs),
    tokens: cap(maxBatchedTokens),
    watermark: pct(kvWatermark),
    seqSteps: num(result.stepsLimitedBy.sequences, 0),
    tokenSteps: num(result.stepsLimitedBy.tokens, 0),
    watermarkSteps: num(result.stepsLimitedBy.watermark, 0),
    steps: num(result.iterations, 0),
  });
}

function PolicyCell({ policy }: { readonly policy: PolicyName }) {
  const { t } = useT();
  return (
    <th scope="row" className="policy-cell" title={t(POLICY_DESCRIPTIONS[policy])}>
      <span className="swatch" style={{ backgroundColor: POLICY_COLORS[policy] }} aria-hidden="true" />
      {t(POLICY_LABELS[policy])}
    </th>
  );
}

function resultOf(results: readonly SimResult[], policy: PolicyName): SimResult | undefined {
  return results.find((result) => result.policy === policy);
}

function predictionText(comparison: Comparison, translator: Translator): string {
  const { t, num } = translator;
  const source = comparison.prediction;
  if (source.kind === 'predictor') {
    const backend = source.backend === null ? '?' : backendLabel(source.backend.name, source.backend.wasmThreads, translator);
    return t('sim.results.fromPredictor', { backend, cached: num(source.cached, 0) });
  }
  const base = t('sim.results.fromMatrix', { seed: source.seed });
  if (source.fallbackRequests === 0) return base;
  const rows = source.emptyRows.map((bucket) => bucketRangeLabel(comparison.scheme, bucket)).join(', ');
  return `${base} ${t('sim.results.emptyRows', { count: num(source.fallbackRequests, 0), rows })}`;
}

export function ResultsPanel({ comparison }: { readonly comparison: Comparison }) {
  const translator = useT();
  const { t, num, pct, fixed } = translator;
  const { results } = comparison;
  const first = results[0]!;
  const s3 = resultOf(results, 's3');
  const baseline = resultOf(results, 'max-length');
  const oracle = resultOf(results, 'oracle');
  const ratio = s3 && baseline ? throughputRatio(s3, baseline) : Number.NaN;
  const tokenRatio = s3 && baseline ? throughputRatio(s3, baseline, 'output-tokens') : Number.NaN;
  const oracleRatio = oracle && baseline ? throughputRatio(oracle, baseline) : Number.NaN;
  const slo = sloText(first, translator);
  const changed = changedConstants(first);
  const fallbacks = s3?.allocationFallbacks ?? 0;
  const generatedArrivals = comparison.arrivalProcess.kind === 'poisson' || comparison.arrivalProcess.kind === 'gamma';
  const limits = results.map((result) => limitsText(result, translator)).filter((text): text is string => text !== null);

  return (
    <section className="card results" aria-labelledby="sim-results-heading" data-testid="sim.results">
      <div className="row spread">
        <h2 id="sim-results-heading">{t('sim.results.title')}</h2>
        <button
          type="button"
          className="secondary small"
          onClick={() => downloadCsv('policy-comparison.csv', comparisonCsv(comparison))}
          data-testid="sim.results.csv"
        >
          {t('sim.results.exportCsv')}
        </button>
      </div>
      <p data-testid="sim.results.meta">
        {t('sim.results.meta', {
          file: comparison.traceFileName,
          count: num(comparison.requests, 0),
          arrivals: arrivalsText(comparison.arrivalProcess, translator),
        })}{' '}
        {generatedArrivals && `${t('sim.results.arrivalSeed', { seed: comparison.arrivalSeed })} `}
        {changed === 0
          ? t('sim.results.setupPresets', { model: MODEL_PRESETS[first.modelId].label, gpu: GPU_PRESETS[first.gpuId].label })
          : t('sim.results.setup', { model: MODEL_PRESETS[first.modelId].label, gpu: GPU_PRESETS[first.gpuId].label, changed })}{' '}
        {predictionText(comparison, translator)}
        {slo !== null && ` ${slo}`}
      </p>
      {comparison.cappedOutputs > 0 && (
        <p className="notice">{t('sim.results.capped', { count: num(comparison.cappedOutputs, 0), max: num(maxLength(comparison.scheme), 0) })}</p>
      )}

      <ContextOverflowNotice overflow={comparison.contextOverflow} />
      {fallbacks > 0 && <p className="notice">{t('sim.results.fallbacks', { count: num(fallbacks, 0) })}</p>}

      <div className="ratio" data-testid="sim.ratio" data-value={Number.isFinite(ratio) ? ratio : ''}>
        <span className="ratio-label">{t('sim.results.ratioLabel')}</span>
        <span className="ratio-value" data-testid="sim.ratio.value">
          {Number.isFinite(ratio) ? `${fixed(ratio, 2)}×` : '–'}
        </span>
        <span className="ratio-detail">
          {s3 && baseline
            ? t('sim.results.ratioDetail', {
                tokens: fixed(tokenRatio, 2),
                oracle: fixed(oracleRatio, 2),
              })
            : t('sim.results.noRatio')}
        </span>
      </div>
      {comparison.arrivals === 'trace' && comparison.hadArrivalTimes && Math.abs(oracleRatio - 1) < UNDERLOADED_TOLERANCE && (
        <p className="notice" data-testid="sim.underloaded">
          {t('sim.results.underloaded')}
        </p>
      )}

      <h3>{t('sim.results.throughputTable')}</h3>
      <div className="table-scroll">
        <table className="data-table results-table" data-testid="sim.table">
          <thead>
            <tr>
              <th scope="col">{t('sim.col.policy')}</th>
              <th scope="col" className="num">{t('sim.col.seqPerS')}</th>
              <th scope="col" className="num">{t('sim.col.tokensPerS')}</th>
              <th scope="col" className="num">{t('sim.col.makespan')}</th>
              <th scope="col" className="num">{t('sim.col.preemptions')}</th>
              <th scope="col" className="num">{t('sim.col.extensions')}</th>
              <th scope="col" className="num">{t('sim.col.recomputed')}</th>
              <th scope="col" className="num">{t('sim.col.meanBatch')}</th>
              <th scope="col" className="num">{t('sim.col.peakBatch')}</th>
              <th scope="col" className="num">{t('sim.col.unused')}</th>
            </tr>
          </thead>
          <tbody>
            {results.map((result) => (
              <tr key={result.policy} data-testid={`sim.row.${result.policy}`}>
                <PolicyCell policy={result.policy} />
                <td className="num">{num(result.throughputSequencesPerS, 3)}</td>
                <td className="num">{num(result.throughputOutputTokensPerS, 0)}</td>
                <td className="num">{num(result.makespanS, 1)}</td>
                <td className="num">{num(result.preemptions, 0)}</td>
                <td className="num">{num(result.inPlaceExtensions, 0)}</td>
                <td className="num">{num(result.recomputedTokens, 0)}</td>
                <td className="num">{num(result.meanBatchSize, 1)}</td>
                <td className="num">{num(result.peakBatchSize, 0)}</td>
                <td className="num" data-testid={`sim.unused.${result.policy}`}>
                  {unusedText(result, translator)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="hint">{t('sim.results.unusedNote')}</p>
      {limits.map((text) => (
        <p className="hint" key={text} data-testid="sim.results.limits">
          {text}
        </p>
      ))}

      <h3>{t('sim.results.latencyTable')}</h3>
      <div className="table-scroll">
        <table className="data-table results-table" data-testid="sim.latencyTable">
          <thead>
            <tr>
              <th scope="col">{t('sim.col.policy')}</th>
              <th scope="col" className="num">{t('sim.col.latency')}</th>
              <th scope="col" className="num">{t('sim.col.ttft')}</th>
              <th scope="col" className="num">{t('sim.col.tpot')}</th>
              <th scope="col" className="num">{t('sim.col.e2e')}</th>
              <th scope="col" className="num">{t('sim.col.slo')}</th>
            </tr>
          </thead>
          <tbody>
            {results.map((result) => (
              <tr key={result.policy} data-testid={`sim.latencyRow.${result.policy}`}>
                <PolicyCell policy={result.policy} />
                <td className="num">{num(result.meanLatencyS, 2)}</td>
                <td className="num">{percentilesText(result.latency.ttftS, translator)}</td>
                <td className="num">{percentilesText(result.latency.tpotS, translator, 1000)}</td>
                <td className="num">{percentilesText(result.latency.e2eS, translator)}</td>
                <td className="num" title={result.sloAttainment === null ? t('sim.results.sloNotSet') : undefined}>
                  {result.sloAttainment === null ? '–' : pct(result.sloAttainment)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <p className="hint">
        {t('sim.results.latencyNote')}
        {slo === null && <span data-testid="sim.results.sloNotSet"> {t('sim.results.sloNotSet')}</span>}
      </p>

      <div className="chart-grid two">
        <ThroughputChart results={results} />
        <BatchChart results={results} />
      </div>
      <KvCharts results={results} />
    </section>
  );
}
