import { useEffect, useState } from 'react';
import { useT } from '../../../i18n/useT.ts';
import type { ModelCard } from '../../../predictor/modelCard.ts';
import { reportSources, schemeGroups, sourceRows, type EvaluationReport } from '../../../predictor/report.ts';
import { ChartFrame } from '../../common/ChartFrame.tsx';
import { ConfusionMatrix } from '../ConfusionMatrix.tsx';
import { CalibrationChart, LengthScatterChart } from './ReportCharts.tsx';
import { ReportMetricsTable } from './ReportMetricsTable.tsx';
import { fetchReport, reportFileOf, type ReportState } from './reportLoad.ts';
import { metricsCsv, reportMetricRows, reportOrigin } from './reportRows.ts';

/** Shows the evaluation report of `card`'s model, fetched again when the model changes. A missing or invalid report gets a message. */
export function ReportSection({ card }: { readonly card: ModelCard }) {
  const { t } = useT();
  const [state, setState] = useState<ReportState>({ status: 'loading', file: reportFileOf(card), url: '' });

  useEffect(() => {
    let current = true;
    setState({ status: 'loading', file: reportFileOf(card), url: '' });
    void fetchReport(card).then((next) => {
      if (current) setState(next);
    });
    return () => {
      current = false;
    };
  }, [card]);

  switch (state.status) {
    case 'loading':
      return <p aria-live="polite">{t('report.loading')}</p>;
    case 'missing':
      return (
        <p className="notice" data-testid="report.missing">
          {t('report.missing', { id: card.id, file: state.file, url: state.url })}
        </p>
      );
    case 'failed':
      return (
        <div role="alert" className="alert error" data-testid="report.error">
          <p className="alert-title">{t('report.failed', { file: state.file })}</p>
          <p>{state.message}</p>
        </div>
      );
    case 'ready':
      return <ReportBody report={state.report} file={state.file} />;
  }
}

function ReportBody({ report, file }: { readonly report: EvaluationReport; readonly file: string }) {
  const { t, num } = useT();
  const sources = reportSources(report);
  const [source, setSource] = useState('all');
  const shownSource = sources.includes(source) ? source : 'all';
  const origin = reportOrigin(report, file, shownSource);
  const rows = reportMetricRows(report, shownSource);
  const sourceName = shownSource === 'all' ? t('report.allSources') : shownSource;
  const scored =
    report.label_max_of_samples > 1
      ? t('report.scoredLongest', { power: num(report.label_max_of_samples, 2), label: report.label })
      : t('report.scored', { label: report.label });
  const caption = `${scored} ${t('report.tableCaption', { source: sourceName, rows: num(origin.rows, 0), split: report.split, file })}`;

  return (
    <div className="report" data-testid="report.view">
      <p data-testid="report.provenance">
        {t('report.provenance', {
          file,
          split: report.split,
          rows: num(report.rows, 0),
          label: report.label,
        })}
        {report.censored_rows > 0 && <> {t('report.censoredNote', { censored: num(report.censored_rows, 0) })}</>}
        {report.logits_from !== undefined && <> {t('report.logitsFrom', { source: report.logits_from })}</>}
      </p>
      <p className="hint">
        {t('report.baselinesNote')}{' '}
        {report.label_max_of_samples > 1 && t('report.maxOfSamplesNote', { samples: report.label_max_of_samples })}
      </p>
      {sources.length > 1 && (
        <label className="inline-field">
          <span>{t('report.sourceSelect')}</span>{' '}
          <select value={shownSource} onChange={(event) => setSource(event.target.value)} data-testid="report.source">
            {sources.map((name) => (
              <option key={name} value={name}>
                {t('report.sourceOption', {
                  source: name === 'all' ? t('report.allSources') : name,
                  rows: num(sourceRows(report, name), 0),
                })}
              </option>
            ))}
          </select>
        </label>
      )}
      <ChartFrame
        title={t('report.metricsTitle', { source: sourceName })}
        exportName={`report-metrics-${shownSource}`}
        testId="report.metricsFrame"
        toCsv={() => metricsCsv(rows, shownSource, origin)}
      >
        <ReportMetricsTable report={report} rows={rows} caption={caption} />
      </ChartFrame>

      <h4>{t('report.confusionTitle')}</h4>
      <p className="hint">{t('report.confusionIntro', { source: sourceName, rows: num(origin.rows, 0), split: report.split, file })}</p>
      {schemeGroups(report).map((group) => {
        const scheme = group.names[0]!;
        const matrix = report.model[shownSource]?.schemes[scheme]?.confusion_matrix;
        if (matrix === undefined) return null;
        return (
          <div key={scheme}>
            <h5>{t('report.schemeOption', { names: group.names.join(' = '), count: group.edges.length - 1 })}</h5>
            <ConfusionMatrix matrix={matrix} scheme={{ name: scheme, edges: group.edges }} testId={`report.confusion.${scheme}`} />
          </div>
        );
      })}

      <LengthScatterChart report={report} origin={reportOrigin(report, file, 'all')} />
      <CalibrationChart report={report} source={shownSource} origin={origin} />
    </div>
  );
}
