import {
  Area,
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ComposedChart,
  LabelList,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useT } from '../../i18n/useT.ts';
import type { PolicyName, SimResult } from '../../sim/index.ts';
import { ChartFrame } from '../common/ChartFrame.tsx';
import {
  batchCsv,
  batchRows,
  GIB,
  kvCsv,
  kvRows,
  niceAxisTicks,
  sweepCsv,
  sweepRows,
  SWEEP_METRIC_LABELS,
  throughputCsv,
  throughputRows,
  type PercentileName,
  type SweepMetric,
} from './chartSeries.ts';
import { POLICY_COLORS, POLICY_LABELS } from './policyStyle.ts';
import type { Sweep } from './simStore.ts';

const CHART_HEIGHT = 260;
const SMALL_CHART_HEIGHT = 220;
const AXIS_TICK = { fontSize: 12 };

interface ChartProps {
  /** One result per policy, in the order to draw them. */
  readonly results: readonly SimResult[];
}

export function ThroughputChart({ results }: ChartProps) {
  const { t, num } = useT();
  const rows = throughputRows(results).map((row) => ({ ...row, label: t(POLICY_LABELS[row.policy]) }));
  return (
    <ChartFrame title={t('sim.chart.throughput')} exportName="throughput" testId="sim.chart.throughput" toCsv={() => throughputCsv(rows)}>
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <BarChart data={rows} margin={{ top: 24, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={AXIS_TICK} />
          <YAxis tick={AXIS_TICK} label={{ value: t('sim.axis.seqPerS'), angle: -90, position: 'insideLeft', offset: 4, fontSize: 12 }} />
          <Tooltip formatter={(value) => num(Number(value), 3)} />
          <Bar dataKey="sequencesPerS" name={t('sim.col.seqPerS')} isAnimationActive={false}>
            {rows.map((row) => (
              <Cell key={row.policy} fill={POLICY_COLORS[row.policy]} />
            ))}
            <LabelList dataKey="sequencesPerS" position="top" formatter={(value: unknown) => num(Number(value), 2)} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

function KvChart({ result, policy, maxGiB }: { readonly result: SimResult; readonly policy: PolicyName; readonly maxGiB: number }) {
  const { t, num } = useT();
  const label = t(POLICY_LABELS[policy]);
  const capacityGiB = result.kvCapacityBytes / GIB;
  const ticks = niceAxisTicks(maxGiB);
  return (
    <ChartFrame
      title={t('sim.chart.kvFor', { policy: label })}
      exportName={`kv-memory-${policy}`}
      testId={`sim.chart.kv.${policy}`}
      toCsv={() => kvCsv(result)}
    >
      <ResponsiveContainer width="100%" height={SMALL_CHART_HEIGHT}>
        <ComposedChart data={kvRows(result.timeline)} margin={{ top: 8, right: 16, bottom: 16, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="timeS"
            type="number"
            domain={[0, 'dataMax']}
            tick={AXIS_TICK}
            tickFormatter={(value: number) => num(value, 1)}
            label={{ value: t('sim.axis.timeS'), position: 'insideBottom', offset: -8, fontSize: 12 }}
          />
          <YAxis
            tick={AXIS_TICK}
            domain={[0, ticks.at(-1)!]}
            ticks={ticks}
            label={{ value: 'GiB', angle: -90, position: 'insideLeft', offset: 8, fontSize: 12 }}
          />
          <Tooltip formatter={(value) => `${num(Number(value), 2)} GiB`} labelFormatter={(value) => t('sim.axis.atTime', { time: num(Number(value), 2) })} />
          <Legend verticalAlign="top" height={24} />
          <ReferenceLine y={capacityGiB} stroke="#555" strokeDasharray="6 3" label={{ value: t('sim.chart.capacity'), position: 'insideTopRight', fontSize: 11 }} />
          <Area
            type="stepAfter"
            dataKey="reservedGiB"
            name={t('sim.chart.reserved')}
            stroke={POLICY_COLORS[policy]}
            fill={POLICY_COLORS[policy]}
            fillOpacity={0.25}
            isAnimationActive={false}
          />
          <Line type="stepAfter" dataKey="usedGiB" name={t('sim.chart.used')} stroke="#222" dot={false} strokeWidth={1.5} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

/** Draws one KV-memory chart per policy on the same axes, so their reserved areas compare at a glance. */
export function KvCharts({ results }: ChartProps) {
  const { t } = useT();
  const maxGiB = Math.max(...results.map((result) => result.kvCapacityBytes / GIB)) * 1.05;
  return (
    <section className="chart-group" data-testid="sim.chart.kv" aria-label={t('sim.chart.kvGroup')}>
      <h3>{t('sim.chart.kvGroup')}</h3>
      <p className="hint">{t('sim.chart.kvHint')}</p>
      <div className="chart-grid">
        {results.map((result) => (
          <KvChart key={result.policy} result={result} policy={result.policy} maxGiB={maxGiB} />
        ))}
      </div>
    </section>
  );
}

export function BatchChart({ results }: ChartProps) {
  const { t, num } = useT();
  const policies = results.map((result) => result.policy);
  const rows = batchRows(results);
  return (
    <ChartFrame title={t('sim.chart.batch')} exportName="batch-size" testId="sim.chart.batch" toCsv={() => batchCsv(rows, policies)}>
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 16, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="timeS"
            type="number"
            domain={[0, 'dataMax']}
            tick={AXIS_TICK}
            tickFormatter={(value: number) => num(value, 1)}
            label={{ value: t('sim.axis.timeS'), position: 'insideBottom', offset: -8, fontSize: 12 }}
          />
          <YAxis tick={AXIS_TICK} allowDecimals={false} label={{ value: t('sim.axis.batch'), angle: -90, position: 'insideLeft', offset: 8, fontSize: 12 }} />
          <Tooltip labelFormatter={(value) => t('sim.axis.atTime', { time: num(Number(value), 2) })} />
          <Legend verticalAlign="top" height={24} />
          {policies.map((policy) => (
            <Line
              key={policy}
              type="stepAfter"
              dataKey={policy}
              name={t(POLICY_LABELS[policy])}
              stroke={POLICY_COLORS[policy]}
              dot={false}
              strokeWidth={1.5}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

interface SweepChartProps {
  readonly sweep: Sweep;
  readonly metric: SweepMetric;
  readonly percentile: PercentileName;
}

/** Draws one line per policy of a latency percentile (or the throughput) against the arrival rate. */
export function SweepChart({ sweep, metric, percentile }: SweepChartProps) {
  const { t, num } = useT();
  const { points, policies } = sweep;
  const rows = sweepRows(points, metric, percentile);
  const plotted = metric === 'throughput' ? t('sim.metric.throughput') : `${percentile} ${t(SWEEP_METRIC_LABELS[metric])}`;
  // The axis label is the unit, so the tooltip reuses it.
  const axisLabel = metric === 'throughput' ? t('sim.axis.seqPerS') : t('sim.axis.seconds');
  return (
    <ChartFrame
      title={`${t('sim.sweep.chart')}: ${plotted}`}
      exportName="latency-vs-rate"
      testId="sim.chart.sweep"
      toCsv={() => sweepCsv(points, { cv: sweep.cv, seed: sweep.seed })}
    >
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 16, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="ratePerS"
            type="number"
            domain={[0, 'dataMax']}
            tick={AXIS_TICK}
            tickFormatter={(value: number) => num(value, 1)}
            label={{ value: t('sim.sweep.axisRate'), position: 'insideBottom', offset: -8, fontSize: 12 }}
          />
          <YAxis tick={AXIS_TICK} label={{ value: axisLabel, angle: -90, position: 'insideLeft', offset: 8, fontSize: 12 }} />
          <Tooltip formatter={(value) => `${num(Number(value), 3)} ${axisLabel}`} labelFormatter={(value) => `${num(Number(value), 2)} ${t('sim.sweep.axisRate')}`} />
          <Legend verticalAlign="top" height={24} />
          {policies.map((policy) => (
            <Line
              key={policy}
              type="linear"
              dataKey={policy}
              name={t(POLICY_LABELS[policy])}
              stroke={POLICY_COLORS[policy]}
              dot
              strokeWidth={1.5}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
