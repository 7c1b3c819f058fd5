import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseReport, schemeGroups } from '../../../predictor/report.ts';
import {
  calibratedPredictors,
  calibrationCsv,
  lengthTicks,
  metricsCsv,
  reportMetricRows,
  reportOrigin,
  scatterCsv,
} from './reportRows.ts';

const report = parseReport(
  JSON.parse(readFileSync(new URL('../../../../public/models/minilm-l6-alpaca-s3/report.json', import.meta.url), 'utf8')),
  'report.json',
);

const groups = schemeGroups(report);
/** The first scheme of the report, whose rows the checks below read. */
const scheme = groups[0]!.names[0]!;

describe('reportMetricRows', () => {
  const rows = reportMetricRows(report, 'all');

  it('lists the length metrics, then one block per distinct scheme', () => {
    expect(rows.slice(0, 4).map((row) => row.id)).toEqual([
      'length.mae_tokens',
      'length.within_50',
      'length.within_100',
      'length.kendall_tau',
    ]);
    expect([...new Set(rows.slice(4).map((row) => row.section))]).toEqual(groups.map((group) => group.names.join(' = ')));
    expect(rows).toHaveLength(4 + 8 * groups.length);
  });

  it('puts the model beside the three baselines for the same rows', () => {
    const mae = rows.find((row) => row.id === 'length.mae_tokens')!;
    expect(mae.values.model).toBe(report.model.all.length.mae_tokens);
    expect(mae.values.majority).toBe(report.baselines.majority.all.length.mae_tokens);
    expect(mae.values['prompt-length']).toBe(report.baselines['prompt-length'].all.length.mae_tokens);
    expect(mae.values.tfidf).toBe(report.baselines.tfidf.all.length.mae_tokens);
  });

  it('leaves values the majority baseline does not have empty', () => {
    expect(rows.find((row) => row.id === 'length.kendall_tau')!.values.majority).toBeNull();
    expect(rows.find((row) => row.id === `${scheme}.cumulative_under_allocation_rate`)!.values.majority).toBeNull();
    expect(rows.find((row) => row.id === `${scheme}.expected_calibration_error`)!.values.majority).toBeNull();
  });

  it('records the epsilon on the cumulative rows', () => {
    expect(rows.find((row) => row.id === `${scheme}.cumulative_over_reserved_tokens_mean`)!.epsilon).toBe(0.1);
    expect(rows.find((row) => row.id === `${scheme}.exact_accuracy`)!.epsilon).toBeUndefined();
  });
});

describe('report CSV', () => {
  const origin = reportOrigin(report, 'report.json', 'all');

  it('writes one metrics row per table row with its origin', () => {
    const lines = metricsCsv(reportMetricRows(report, 'all'), 'all', origin).trimEnd().split('\r\n');
    expect(lines[0]).toBe('source,section,metric,epsilon,model,majority,prompt-length,tfidf,better,report_file,split,rows');
    expect(lines).toHaveLength(1 + 4 + 8 * groups.length);
    expect(lines[4]).toMatch(/^all,length,kendall_tau,,0\.37\d*,,0\.16\d*,0\.62\d*,higher,report\.json,test,2600$/);
  });

  it('writes both scatter series', () => {
    const lines = scatterCsv(report, origin).trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + report.scatter.model.length + report.scatter.tfidf.length);
  });

  it('writes calibration bins of the predictors with probabilities', () => {
    expect(calibratedPredictors(report, 'all', scheme)).toEqual(['model', 'prompt-length', 'tfidf']);
    const lines = calibrationCsv(report, 'all', scheme, origin).trimEnd().split('\r\n');
    const bins = ['model', 'prompt-length', 'tfidf'].reduce(
      (sum, name) => sum + (name === 'model' ? report.model : report.baselines[name as 'tfidf']).all.schemes[scheme]!.calibration!.bins.length,
      0,
    );
    expect(lines).toHaveLength(1 + bins);
  });
});

describe('lengthTicks', () => {
  it.each([
    [656, [0, 100, 200, 300, 400, 500, 600, 700]],
    [2048, [0, 500, 1000, 1500, 2000, 2500]],
    [528, [0, 100, 200, 300, 400, 500, 600]],
    [1, [0, 0.5, 1]],
  ])('gives round ticks past %d', (largest, ticks) => {
    expect(lengthTicks(largest)).toEqual(ticks);
  });
});
