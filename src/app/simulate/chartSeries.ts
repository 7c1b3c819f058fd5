/** Chart rows built from simulator results. The CSV exports write the same rows. */
import type { Percentiles, PolicyName, SimResult, SweepPoint, TimelinePoint } from '../../sim/index.ts';
import type { PlainMessageKey } from '../../i18n/translate.ts';
import { toCsv } from '../common/csv.ts';

export const GIB = 1024 ** 3;

export interface KvRow {
  readonly timeS: number;
  readonly reservedGiB: number;
  readonly usedGiB: number;
}

export function kvRows(timeline: readonly TimelinePoint[]): KvRow[] {
  return timeline.map((point) => ({
    timeS: point.timeS,
    reservedGiB: point.kvReservedBytes / GIB,
    usedGiB: point.kvUsedBytes / GIB,
  }));
}

export function kvCsv(result: SimResult): string {
  return toCsv(
    ['time_s', 'kv_reserved_bytes', 'kv_used_bytes', 'kv_capacity_bytes'],
    result.timeline.map((point) => [point.timeS, point.kvReservedBytes, point.kvUsedBytes, result.kvCapacityBytes]),
  );
}

export interface StepPoint {
  readonly timeS: number;
  readonly value: number;
}

/** One row per distinct time. Each series has its last value at or before that time, and null after its end. */
export type MergedRow = { readonly timeS: number } & Readonly<Record<string, number | null>>;

/**
 * Merges step series sampled at different times onto the union of their times, so
 * one chart can draw them together. Before a series' first point its value is null too.
 */
export function mergeStepSeries(series: Readonly<Record<string, readonly StepPoint[]>>): MergedRow[] {
  const keys = Object.keys(series);
  const times = [...new Set(keys.flatMap((key) => series[key]!.map((point) => point.timeS)))].sort((a, b) => a - b);
  const cursors = new Map(keys.map((key) => [key, -1]));
  return times.map((timeS) => {
    const row: Record<string, number | null> = { timeS };
    for (const key of keys) {
      const points = series[key]!;
      let cursor = cursors.get(key)!;
      while (cursor + 1 < points.length && points[cursor + 1]!.timeS <= timeS) cursor += 1;
      cursors.set(key, cursor);
      const last = points[points.length - 1];
      row[key] = cursor < 0 || last === undefined || timeS > last.timeS ? null : points[cursor]!.value;
    }
    return row as MergedRow;
  });
}

export function batchRows(results: readonly SimResult[]): MergedRow[] {
  const series: Record<string, StepPoint[]> = {};
  for (const result of results) {
    series[result.policy] = result.timeline.map((point) => ({ timeS: point.timeS, value: point.batchSize }));
  }
  return mergeStepSeries(series);
}

export function batchCsv(rows: readonly MergedRow[], policies: readonly PolicyName[]): string {
  return toCsv(
    ['time_s', ...policies.map((policy) => `batch_size_${policy}`)],
    rows.map((row) => [row.timeS, ...policies.map((policy) => row[policy])]),
  );
}

export interface ThroughputRow {
  readonly policy: PolicyName;
  readonly sequencesPerS: number;
  readonly outputTokensPerS: number;
}

export function throughputRows(results: readonly SimResult[]): ThroughputRow[] {
  return results.map((result) => ({
    policy: result.policy,
    sequencesPerS: result.throughputSequencesPerS,
    outputTokensPerS: result.throughputOutputTokensPerS,
  }));
}

export function throughputCsv(rows: readonly ThroughputRow[]): string {
  return toCsv(
    ['policy', 'throughput_sequences_per_s', 'throughput_output_tokens_per_s'],
    rows.map((row) => [row.policy, row.sequencesPerS, row.outputTokensPerS]),
  );
}

/** Quantity a sweep chart plots against the arrival rate. */
export type SweepMetric = 'ttft' | 'tpot' | 'e2e' | 'throughput';
export const SWEEP_METRICS: readonly SweepMetric[] = Object.freeze(['e2e', 'ttft', 'tpot', 'throughput']);
export const SWEEP_METRIC_LABELS = Object.freeze({
  e2e: 'sim.metric.e2e',
  ttft: 'sim.metric.ttft',
  tpot: 'sim.metric.tpot',
  throughput: 'sim.metric.throughput',
} as const satisfies Readonly<Record<SweepMetric, PlainMessageKey>>);
export type PercentileName = 'p50' | 'p90' | 'p99';
export const PERCENTILE_NAMES: readonly PercentileName[] = Object.freeze(['p50', 'p90', 'p99']);

function latencyOf(point: SweepPoint, metric: Exclude<SweepMetric, 'throughput'>): Percentiles {
  switch (metric) {
    case 'ttft':
      return point.latency.ttftS;
    case 'tpot':
      return point.latency.tpotS;
    case 'e2e':
      return point.latency.e2eS;
  }
}

/** Returns the plotted value of a sweep point: a latency percentile in seconds, or sequences per second. */
export function sweepValue(point: SweepPoint, metric: SweepMetric, percentile: PercentileName): number | null {
  const value = metric === 'throughput' ? point.throughputSequencesPerS : latencyOf(point, metric)[percentile];
  return Number.isFinite(value) ? value : null;
}

/** One row per rate, ascending, with one column per policy, for a line chart of a sweep. */
export type SweepRow = { readonly ratePerS: number } & Readonly<Partial<Record<PolicyName, number | null>>>;

export function sweepRows(points: readonly SweepPoint[], metric: SweepMetric, percentile: PercentileName): SweepRow[] {
  const rates = [...new Set(points.map((point) => point.ratePerS))].sort((a, b) => a - b);
  return rates.map((ratePerS) => {
    const row: Record<string, number | null> = { ratePerS };
    for (const point of points) {
      if (point.ratePerS === ratePerS) row[point.policy] = sweepValue(point, metric, percentile);
    }
    return row as SweepRow;
  });
}

/** Arrival process of a sweep, repeated on every CSV row so that each row is self-contained. */
export interface SweepArrivalInfo {
  /** Coefficient of variation of Gamma gaps, or null for Poisson arrivals. */
  readonly cv: number | null;
  readonly seed: number;
}

/** CSV of every sweep point with every metric, in base units (seconds, sequences per second). */
export function sweepCsv(points: readonly SweepPoint[], arrivals: SweepArrivalInfo): string {
  const latencyColumns = (['ttft', 'tpot', 'e2e'] as const).flatMap((metric) => PERCENTILE_NAMES.map((name) => `${metric}_${name}_s`));
  return toCsv(
    [
      'policy',
      'arrivals',
      'arrival_cv',
      'arrival_seed',
      'rate_per_s',
      'throughput_sequences_per_s',
      'throughput_output_tokens_per_s',
      ...latencyColumns,
      'slo_attainment',
      'preemptions',
    ],
    points.map((point) => [
      point.policy,
      arrivals.cv === null ? 'poisson' : 'gamma',
      arrivals.cv,
      arrivals.seed,
      point.ratePerS,
      point.throughputSequencesPerS,
      point.throughputOutputTokensPerS,
      ...(['ttft', 'tpot', 'e2e'] as const).flatMap((metric) => PERCENTILE_NAMES.map((name) => latencyOf(point, metric)[name])),
      point.sloAttainment,
      point.preemptions,
    ]),
  );
}

/**
 * Returns axis ticks from 0 to at least `max` in steps of 1, 2 or 5 times a power of ten,
 * with at most about `targetCount` intervals. A `max` that is not a positive finite number gives [0, 1].
 */
export function niceAxisTicks(max: number, targetCount = 4): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const rawStep = max / targetCount;
  const magnitude = 10 ** Math.floor(Math.log10(rawStep));
  const step = [1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rawStep) ?? 10 * magnitude;
  const intervals = Math.ceil(max / step - 1e-9);
  // toPrecision(12) drops float noise, so 3 × 0.1 gives the tick 0.3, not 0.30000000000000004.
  return Array.from({ length: intervals + 1 }, (_, index) => Number((index * step).toPrecision(12)));
}
