/** Chart rows built from simulator results. The CSV exports write the same rows. */
import type { PolicyName, SimResult, TimelinePoint } from '../../sim/index.ts';
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

export function batchRows(results: Readonly<Record<PolicyName, SimResult>>, policies: readonly PolicyName[]): MergedRow[] {
  const series: Record<string, StepPoint[]> = {};
  for (const policy of policies) {
    series[policy] = results[policy].timeline.map((point) => ({ timeS: point.timeS, value: point.batchSize }));
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

export function throughputRows(results: Readonly<Record<PolicyName, SimResult>>, policies: readonly PolicyName[]): ThroughputRow[] {
  return policies.map((policy) => ({
    policy,
    sequencesPerS: results[policy].throughputSequencesPerS,
    outputTokensPerS: results[policy].throughputOutputTokensPerS,
  }));
}

export function throughputCsv(rows: readonly ThroughputRow[]): string {
  return toCsv(
    ['policy', 'throughput_sequences_per_s', 'throughput_output_tokens_per_s'],
    rows.map((row) => [row.policy, row.sequencesPerS, row.outputTokensPerS]),
  );
}
