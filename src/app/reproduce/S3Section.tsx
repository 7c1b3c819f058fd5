import { Bar, BarChart, CartesianGrid, Legend, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { maxLength } from '../../predictor/buckets.ts';
import { useT } from '../../i18n/useT.ts';
import { DEFAULT_ACTIVATION_RESERVE_BYTES, DEFAULT_ITERATION_OVERHEAD_S } from '../../sim/costModel.ts';
import { dtypePreset, gpuPreset, modelPreset } from '../../sim/presets.ts';
import { S3_BASELINE_GPU, S3_MATCH_BAND, S3_REPORTED_RATIO, type S3Progress, type S3Reproduction } from '../../sim/reproduction.ts';
import { ChartFrame } from '../common/ChartFrame.tsx';
import { toCsv } from '../common/csv.ts';
import { downloadCsv } from '../common/download.ts';
import { POLICY_COLORS } from '../simulate/policyStyle.ts';
import { s3TableCsv } from './reproduceExport.ts';
import type { JobState, ReproductionInputs } from './reproduceStore.ts';
import { S3Sensitivity } from './S3Sensitivity.tsx';

const GIB = 2 ** 30;
const CHART_HEIGHT = 300;
const AXIS_TICK = { fontSize: 12 };

function Assumptions({ inputs, gpuId }: { readonly inputs: ReproductionInputs; readonly gpuId: S3Reproduction['gpuId'] }) {
  const { t, num } = useT();
  const { scheme } = inputs.s3;
  const max = num(maxLength(scheme), 0);
  return (
    <>
      <h3>{t('repro.setupTitle')}</h3>
      <ul data-testid="repro.s3.setup">
        <li>{t('repro.s3.setup.trace', { file: inputs.predicted.trace.file, count: num(inputs.s3.lengths.length, 0), max })}</li>
        <li>{t('repro.s3.setup.gpu', { gpu: gpuPreset(gpuId).label, dtype: dtypePreset('fp16').label, max })}</li>
        <li>
          {t('repro.s3.setup.buckets', {
            count: scheme.edges.length - 1,
            edges: scheme.edges.join(', '),
            model: inputs.predicted.model.id,
          })}
        </li>
        <li>{t('repro.s3.setup.policies', { max })}</li>
        <li>
          {t('repro.s3.setup.cost', {
            reserveGiB: num(DEFAULT_ACTIVATION_RESERVE_BYTES / GIB, 2),
            overheadMs: num(DEFAULT_ITERATION_OVERHEAD_S * 1000, 1),
          })}
        </li>
      </ul>
    </>
  );
}

function Verdict({ reproduction }: { readonly reproduction: S3Reproduction }) {
  const { t, fixed } = useT();
  const best = reproduction.rows.find((row) => row.modelId === reproduction.maxModelId)?.comparison;
  if (reproduction.maxModelId === null || best === undefined || best === null) return null;
  const params = {
    ratio: fixed(reproduction.maxRatio, 2),
    model: modelPreset(reproduction.maxModelId).label,
    tp: best.setup.tensorParallel,
    low: S3_MATCH_BAND.low,
    high: S3_MATCH_BAND.high,
    reported: S3_REPORTED_RATIO,
  };
  const inBand = reproduction.rows.filter(
    (row) => row.comparison !== null && row.comparison.s3Ratio >= S3_MATCH_BAND.low && row.comparison.s3Ratio <= S3_MATCH_BAND.high,
  );
  return (
    <div className="ratio" data-testid="repro.s3.verdict" data-in-band={reproduction.maxInBand} data-value={reproduction.maxRatio}>
      <span className="ratio-label">{t('repro.s3.maxLabel')}</span>
      <span className="ratio-value">{`${params.ratio}×`}</span>
      <span className="ratio-detail">
        {reproduction.maxInBand ? t('repro.s3.verdictIn', params) : t('repro.s3.verdictOut', params)}{' '}
        {inBand.length > 0
          ? t('repro.s3.inBandModels', { models: inBand.map((row) => modelPreset(row.modelId).label).join(', ') })
          : t('repro.s3.noneInBand')}
      </span>
    </div>
  );
}

function ThroughputTable({ reproduction }: { readonly reproduction: S3Reproduction }) {
  const { t, num, fixed } = useT();
  return (
    <div className="table-scroll">
      <table className="data-table wrap-head" data-testid="repro.s3.table">
        <thead>
          <tr>
            <th scope="col">{t('repro.col.model')}</th>
            <th scope="col" className="num">{t('repro.col.tp')}</th>
            <th scope="col" className="num">{t('repro.col.kvTokens')}</th>
            <th scope="col" className="num">{t('repro.col.maxSeq')}</th>
            <th scope="col" className="num">{t('repro.col.s3Seq')}</th>
            <th scope="col" className="num">{t('repro.col.oracleSeq')}</th>
            <th scope="col" className="num">{t('repro.col.s3Ratio')}</th>
            <th scope="col" className="num">{t('repro.col.oracleRatio')}</th>
            <th scope="col" className="num">{t('repro.col.batches')}</th>
            <th scope="col" className="num">{t('repro.col.preemptions')}</th>
          </tr>
        </thead>
        <tbody>
          {reproduction.rows.map((row) => {
            const label = modelPreset(row.modelId).label;
            const comparison = row.comparison;
            const highest = row.modelId === reproduction.maxModelId;
            if (comparison === null) {
              return (
                <tr key={row.modelId} data-testid={`repro.s3.row.${row.modelId}`} data-max="false">
                  <th scope="row">{label}</th>
                  <td colSpan={9}>{t('repro.s3.noFit')}</td>
                </tr>
              );
            }
            return (
              <tr key={row.modelId} className={highest ? 'highest' : undefined} data-testid={`repro.s3.row.${row.modelId}`} data-max={highest}>
                <th scope="row">
                  {label}
                  {highest && <span className="badge badge-ready">{t('repro.s3.maxMark')}</span>}
                </th>
                <td className="num">{comparison.setup.tensorParallel}</td>
                <td className="num">{num(comparison.maxLength.kvCapacityTokens, 0)}</td>
                <td className="num">{num(comparison.maxLength.throughputSequencesPerS, 2)}</td>
                <td className="num">{num(comparison.s3.throughputSequencesPerS, 2)}</td>
                <td className="num">{num(comparison.oracle.throughputSequencesPerS, 2)}</td>
                <td className="num" data-testid="repro.s3.ratio" data-value={comparison.s3Ratio}>
                  {`${fixed(comparison.s3Ratio, 2)}×`}
                </td>
                <td className="num" data-testid="repro.s3.oracleRatio" data-value={comparison.oracleRatio}>
                  {`${fixed(comparison.oracleRatio, 2)}×`}
                </td>
                <td className="num">
                  {[comparison.maxLength, comparison.s3, comparison.oracle].map((run) => num(run.meanBatchSize, 1)).join(' / ')}
                </td>
                <td className="num">{num(comparison.s3.preemptions, 0)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function RatioChart({ reproduction }: { readonly reproduction: S3Reproduction }) {
  const { t, num } = useT();
  const rows = reproduction.rows.flatMap((row) =>
    row.comparison === null
      ? []
      : [{ modelId: row.modelId, label: modelPreset(row.modelId).label, s3: row.comparison.s3Ratio, oracle: row.comparison.oracleRatio }],
  );
  const csv = () =>
    toCsv(
      ['model_id', 'model', 's3_over_max_length', 'oracle_over_max_length'],
      rows.map((row) => [row.modelId, row.label, row.s3, row.oracle]),
    );
  return (
    <ChartFrame
      title={t('repro.s3.chart')}
      exportName="s3-throughput-ratio"
      testId="repro.s3.chart"
      toCsv={csv}
      caption={t('repro.s3.chartCaption', { reported: S3_REPORTED_RATIO, low: S3_MATCH_BAND.low, high: S3_MATCH_BAND.high })}
    >
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <BarChart data={rows} margin={{ top: 16, right: 16, bottom: 40, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={AXIS_TICK} angle={-30} textAnchor="end" interval={0} />
          <YAxis tick={AXIS_TICK} label={{ value: t('repro.axis.ratio'), angle: -90, position: 'insideLeft', offset: 4, fontSize: 12 }} />
          <Tooltip formatter={(value) => `${num(Number(value), 2)}×`} />
          <Legend verticalAlign="top" height={24} />
          <ReferenceArea y1={S3_MATCH_BAND.low} y2={S3_MATCH_BAND.high} fill="#999" fillOpacity={0.15} />
          <ReferenceLine y={S3_REPORTED_RATIO} stroke="#555" strokeDasharray="6 3" />
          <ReferenceLine y={1} stroke="#555" />
          <Bar dataKey="s3" name={t('repro.col.s3Ratio')} fill={POLICY_COLORS.s3} isAnimationActive={false} />
          <Bar dataKey="oracle" name={t('repro.col.oracleRatio')} fill={POLICY_COLORS.oracle} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

interface S3SectionProps {
  readonly inputs: ReproductionInputs;
  readonly state: JobState<S3Reproduction, S3Progress>;
}

/** Renders the S³ result: claim, assumptions, verdict, per-model table and chart, and the assumption rows. */
export function S3Section({ inputs, state }: S3SectionProps) {
  const { t } = useT();
  const reproduction = state.status === 'done' ? state.result : null;
  return (
    <section className="card" aria-labelledby="repro-s3-heading" data-testid="repro.s3">
      <div className="row spread">
        <h2 id="repro-s3-heading">{t('repro.s3.title')}</h2>
        {reproduction !== null && (
          <button
            type="button"
            className="secondary small"
            onClick={() => downloadCsv('s3-throughput.csv', s3TableCsv(reproduction))}
            data-testid="repro.s3.csv"
          >
            {t('repro.exportCsv')}
          </button>
        )}
      </div>
      <p>{t('repro.s3.claim', { reported: S3_REPORTED_RATIO })}</p>
      <Assumptions inputs={inputs} gpuId={reproduction?.gpuId ?? S3_BASELINE_GPU} />
      {state.status === 'failed' && (
        <p role="alert" className="alert error">
          {t('repro.failed', { reason: state.message })}
        </p>
      )}
      {reproduction !== null && (
        <>
          <Verdict reproduction={reproduction} />
          <ThroughputTable reproduction={reproduction} />
          <p className="hint">{t('repro.s3.whyRange')}</p>
          <RatioChart reproduction={reproduction} />
          <S3Sensitivity reproduction={reproduction} cardScheme={inputs.s3.scheme} />
        </>
      )}
    </section>
  );
}
