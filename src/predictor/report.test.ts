import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BASELINE_NAMES,
  parseReport,
  predictorScores,
  ReportError,
  reportSources,
  schemeGroups,
  sourceRows,
  type EvaluationReport,
} from './report.ts';

const SHIPPED_REPORT = new URL('../../public/models/minilm-l6-alpaca-s3/report.json', import.meta.url);

function scores(confusion: number[][], withProbabilities: boolean) {
  return {
    length: { mae_tokens: 12.5, within_50: 0.8, within_100: 0.9, kendall_tau: withProbabilities ? 0.4 : null },
    schemes: {
      half: {
        exact_accuracy: 0.75,
        within_one_accuracy: 1,
        macro_f1: 0.6,
        confusion_matrix: confusion,
        allocation: {
          'most-likely': { under_allocation_rate: 0.25, over_reserved_tokens_mean: 10 },
          ...(withProbabilities ? { cumulative: { epsilon: 0.1, under_allocation_rate: 0, over_reserved_tokens_mean: 20 } } : {}),
        },
        ...(withProbabilities
          ? { calibration: { bins: [{ low: 0.9, high: 1, rows: 4, mean_confidence: 0.95, accuracy: 0.75 }], expected_calibration_error: 0.2 } }
          : {}),
      },
    },
  };
}

/** Builds a two-source report over the scheme [0, 32, 64], with 3 rows from `a` and 1 from `b`. */
function twoSourceReport(): Record<string, unknown> {
  const bySource = (withProbabilities: boolean) => ({
    all: scores([[2, 1], [0, 1]], withProbabilities),
    b: scores([[0, 0], [0, 1]], withProbabilities),
    a: scores([[2, 1], [0, 0]], withProbabilities),
  });
  return {
    label: 'output_tokens',
    split: 'test',
    rows: 4,
    censored_rows: 1,
    label_max_of_samples: 4,
    point_estimate: 'median of the predicted length distribution',
    fine_buckets: [0, 16, 32, 48, 64],
    schemes: { half: [0, 32, 64] },
    model: bySource(true),
    baselines: { majority: bySource(false), 'prompt-length': bySource(true), tfidf: bySource(true) },
    scatter: { model: [[10, 12.5], [40, 30]], tfidf: [[10, 20], [40, 41]] },
  };
}

describe('parseReport on the shipped report', () => {
  const report = parseReport(JSON.parse(readFileSync(SHIPPED_REPORT, 'utf8')), 'report.json');

  it('has the model and the three baselines for all rows', () => {
    expect(report.model.all.length.mae_tokens).toBeGreaterThan(0);
    for (const name of BASELINE_NAMES) {
      expect(predictorScores(report, name).all.length.mae_tokens, name).toBeGreaterThan(0);
    }
  });

  it('keeps a null Kendall tau of the constant majority baseline', () => {
    expect(report.baselines.majority.all.length.kendall_tau).toBeNull();
  });

  it('scores the model buckets as a scheme', () => {
    const edges = Object.values(report.schemes);
    expect(edges).toContainEqual(report.fine_buckets);
  });

  it('counts every scored row in the confusion matrix', () => {
    expect(reportSources(report)).toEqual(['all']);
    expect(sourceRows(report, 'all')).toBe(report.rows);
    for (const [name, scores] of Object.entries(report.model.all.schemes)) {
      expect(scores.confusion_matrix.flat().reduce((a, b) => a + b, 0), name).toBe(report.rows);
    }
  });
});

describe('parseReport on a report with two sources', () => {
  const report: EvaluationReport = parseReport(twoSourceReport(), 'r.json');

  it('lists all rows first, then the sources in order', () => {
    expect(reportSources(report)).toEqual(['all', 'a', 'b']);
  });

  it('counts the rows of each source from its confusion matrix', () => {
    expect(sourceRows(report, 'a')).toBe(3);
    expect(sourceRows(report, 'b')).toBe(1);
    expect(sourceRows(report, 'c')).toBe(0);
  });
});

describe('schemeGroups', () => {
  it('groups schemes with the same edges, in report order', () => {
    const schemes = { fine: [0, 16, 32], s3: [0, 16, 32], coarse: [0, 32] };
    expect(schemeGroups({ schemes } as unknown as EvaluationReport)).toEqual([
      { names: ['fine', 's3'], edges: [0, 16, 32] },
      { names: ['coarse'], edges: [0, 32] },
    ]);
  });
});

describe('parseReport errors', () => {
  it('names the file and the path of a non-numeric metric', () => {
    const value = twoSourceReport();
    (value['model'] as { all: { length: { mae_tokens: unknown } } }).all.length.mae_tokens = 'n/a';
    expect(() => parseReport(value, 'm/report.json')).toThrow(ReportError);
    expect(() => parseReport(value, 'm/report.json')).toThrow(/m\/report\.json: "model\.all\.length\.mae_tokens" must be a number, got "n\/a"/);
  });

  it('rejects a missing baseline', () => {
    const value = twoSourceReport();
    delete (value['baselines'] as Record<string, unknown>)['tfidf'];
    expect(() => parseReport(value, 'r.json')).toThrow(/"baselines\.tfidf" must be an object, got undefined/);
  });

  it('rejects a baseline without the sources of the model', () => {
    const value = twoSourceReport();
    delete (value['baselines'] as Record<string, Record<string, unknown>>)['majority']!['b'];
    expect(() => parseReport(value, 'r.json')).toThrow(/"baselines\.majority" must be scores for the model's sources/);
  });

  it('rejects a confusion matrix of the wrong size', () => {
    const value = twoSourceReport();
    const model = value['model'] as { all: ReturnType<typeof scores> };
    model.all.schemes.half.confusion_matrix = [[1, 0, 0]];
    expect(() => parseReport(value, 'r.json')).toThrow(/"model\.all\.schemes\.half\.confusion_matrix" must be a matrix of 2 rows/);
  });

  it('rejects a share above 1', () => {
    const share = twoSourceReport();
    (share['model'] as { a: ReturnType<typeof scores> }).a.schemes.half.exact_accuracy = 1.5;
    expect(() => parseReport(share, 'r.json')).toThrow(/"model\.a\.schemes\.half\.exact_accuracy" must be a share between 0 and 1/);
  });

  it('rejects a scatter point that is not a pair', () => {
    const scatter = twoSourceReport();
    (scatter['scatter'] as { model: unknown[] }).model.push([1]);
    expect(() => parseReport(scatter, 'r.json')).toThrow(/"scatter\.model\[2\]" must be a \[true, predicted\] pair/);
  });

  it('rejects a non-string logits_from', () => {
    const value = { ...twoSourceReport(), logits_from: 5 };
    expect(() => parseReport(value, 'r.json')).toThrow(/"logits_from" must be a string, got 5/);
  });

  it('rejects a report that is not an object', () => {
    expect(() => parseReport([1, 2], 'r.json')).toThrow(/r\.json: "\(report\)" must be an object/);
  });
});
