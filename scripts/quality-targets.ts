/**
 * Prints each predictor-quality target beside the figure measured in the shipped
 * evaluation reports (`public/models/<id>/report.json`, written by `python -m
 * s3len.report`), and whether it is met. Run: `npm run bench:quality`.
 * The targets are goals, not measurements: published predictors on the same splits
 * scored below them, and TF-IDF baselines set the floor a model must clear.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseReport, type EvaluationReport } from '../src/predictor/report.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Target {
  readonly modelId: string;
  readonly description: string;
  readonly measure: (report: EvaluationReport) => number;
  readonly baseline: (report: EvaluationReport) => number;
  readonly goal: number;
  readonly direction: 'at-most' | 'at-least';
  readonly format: (value: number) => string;
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
const tokens = (value: number) => `${value.toFixed(1)} tokens`;

const TARGETS: readonly Target[] = [
  {
    modelId: 'minilm-l6-vicuna7b',
    description: 'vicuna-7b L_max, first 1,000 validation records: mean absolute error',
    measure: (r) => r.model.all.length.mae_tokens,
    baseline: (r) => r.baselines.tfidf.all.length.mae_tokens,
    goal: 52,
    direction: 'at-most',
    format: tokens,
  },
  {
    modelId: 'minilm-l6-vicuna7b',
    description: 'vicuna-7b L_max: share within 100 tokens',
    measure: (r) => r.model.all.length.within_100,
    baseline: (r) => r.baselines.tfidf.all.length.within_100,
    goal: 0.84,
    direction: 'at-least',
    format: percent,
  },
  {
    modelId: 'minilm-l6-vicuna7b',
    description: 'vicuna-7b L_max, 8 buckets of 128: exact',
    measure: (r) => r.model.all.schemes['8x128']!.exact_accuracy,
    baseline: (r) => r.baselines.tfidf.all.schemes['8x128']!.exact_accuracy,
    goal: 0.66,
    direction: 'at-least',
    format: percent,
  },
  {
    modelId: 'minilm-l6-vicuna7b',
    description: 'vicuna-7b L_max, 8 buckets of 128: within one bucket',
    measure: (r) => r.model.all.schemes['8x128']!.within_one_accuracy,
    baseline: (r) => r.baselines.tfidf.all.schemes['8x128']!.within_one_accuracy,
    goal: 0.95,
    direction: 'at-least',
    format: percent,
  },
  {
    modelId: 'minilm-l6-alpaca-s3',
    description: 'Alpaca reference lengths, S³ 10 buckets over 2048: exact',
    measure: (r) => r.model.all.schemes['model-buckets']!.exact_accuracy,
    baseline: (r) => r.baselines.majority.all.schemes['model-buckets']!.exact_accuracy,
    goal: 0.986,
    direction: 'at-least',
    format: percent,
  },
];

function loadReport(modelId: string): EvaluationReport {
  const path = `${ROOT}public/models/${modelId}/report.json`;
  return parseReport(JSON.parse(readFileSync(path, 'utf8')), path);
}

const reports = new Map<string, EvaluationReport>();
console.log('target | goal | model | baseline | met');
for (const target of TARGETS) {
  if (!reports.has(target.modelId)) reports.set(target.modelId, loadReport(target.modelId));
  const report = reports.get(target.modelId)!;
  const value = target.measure(report);
  const met = target.direction === 'at-most' ? value <= target.goal : value >= target.goal;
  const goal = `${target.direction === 'at-most' ? '≤' : '≥'} ${target.format(target.goal)}`;
  console.log(
    `${target.modelId}: ${target.description} | ${goal} | ${target.format(value)} | ${target.format(target.baseline(report))} | ${met ? 'yes' : 'no'}`,
  );
}
console.log('Baseline: TF-IDF for the vicuna-7b rows, majority bucket for the S³ row; all on the same test rows.');
