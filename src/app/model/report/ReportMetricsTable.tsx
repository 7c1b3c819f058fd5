import { Fragment } from 'react';
import { useT, type Translator } from '../../../i18n/useT.ts';
import { REPORT_PREDICTORS, type EvaluationReport } from '../../../predictor/report.ts';
import type { MetricUnit, ReportMetricRow } from './reportRows.ts';
import { PREDICTOR_LABELS } from './reportStyle.ts';

function formatValue(value: number, unit: MetricUnit, { num, pct, fixed }: Translator): string {
  switch (unit) {
    case 'share':
      return pct(value, 1);
    case 'tokens':
      return num(value, 1);
    case 'score':
      return fixed(value, 3);
  }
}

/** Returns the best value of a row, or null when fewer than two predictors have one. */
function bestValue(row: ReportMetricRow): number | null {
  const values = REPORT_PREDICTORS.map((predictor) => row.values[predictor]).filter((value): value is number => value !== null);
  if (values.length < 2) return null;
  return row.better === 'higher' ? Math.max(...values) : Math.min(...values);
}

function sectionTitle(row: ReportMetricRow, report: EvaluationReport, { t }: Translator): string {
  if (row.edges === null) return t('report.section.length', { estimate: report.point_estimate });
  return t('report.section.scheme', { names: row.section, count: row.edges.length - 1, edges: row.edges.join(', ') });
}

interface ReportMetricsTableProps {
  readonly report: EvaluationReport;
  readonly rows: readonly ReportMetricRow[];
  readonly caption: string;
}

/** Shows the model beside the three baselines, one row per metric, with the best value of each row in bold. */
export function ReportMetricsTable({ report, rows, caption }: ReportMetricsTableProps) {
  const translator = useT();
  const { t, num } = translator;
  // The first row of each section, which gives its title.
  const sections = rows.filter((row, index) => index === 0 || rows[index - 1]!.section !== row.section);
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="report.metrics">
        <caption className="hint">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('model.metricCol')}</th>
            {REPORT_PREDICTORS.map((predictor) => (
              <th scope="col" className="num" key={predictor} data-testid={`report.col.${predictor}`}>
                {t(PREDICTOR_LABELS[predictor])}
              </th>
            ))}
            <th scope="col">{t('model.betterCol')}</th>
          </tr>
        </thead>
        <tbody>
          {sections.map((first) => (
            <Fragment key={first.section}>
              <tr className="section-row">
                <th scope="colgroup" colSpan={REPORT_PREDICTORS.length + 2}>
                  {sectionTitle(first, report, translator)}
                </th>
              </tr>
              {rows
                .filter((row) => row.section === first.section)
                .map((row) => {
                  const best = bestValue(row);
                  return (
                    <tr key={row.id} data-testid={`report.row.${row.id}`}>
                      <th scope="row">
                        {t(row.label)}
                        {row.epsilon !== undefined && <span className="hint"> {t('report.epsilon', { epsilon: num(row.epsilon, 3) })}</span>}
                      </th>
                      {REPORT_PREDICTORS.map((predictor) => {
                        const value = row.values[predictor];
                        return (
                          <td
                            key={predictor}
                            className={`num${value !== null && value === best ? ' best' : ''}`}
                            data-predictor={predictor}
                            title={value === null ? t('report.notAvailable') : undefined}
                          >
                            {value === null ? '—' : formatValue(value, row.unit, translator)}
                          </td>
                        );
                      })}
                      <td>{row.better === 'higher' ? t('model.higherBetter') : t('model.lowerBetter')}</td>
                    </tr>
                  );
                })}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
