import { useId } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { PlainMessageKey } from '../../i18n/translate.ts';
import { useT, type Translator } from '../../i18n/useT.ts';
import { maxLength } from '../../predictor/buckets.ts';
import { dtypePreset, gpuPreset, modelPreset } from '../../sim/presets.ts';
import {
  DEFAULT_NORMALIZED_LATENCY_THRESHOLD_S,
  VLLM_SYSTEM_POLICY,
  VLLM_SYSTEMS,
  vllmOrder,
  type SustainableRate,
  type VllmComparison,
  type VllmProgress,
  type VllmSystem,
  type VllmWorkloadResult,
} from '../../sim/vllmComparison.ts';
import { ChartFrame } from '../common/ChartFrame.tsx';
import { downloadCsv } from '../common/download.ts';
import { POLICY_COLORS } from '../simulate/policyStyle.ts';
import { vllmOrderCsv, vllmSweepCsv } from './reproduceExport.ts';
import { parseThreshold, setThresholdText, useReproduceStore, type JobState } from './reproduceStore.ts';
import { workloadName } from './workloadNames.ts';

const CHART_HEIGHT = 300;
const AXIS_TICK = { fontSize: 12 };
/** Factor between the extreme latencies and the ends of the log axis. */
const LOG_AXIS_PADDING = 1.5;

/** System names as the vLLM paper writes them; the same in every UI language. */
const SYSTEM_LABELS: Readonly<Record<VllmSystem, string>> = {
  'orca-max': 'ORCA (Max)',
  'orca-oracle': 'ORCA (Oracle)',
  vllm: 'vLLM',
};

const SYSTEM_RESERVES: Readonly<Record<VllmSystem, PlainMessageKey>> = {
  'orca-max': 'repro.vllm.reserves.max',
  'orca-oracle': 'repro.vllm.reserves.oracle',
  vllm: 'repro.vllm.reserves.paged',
};

function rateText(rate: SustainableRate, { t, num }: Translator): string {
  const value = num(rate.ratePerS, 2);
  switch (rate.bound) {
    case 'interpolated':
      return value;
    case 'above-grid':
      return t('repro.vllm.aboveGrid', { rate: value });
    case 'below-grid':
      return t('repro.vllm.belowGrid', { rate: value });
  }
}

function Setup({ comparison }: { readonly comparison: VllmComparison }) {
  const { t, num } = useT();
  const { setup } = comparison;
  const model = modelPreset(setup.modelId);
  const kvTokens = comparison.workloads[0]?.offline['orca-max'].kvCapacityTokens ?? Number.NaN;
  const zeroOutputs = comparison.workloads.map((workload) => `${workloadName(workload.id, t)}: ${num(workload.offline.vllm.zeroOutputRequests, 0)}`).join(', ');
  return (
    <>
      <div className="table-scroll">
        <table className="data-table compact" data-testid="repro.vllm.mapping">
          <thead>
            <tr>
              <th scope="col">{t('repro.vllm.system')}</th>
              <th scope="col">{t('repro.vllm.policy')}</th>
              <th scope="col">{t('repro.vllm.reserves')}</th>
            </tr>
          </thead>
          <tbody>
            {VLLM_SYSTEMS.map((system) => (
              <tr key={system}>
                <th scope="row">{SYSTEM_LABELS[system]}</th>
                <td>
                  <code>{VLLM_SYSTEM_POLICY[system]}</code>
                </td>
                <td>{t(SYSTEM_RESERVES[system])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="hint">
        {t('repro.vllm.reservesDetail', { max: num(maxLength(setup.scheme), 0), block: setup.blockSizeTokens })}
      </p>
      <h3>{t('repro.setupTitle')}</h3>
      <ul data-testid="repro.vllm.setup">
        <li>
          {t('repro.vllm.setup.model', {
            model: model.label,
            dtype: dtypePreset(model.dtype).label,
            gpu: gpuPreset(setup.gpuId).label,
            tp: setup.tensorParallel,
            tokens: num(kvTokens, 0),
          })}
        </li>
        <li>
          {t('repro.vllm.setup.workloads', {
            count: num(setup.requestCount, 0),
            context: num(model.maxSequenceTokens, 0),
            span: num(setup.minArrivalSpanS, 0),
            seed: setup.seed,
          })}
        </li>
        <li>{t('repro.vllm.setup.cost')}</li>
        <li>
          {t('repro.vllm.setup.metric', {
            zero: zeroOutputs,
            count: num(setup.requestCount, 0),
            low: setup.gridLowFactor,
            high: setup.gridHighFactor,
            perOctave: setup.ratesPerOctave,
          })}
        </li>
      </ul>
    </>
  );
}

function LatencyChart({ workload, thresholdS }: { readonly workload: VllmWorkloadResult; readonly thresholdS: number | null }) {
  const { t, num } = useT();
  const name = workloadName(workload.id, t);
  const latencies = workload.points.map((point) => point.summary.normalizedLatencySPerToken).filter((value) => value > 0 && Number.isFinite(value));
  // A log axis needs a positive domain, and the padding keeps the lowest and highest lines off its edges.
  const domain: [number, number] = [Math.min(...latencies) / LOG_AXIS_PADDING, Math.max(...latencies) * LOG_AXIS_PADDING];
  const rows = workload.rates.map((ratePerS) => {
    const row: Record<string, number> = { ratePerS };
    for (const point of workload.points) {
      if (point.ratePerS === ratePerS) row[point.system] = point.summary.normalizedLatencySPerToken;
    }
    return row;
  });
  return (
    <ChartFrame
      title={t('repro.vllm.chart', { name })}
      exportName={`vllm-normalized-latency-${workload.id}`}
      testId={`repro.vllm.chart.${workload.id}`}
      toCsv={() => vllmSweepCsv(workload)}
    >
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 16, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="ratePerS"
            type="number"
            scale="log"
            domain={['dataMin', 'dataMax']}
            tick={AXIS_TICK}
            tickFormatter={(value: number) => num(value, 2)}
            label={{ value: t('repro.vllm.axisRate'), position: 'insideBottom', offset: -8, fontSize: 12 }}
          />
          <YAxis
            type="number"
            scale="log"
            domain={domain}
            tick={AXIS_TICK}
            tickFormatter={(value: number) => num(value, 3)}
            label={{ value: t('repro.vllm.axisLatency'), angle: -90, position: 'insideLeft', offset: 8, fontSize: 12 }}
          />
          <Tooltip formatter={(value) => num(Number(value), 3)} labelFormatter={(value) => t('repro.vllm.atRate', { rate: num(Number(value), 2) })} />
          <Legend verticalAlign="top" height={24} />
          {thresholdS !== null && (
            <ReferenceLine y={thresholdS} stroke="#555" strokeDasharray="6 3" label={{ value: t('repro.vllm.thresholdLine'), position: 'insideTopLeft', fontSize: 11 }} />
          )}
          {VLLM_SYSTEMS.map((system) => (
            <Line
              key={system}
              type="linear"
              dataKey={system}
              name={SYSTEM_LABELS[system]}
              stroke={POLICY_COLORS[VLLM_SYSTEM_POLICY[system]]}
              dot={{ r: 2 }}
              strokeWidth={1.5}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

function WorkloadResult({ workload, thresholdS }: { readonly workload: VllmWorkloadResult; readonly thresholdS: number | null }) {
  const translator = useT();
  const { t, num, fixed } = translator;
  const order = thresholdS === null ? null : vllmOrder(workload, thresholdS);
  const gaps =
    order === null
      ? null
      : { vo: fixed(order.vllmOverOracle, 2), vm: fixed(order.vllmOverMax, 2), om: fixed(order.oracleOverMax, 2) };
  const atEdge = order !== null && VLLM_SYSTEMS.some((system) => order.rates[system].bound !== 'interpolated');
  return (
    <article data-testid={`repro.vllm.workload.${workload.id}`}>
      <h3>{workloadName(workload.id, t)}</h3>
      <p className="hint">
        {t('repro.vllm.workloadMeta', {
          file: workload.file,
          requests: num(workload.requests, 0),
          prompt: num(workload.meanPromptTokens, 0),
          output: num(workload.meanOutputTokens, 0),
          leftOut: num(workload.leftOut, 0),
          scanned: num(workload.scanned, 0),
          rates: workload.rates.length,
          low: num(workload.rates[0] ?? Number.NaN, 2),
          high: num(workload.rates.at(-1) ?? Number.NaN, 2),
        })}
      </p>
      <div className="table-scroll">
        <table className="data-table compact" data-testid={`repro.vllm.table.${workload.id}`}>
          <thead>
            <tr>
              <th scope="col">{t('repro.vllm.system')}</th>
              <th scope="col" className="num">{t('repro.vllm.col.rate')}</th>
              <th scope="col" className="num">{t('repro.vllm.col.offline')}</th>
              <th scope="col" className="num">{t('repro.vllm.col.offlineBatch')}</th>
            </tr>
          </thead>
          <tbody>
            {[...VLLM_SYSTEMS].reverse().map((system) => (
              <tr key={system} data-testid={`repro.vllm.row.${workload.id}.${system}`} data-rate={order?.rates[system].ratePerS ?? ''}>
                <th scope="row">
                  <span className="swatch" style={{ backgroundColor: POLICY_COLORS[VLLM_SYSTEM_POLICY[system]] }} aria-hidden="true" />
                  {SYSTEM_LABELS[system]}
                </th>
                <td className="num">{order === null ? '–' : rateText(order.rates[system], translator)}</td>
                <td className="num">{num(workload.offline[system].throughputSequencesPerS, 2)}</td>
                <td className="num">{num(workload.offline[system].meanBatchSize, 1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {order !== null && gaps !== null && (
        <p className={order.inExpectedOrder ? 'notice' : 'alert error'} data-testid={`repro.vllm.order.${workload.id}`} data-holds={order.inExpectedOrder}>
          {order.inExpectedOrder ? t('repro.vllm.orderHolds', gaps) : t('repro.vllm.orderFails', gaps)}
        </p>
      )}
      {atEdge && <p className="hint">{t('repro.vllm.boundNote')}</p>}
      <LatencyChart workload={workload} thresholdS={thresholdS} />
    </article>
  );
}

/** Renders the vLLM comparison: systems and their policies, assumptions, the threshold, and the order and gaps per workload. */
export function VllmSection({ state }: { readonly state: JobState<VllmComparison, VllmProgress> }) {
  const { t, num } = useT();
  const id = useId();
  const thresholdText = useReproduceStore((store) => store.thresholdText);
  const thresholdS = parseThreshold(thresholdText);
  const comparison = state.status === 'done' ? state.result : null;
  return (
    <section className="card" aria-labelledby={`${id}-heading`} data-testid="repro.vllm">
      <div className="row spread">
        <h2 id={`${id}-heading`}>{t('repro.vllm.title')}</h2>
        {comparison !== null && thresholdS !== null && (
          <button
            type="button"
            className="secondary small"
            onClick={() => downloadCsv('vllm-order.csv', vllmOrderCsv(comparison, thresholdS))}
            data-testid="repro.vllm.csv"
          >
            {t('repro.exportCsv')}
          </button>
        )}
      </div>
      <p>{t('repro.vllm.claim')}</p>
      {state.status === 'failed' && (
        <p role="alert" className="alert error">
          {t('repro.failed', { reason: state.message })}
        </p>
      )}
      {comparison !== null && (
        <>
          <Setup comparison={comparison} />
          <div className="row">
            <label htmlFor={`${id}-threshold`}>{t('repro.vllm.threshold')}</label>
            <input
              id={`${id}-threshold`}
              type="text"
              inputMode="decimal"
              value={thresholdText}
              aria-invalid={thresholdS === null}
              onChange={(event) => setThresholdText(event.target.value)}
              data-testid="repro.vllm.threshold"
            />
          </div>
          {thresholdS === null && <div className="inline-error">{t('repro.vllm.thresholdInvalid')}</div>}
          <p className="hint">{t('repro.vllm.thresholdHint', { value: num(DEFAULT_NORMALIZED_LATENCY_THRESHOLD_S, 3) })}</p>
          {comparison.workloads.map((workload) => (
            <WorkloadResult key={workload.id} workload={workload} thresholdS={thresholdS} />
          ))}
        </>
      )}
    </section>
  );
}
