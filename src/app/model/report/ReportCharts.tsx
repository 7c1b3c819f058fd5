import { useState } from 'react';
import {
  CartesianGrid,
  Legend,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
} from 'recharts';
import { useT } from '../../../i18n/useT.ts';
import { predictorScores, schemeGroups, type EvaluationReport } from '../../../predictor/report.ts';
import { ChartFrame } from '../../common/ChartFrame.tsx';
import { calibratedPredictors, calibrationCsv, lengthTicks, scatterCsv, type ReportOrigin } from './reportRows.ts';
import { IDENTITY_LINE_COLOR, PREDICTOR_COLORS, PREDICTOR_LABELS } from './reportStyle.ts';

const CHART_HEIGHT = 320;
const AXIS_TICK = { fontSize: 12 };
const AXIS_LABEL = { fontSize: 12 };
/** Marker area in px² for the up to 2,000 scatter points, small enough to show their density. */
const SCATTER_MARKER_AREA = 14;
const CALIBRATION_MARKER_AREA = 50;

interface ScatterProps {
  readonly report: EvaluationReport;
  readonly origin: ReportOrigin;
}

/** Predicted against true length for the model (its median) and the TF-IDF baseline, with the line y = x. */
export function LengthScatterChart({ report, origin }: ScatterProps) {
  const { t, num } = useT();
  const series = (['model', 'tfidf'] as const).map((predictor) => ({
    predictor,
    points: report.scatter[predictor].map(([trueLength, predicted]) => ({ trueLength, predicted })),
  }));
  const ticks = lengthTicks(Math.max(1, ...series.flatMap(({ points }) => points.flatMap((point) => [point.trueLength, point.predicted]))));
  const largest = ticks.at(-1)!;
  const points = report.scatter.model.length;
  return (
    <ChartFrame
      title={t('report.scatterTitle')}
      exportName="predicted-vs-true-length"
      testId="report.scatter"
      toCsv={() => scatterCsv(report, origin)}
      caption={t('report.scatterCaption', { points: num(points, 0), rows: num(report.rows, 0), file: origin.file, split: report.split })}
    >
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <ScatterChart margin={{ top: 16, right: 16, bottom: 24, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="trueLength"
            name={t('report.axis.true')}
            domain={[0, largest]}
            ticks={ticks}
            tick={AXIS_TICK}
            label={{ value: t('report.axis.true'), position: 'insideBottom', offset: -12, ...AXIS_LABEL }}
          />
          <YAxis
            type="number"
            dataKey="predicted"
            name={t('report.axis.predicted')}
            domain={[0, largest]}
            ticks={ticks}
            tick={AXIS_TICK}
            label={{ value: t('report.axis.predicted'), angle: -90, position: 'insideLeft', offset: 4, ...AXIS_LABEL }}
          />
          <ZAxis range={[SCATTER_MARKER_AREA, SCATTER_MARKER_AREA]} />
          <Tooltip formatter={(value) => num(Number(value), 1)} />
          <Legend verticalAlign="top" />
          <ReferenceLine
            segment={[
              { x: 0, y: 0 },
              { x: largest, y: largest },
            ]}
            stroke={IDENTITY_LINE_COLOR}
            strokeDasharray="4 4"
            label={{ value: 'y = x', position: 'insideTopRight', fontSize: 12 }}
          />
          {series.map(({ predictor, points: data }) => (
            <Scatter
              key={predictor}
              name={predictor === 'model' ? t('report.modelMedian') : t(PREDICTOR_LABELS[predictor])}
              data={data}
              fill={PREDICTOR_COLORS[predictor]}
              fillOpacity={0.55}
              isAnimationActive={false}
            />
          ))}
        </ScatterChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

interface CalibrationProps {
  readonly report: EvaluationReport;
  readonly source: string;
  readonly origin: ReportOrigin;
}

/** Reliability diagram: accuracy against mean top-bucket probability per bin, for the predictors with probabilities. */
export function CalibrationChart({ report, source, origin }: CalibrationProps) {
  const { t, num, pct } = useT();
  const groups = schemeGroups(report);
  const [scheme, setScheme] = useState(groups[0]!.names[0]!);
  const selected = groups.find((group) => group.names.includes(scheme)) ?? groups[0]!;
  const schemeName = selected.names[0]!;
  const predictors = calibratedPredictors(report, source, schemeName);
  const errors = predictors
    .map((predictor) => {
      const ece = predictorScores(report, predictor)[source]!.schemes[schemeName]!.calibration!.expected_calibration_error;
      return `${t(PREDICTOR_LABELS[predictor])} ${pct(ece, 2)}`;
    })
    .join(', ');

  return (
    <div>
      {groups.length > 1 && (
        <label className="inline-field">
          <span>{t('report.schemeSelect')}</span>{' '}
          <select value={schemeName} onChange={(event) => setScheme(event.target.value)} data-testid="report.calibration.scheme">
            {groups.map((group) => (
              <option key={group.names[0]} value={group.names[0]}>
                {t('report.schemeOption', { names: group.names.join(' = '), count: group.edges.length - 1 })}
              </option>
            ))}
          </select>
        </label>
      )}
      <ChartFrame
        title={t('report.calibrationTitle', { scheme: selected.names.join(' = ') })}
        exportName={`calibration-${schemeName}`}
        testId="report.calibration"
        toCsv={() => calibrationCsv(report, source, schemeName, origin)}
        caption={t('report.calibrationCaption', {
          errors: errors === '' ? '—' : errors,
          rows: num(origin.rows, 0),
          file: origin.file,
          split: origin.split,
        })}
      >
        <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
          <ScatterChart margin={{ top: 16, right: 16, bottom: 24, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              type="number"
              dataKey="confidence"
              domain={[0, 1]}
              tick={AXIS_TICK}
              name={t('report.axis.confidence')}
              label={{ value: t('report.axis.confidence'), position: 'insideBottom', offset: -12, ...AXIS_LABEL }}
            />
            <YAxis
              type="number"
              dataKey="accuracy"
              domain={[0, 1]}
              tick={AXIS_TICK}
              name={t('report.axis.accuracy')}
              label={{ value: t('report.axis.accuracy'), angle: -90, position: 'insideLeft', offset: 4, ...AXIS_LABEL }}
            />
            <ZAxis dataKey="rows" name={t('report.axis.rows')} range={[CALIBRATION_MARKER_AREA, CALIBRATION_MARKER_AREA]} />
            <Tooltip formatter={(value, name) => (name === t('report.axis.rows') ? num(Number(value), 0) : pct(Number(value), 1))} />
            <Legend verticalAlign="top" />
            <ReferenceLine
              segment={[
                { x: 0, y: 0 },
                { x: 1, y: 1 },
              ]}
              stroke={IDENTITY_LINE_COLOR}
              strokeDasharray="4 4"
            />
            {predictors.map((predictor) => (
              <Scatter
                key={predictor}
                name={t(PREDICTOR_LABELS[predictor])}
                data={predictorScores(report, predictor)[source]!.schemes[schemeName]!.calibration!.bins.map((bin) => ({
                  confidence: bin.mean_confidence,
                  accuracy: bin.accuracy,
                  rows: bin.rows,
                }))}
                fill={PREDICTOR_COLORS[predictor]}
                line={{ stroke: PREDICTOR_COLORS[predictor] }}
                isAnimationActive={false}
              />
            ))}
          </ScatterChart>
        </ResponsiveContainer>
      </ChartFrame>
    </div>
  );
}
