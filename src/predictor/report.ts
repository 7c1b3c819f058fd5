/**
 * The evaluation report of a length predictor, which `python -m s3len.report`
 * (training/s3len/report.py) writes into the model folder. It contains the metrics of
 * the model and of three baselines fitted on the training split, all scored on the
 * same rows, for all rows and for each data source. `parseReport` checks a fetched
 * file against this shape.
 */

/** Metrics of the point estimate (the model's median; each baseline's own estimate) against the true length. */
export interface LengthMetrics {
  readonly mae_tokens: number;
  /** Share of rows whose absolute error is at most 50 tokens. */
  readonly within_50: number;
  readonly within_100: number;
  /** Kendall's tau-b between true and predicted lengths; null when one side is constant. */
  readonly kendall_tau: number | null;
}

export interface AllocationMetrics {
  /** Share of rows whose allocation is below the true length (capped at the scheme's last edge). */
  readonly under_allocation_rate: number;
  /** Mean tokens reserved but not used, per row; under-allocated rows count 0. */
  readonly over_reserved_tokens_mean: number;
}

export interface CalibrationBin {
  readonly low: number;
  readonly high: number;
  readonly rows: number;
  /** Mean top-bucket probability of the rows in this bin. */
  readonly mean_confidence: number;
  /** Share of those rows whose top bucket is the true bucket. */
  readonly accuracy: number;
}

export interface Calibration {
  /** Non-empty bins of the top-bucket probability, in increasing order. */
  readonly bins: readonly CalibrationBin[];
  readonly expected_calibration_error: number;
}

export interface SchemeMetrics {
  readonly exact_accuracy: number;
  readonly within_one_accuracy: number;
  readonly macro_f1: number;
  /** Rows are true buckets, columns predicted buckets, cells counts of rows. */
  readonly confusion_matrix: readonly (readonly number[])[];
  readonly allocation: {
    readonly 'most-likely': AllocationMetrics;
    /** Only for predictors that output probabilities. */
    readonly cumulative?: AllocationMetrics & { readonly epsilon: number };
  };
  /** Only for predictors that output probabilities. */
  readonly calibration?: Calibration;
}

export interface RowScores {
  readonly length: LengthMetrics;
  readonly schemes: Readonly<Record<string, SchemeMetrics>>;
}

/** Scores for all rows (`all`) and, when the rows come from several sources, for each source. */
export type ScoresBySource = Readonly<Record<string, RowScores>> & { readonly all: RowScores };

export const BASELINE_NAMES = Object.freeze(['majority', 'prompt-length', 'tfidf'] as const);

export type BaselineName = (typeof BASELINE_NAMES)[number];

/** The model, then the baselines, in the order the report tables show them. */
export const REPORT_PREDICTORS = Object.freeze(['model', ...BASELINE_NAMES] as const);

export type ReportPredictor = (typeof REPORT_PREDICTORS)[number];

/** One point per scored row (up to 1,000, evenly spaced): [true length, predicted length] in tokens. */
export type ScatterPoint = readonly [number, number];

export interface EvaluationReport {
  /** Name of the label column, for example `output_tokens`. */
  readonly label: string;
  /** The scored split: `test` or `validation`. */
  readonly split: string;
  readonly rows: number;
  /** Rows whose answer hit the generation cap, so their true length is a lower bound. */
  readonly censored_rows: number;
  /**
   * Power the model's one-answer CDF was raised to before scoring, which reads the label as the longest
   * of this many independent answers. It may be fractional when fitted on the validation split.
   */
  readonly label_max_of_samples: number;
  readonly point_estimate: string;
  /** Source of the model's logits, for example the PyTorch checkpoint or a shipped ONNX file. Older reports lack it. */
  readonly logits_from?: string;
  readonly fine_buckets: readonly number[];
  readonly schemes: Readonly<Record<string, readonly number[]>>;
  readonly model: ScoresBySource;
  readonly baselines: Readonly<Record<BaselineName, ScoresBySource>>;
  readonly scatter: { readonly model: readonly ScatterPoint[]; readonly tfidf: readonly ScatterPoint[] };
}

export class ReportError extends Error {
  override readonly name = 'ReportError';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  return JSON.stringify(value)?.slice(0, 60) ?? String(value);
}

/** Walks the report and throws a ReportError naming the file and the path of the first invalid value. */
class Checker {
  constructor(private readonly source: string) {}

  fail(path: string, expected: string, value: unknown): never {
    throw new ReportError(`${this.source}: "${path}" must be ${expected}, got ${show(value)}`);
  }

  record(value: unknown, path: string): Record<string, unknown> {
    if (!isRecord(value)) this.fail(path, 'an object', value);
    return value;
  }

  number(value: unknown, path: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(path, 'a number', value);
    return value;
  }

  share(value: unknown, path: string): number {
    const number = this.number(value, path);
    if (number < 0 || number > 1) this.fail(path, 'a share between 0 and 1', value);
    return number;
  }

  count(value: unknown, path: string): number {
    if (!Number.isInteger(value) || (value as number) < 0) this.fail(path, 'a non-negative integer', value);
    return value as number;
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string') this.fail(path, 'a string', value);
    return value;
  }

  edges(value: unknown, path: string): number[] {
    const valid =
      Array.isArray(value) &&
      value.length >= 2 &&
      value[0] === 0 &&
      value.every((edge, index) => Number.isInteger(edge) && (index === 0 || edge > value[index - 1]));
    if (!valid) this.fail(path, 'at least 2 increasing integer bucket edges starting at 0', value);
    return value as number[];
  }

  length(value: unknown, path: string): void {
    const metrics = this.record(value, path);
    this.number(metrics['mae_tokens'], `${path}.mae_tokens`);
    this.share(metrics['within_50'], `${path}.within_50`);
    this.share(metrics['within_100'], `${path}.within_100`);
    const tau = metrics['kendall_tau'];
    if (tau !== null && (typeof tau !== 'number' || tau < -1 || tau > 1)) this.fail(`${path}.kendall_tau`, 'null or a number between -1 and 1', tau);
  }

  allocation(value: unknown, path: string): void {
    const metrics = this.record(value, path);
    this.share(metrics['under_allocation_rate'], `${path}.under_allocation_rate`);
    this.number(metrics['over_reserved_tokens_mean'], `${path}.over_reserved_tokens_mean`);
  }

  matrix(value: unknown, path: string, buckets: number): void {
    if (!Array.isArray(value) || value.length !== buckets) this.fail(path, `a matrix of ${buckets} rows, one per bucket`, value);
    value.forEach((row: unknown, index) => {
      if (!Array.isArray(row) || row.length !== buckets || !row.every((cell) => Number.isInteger(cell) && cell >= 0)) {
        this.fail(`${path}[${index}]`, `${buckets} non-negative integer counts`, row);
      }
    });
  }

  calibration(value: unknown, path: string): void {
    const table = this.record(value, path);
    this.share(table['expected_calibration_error'], `${path}.expected_calibration_error`);
    if (!Array.isArray(table['bins'])) this.fail(`${path}.bins`, 'an array', table['bins']);
    (table['bins'] as unknown[]).forEach((bin, index) => {
      const at = `${path}.bins[${index}]`;
      const fields = this.record(bin, at);
      this.share(fields['low'], `${at}.low`);
      this.share(fields['high'], `${at}.high`);
      this.count(fields['rows'], `${at}.rows`);
      this.share(fields['mean_confidence'], `${at}.mean_confidence`);
      this.share(fields['accuracy'], `${at}.accuracy`);
    });
  }

  scheme(value: unknown, path: string, buckets: number): void {
    const metrics = this.record(value, path);
    this.share(metrics['exact_accuracy'], `${path}.exact_accuracy`);
    this.share(metrics['within_one_accuracy'], `${path}.within_one_accuracy`);
    this.share(metrics['macro_f1'], `${path}.macro_f1`);
    this.matrix(metrics['confusion_matrix'], `${path}.confusion_matrix`, buckets);
    const allocation = this.record(metrics['allocation'], `${path}.allocation`);
    this.allocation(allocation['most-likely'], `${path}.allocation.most-likely`);
    if (allocation['cumulative'] !== undefined) {
      this.allocation(allocation['cumulative'], `${path}.allocation.cumulative`);
      this.share(this.record(allocation['cumulative'], `${path}.allocation.cumulative`)['epsilon'], `${path}.allocation.cumulative.epsilon`);
    }
    if (metrics['calibration'] !== undefined) this.calibration(metrics['calibration'], `${path}.calibration`);
  }

  bySource(value: unknown, path: string, schemes: Readonly<Record<string, readonly number[]>>): string[] {
    const sources = this.record(value, path);
    if (!('all' in sources)) this.fail(`${path}.all`, 'the scores of all rows', undefined);
    for (const [source, scores] of Object.entries(sources)) {
      const at = `${path}.${source}`;
      const fields = this.record(scores, at);
      this.length(fields['length'], `${at}.length`);
      const schemeScores = this.record(fields['schemes'], `${at}.schemes`);
      for (const [name, edges] of Object.entries(schemes)) {
        this.scheme(schemeScores[name], `${at}.schemes.${name}`, edges.length - 1);
      }
    }
    return Object.keys(sources);
  }

  scatter(value: unknown, path: string): void {
    if (!Array.isArray(value)) this.fail(path, 'an array of [true, predicted] pairs', value);
    value.forEach((point: unknown, index) => {
      if (!Array.isArray(point) || point.length !== 2 || !point.every((x) => typeof x === 'number' && Number.isFinite(x))) {
        this.fail(`${path}[${index}]`, 'a [true, predicted] pair of numbers', point);
      }
    });
  }
}

/** Returns `value` typed as an EvaluationReport after checking every field the Model view shows. */
export function parseReport(value: unknown, source: string): EvaluationReport {
  const check = new Checker(source);
  const report = check.record(value, '(report)');
  check.string(report['label'], 'label');
  check.string(report['split'], 'split');
  check.count(report['rows'], 'rows');
  check.count(report['censored_rows'], 'censored_rows');
  check.count(report['label_max_of_samples'], 'label_max_of_samples');
  check.string(report['point_estimate'], 'point_estimate');
  if (report['logits_from'] !== undefined) check.string(report['logits_from'], 'logits_from');
  check.edges(report['fine_buckets'], 'fine_buckets');
  const schemes = check.record(report['schemes'], 'schemes');
  if (Object.keys(schemes).length === 0) check.fail('schemes', 'at least one named scheme', schemes);
  const edges: Record<string, readonly number[]> = {};
  for (const [name, schemeEdges] of Object.entries(schemes)) edges[name] = check.edges(schemeEdges, `schemes.${name}`);

  const sources = check.bySource(report['model'], 'model', edges);
  const baselines = check.record(report['baselines'], 'baselines');
  for (const name of BASELINE_NAMES) {
    const baselineSources = check.bySource(baselines[name], `baselines.${name}`, edges);
    const missing = sources.filter((source) => !baselineSources.includes(source));
    if (missing.length > 0) check.fail(`baselines.${name}`, `scores for the model's sources (${sources.join(', ')})`, baselineSources);
  }
  const scatter = check.record(report['scatter'], 'scatter');
  check.scatter(scatter['model'], 'scatter.model');
  check.scatter(scatter['tfidf'], 'scatter.tfidf');
  return report as unknown as EvaluationReport;
}

/** Returns the scores of one predictor: the model's or a baseline's. */
export function predictorScores(report: EvaluationReport, predictor: ReportPredictor): ScoresBySource {
  return predictor === 'model' ? report.model : report.baselines[predictor];
}

/** Returns `all`, then the data sources scored on their own in alphabetical order (none when the rows have one source). */
export function reportSources(report: EvaluationReport): string[] {
  return ['all', ...Object.keys(report.model).filter((source) => source !== 'all').sort()];
}

/** Returns the number of rows scored for a source: the report's row count for `all`, else the total of a confusion matrix. */
export function sourceRows(report: EvaluationReport, source: string): number {
  if (source === 'all') return report.rows;
  const scores = report.model[source];
  const first = scores === undefined ? undefined : Object.values(scores.schemes)[0];
  return first === undefined ? 0 : first.confusion_matrix.reduce((sum, row) => sum + row.reduce((a, b) => a + b, 0), 0);
}

/** Schemes with the same edges, which give the same metrics; the report lists both `fine` and `s3` when they coincide. */
export interface SchemeGroup {
  readonly names: readonly string[];
  readonly edges: readonly number[];
}

/** Groups the report's schemes by their edges, in the report's order. */
export function schemeGroups(report: EvaluationReport): SchemeGroup[] {
  const groups: { names: string[]; edges: readonly number[] }[] = [];
  for (const [name, edges] of Object.entries(report.schemes)) {
    const same = groups.find((group) => group.edges.length === edges.length && group.edges.every((edge, index) => edge === edges[index]));
    if (same === undefined) groups.push({ names: [name], edges });
    else same.names.push(name);
  }
  return groups;
}
