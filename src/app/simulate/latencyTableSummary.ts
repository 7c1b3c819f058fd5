/** Summary of a loaded latency table for the settings panel: the ranges it covers and where lookups will be clamped. */
import { gridRange, latencyGrids, type GridRange, type LatencyPhase, type LatencyTable } from '../../sim/index.ts';

export interface LatencyGridSummary {
  /** Phase the grid covers, or null for a whole-step table. */
  readonly phase: LatencyPhase | null;
  readonly range: GridRange;
  /**
   * True when the KV cache can hold more tokens than the grid's largest context, so
   * the steps of a full cache read past the table and get its edge latency, which
   * underestimates them.
   */
  readonly capacityBeyondTable: boolean;
}

/** Summarises each grid of `table` against a KV capacity of `kvCapacityTokens`, or null when it is unknown. */
export function summarizeLatencyTable(table: LatencyTable, kvCapacityTokens: number | null): readonly LatencyGridSummary[] {
  return latencyGrids(table).map(({ phase, grid }) => {
    const range = gridRange(grid);
    return {
      phase,
      range,
      capacityBeyondTable: kvCapacityTokens !== null && kvCapacityTokens > range.maxContextTokens,
    };
  });
}
