/**
 * Measured step latencies that replace the roofline: a CSV of (batch size, total
 * context tokens, latency) rows, read into a full grid per phase and interpolated
 * bilinearly. Plain data only, so a table crosses to the simulator worker by structured clone.
 *
 * CSV format: a header with the columns `batch_size`, `context_tokens` and `latency_ms`,
 * in any order, and optionally `phase` with the values `prefill` or `decode`.
 * - Without `phase`, each row gives the latency of a whole iteration whose batch contains
 *   `batch_size` requests with `context_tokens` tokens in total (prompts being prefilled
 *   plus the contexts being decoded).
 * - With `phase`, prefill rows give the prefill of `batch_size` joining requests with
 *   `context_tokens` prompt tokens in total, decode rows one decode step of `batch_size`
 *   requests that read `context_tokens` tokens of KV cache in total. Both phases are required.
 * For each phase, the rows must cover every combination of the listed batch sizes and
 * context lengths, because bilinear interpolation needs the four corners of each cell.
 */
import { seconds, type Seconds } from './units.ts';

export type LatencyPhase = 'prefill' | 'decode';
export const LATENCY_PHASES: readonly LatencyPhase[] = Object.freeze(['prefill', 'decode']);

/** Column names of the CSV header. */
export const LATENCY_TABLE_COLUMNS = Object.freeze({
  batchSize: 'batch_size',
  contextTokens: 'context_tokens',
  latencyMs: 'latency_ms',
  phase: 'phase',
} as const);

/** Latencies on a rectilinear grid of batch sizes and total context tokens. */
export interface LatencyGrid {
  /** Distinct batch sizes, ascending. */
  readonly batchSizes: readonly number[];
  /** Distinct total context tokens, ascending. */
  readonly contextTokens: readonly number[];
  /** Latency in seconds of batch size `batchSizes[i]` and context `contextTokens[j]`, at index `i * contextTokens.length + j`. */
  readonly latencyS: readonly number[];
}

export type LatencyTable =
  | {
      readonly kind: 'whole-step';
      readonly fileName: string;
      readonly rows: number;
      readonly step: LatencyGrid;
    }
  | {
      readonly kind: 'per-phase';
      readonly fileName: string;
      readonly rows: number;
      readonly prefill: LatencyGrid;
      readonly decode: LatencyGrid;
    };

/** Largest table accepted, in data rows. A 300 × 300 grid per phase fits with room to spare. */
export const MAX_LATENCY_TABLE_ROWS = 200_000;

/** A latency table that cannot be read. The message names the file, the line and the value. */
export class LatencyTableError extends Error {
  override readonly name = 'LatencyTableError';
  readonly code = 'latency-table' as const;
  readonly fileName: string;
  /** 1-based line of the file, when the problem is on one line. */
  readonly line?: number;
  readonly value?: string;
  /** The problem without file, line or value, so a UI can show each part once. */
  readonly problem: string;

  constructor(fileName: string, problem: string, location: { readonly line?: number; readonly value?: string } = {}) {
    const where = location.line === undefined ? fileName : `${fileName}, line ${location.line}`;
    const shown = location.value === undefined ? '' : `: ${location.value === '' ? '(empty)' : location.value}`;
    super(`${where}: ${problem}${shown}`);
    this.fileName = fileName;
    this.problem = problem;
    if (location.line !== undefined) this.line = location.line;
    if (location.value !== undefined) this.value = location.value;
  }
}

interface ParsedRow {
  readonly line: number;
  readonly phase: LatencyPhase | null;
  readonly batchSize: number;
  readonly contextTokens: number;
  readonly latencyS: number;
}

interface ColumnIndexes {
  readonly batchSize: number;
  readonly contextTokens: number;
  readonly latencyMs: number;
  /** -1 when the table has no phase column. */
  readonly phase: number;
}

const KNOWN_COLUMNS: readonly string[] = Object.values(LATENCY_TABLE_COLUMNS);
const REQUIRED_COLUMNS: readonly string[] = [
  LATENCY_TABLE_COLUMNS.batchSize,
  LATENCY_TABLE_COLUMNS.contextTokens,
  LATENCY_TABLE_COLUMNS.latencyMs,
];

/**
 * Parses a latency CSV into per-phase grids. Throws `LatencyTableError` naming the
 * file, line and value of the first problem: a missing or unknown column, a cell that
 * is not a valid number or phase, a duplicate row, or a grid with a missing combination.
 */
export function parseLatencyTable(fileName: string, text: string): LatencyTable {
  const lines = splitLines(text);
  const headerIndex = lines.findIndex((line) => line.text.trim() !== '');
  if (headerIndex < 0) {
    throw new LatencyTableError(fileName, `the file is empty; expected a header with ${REQUIRED_COLUMNS.join(', ')}`);
  }
  const header = lines[headerIndex]!;
  const columns = readHeader(fileName, header.number, header.text);
  const width = header.text.split(',').length;

  const rows: ParsedRow[] = [];
  for (const line of lines.slice(headerIndex + 1)) {
    if (line.text.trim() === '') continue;
    if (rows.length >= MAX_LATENCY_TABLE_ROWS) {
      throw new LatencyTableError(fileName, `the table has more than ${MAX_LATENCY_TABLE_ROWS} data rows; thin out the grid`);
    }
    rows.push(readRow(fileName, line.number, line.text, columns, width));
  }
  if (rows.length === 0) {
    throw new LatencyTableError(fileName, 'the table has a header but no data rows');
  }

  if (columns.phase < 0) {
    return Object.freeze({ kind: 'whole-step', fileName, rows: rows.length, step: buildGrid(fileName, rows, null) });
  }
  const grids = LATENCY_PHASES.map((phase) => {
    const ofPhase = rows.filter((row) => row.phase === phase);
    if (ofPhase.length === 0) {
      throw new LatencyTableError(
        fileName,
        `the table has a phase column but no ${phase} rows; add ${phase} rows, or drop the phase column to use one table for whole iterations`,
      );
    }
    return buildGrid(fileName, ofPhase, phase);
  });
  return Object.freeze({ kind: 'per-phase', fileName, rows: rows.length, prefill: grids[0]!, decode: grids[1]! });
}

function splitLines(text: string): { number: number; text: string }[] {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return withoutBom.split('\n').map((line, index) => ({ number: index + 1, text: line.endsWith('\r') ? line.slice(0, -1) : line }));
}

function readHeader(fileName: string, lineNumber: number, text: string): ColumnIndexes {
  const names = text.split(',').map((name) => name.trim());
  const seen = new Set<string>();
  for (const name of names) {
    if (!KNOWN_COLUMNS.includes(name)) {
      throw new LatencyTableError(fileName, `unknown column; expected ${REQUIRED_COLUMNS.join(', ')} and optionally phase`, {
        line: lineNumber,
        value: name,
      });
    }
    if (seen.has(name)) {
      throw new LatencyTableError(fileName, 'the header names a column twice', { line: lineNumber, value: name });
    }
    seen.add(name);
  }
  const missing = REQUIRED_COLUMNS.filter((name) => !seen.has(name));
  if (missing.length > 0) {
    throw new LatencyTableError(fileName, `the header lacks the column ${missing.join(', ')}`, { line: lineNumber, value: text.trim() });
  }
  return {
    batchSize: names.indexOf(LATENCY_TABLE_COLUMNS.batchSize),
    contextTokens: names.indexOf(LATENCY_TABLE_COLUMNS.contextTokens),
    latencyMs: names.indexOf(LATENCY_TABLE_COLUMNS.latencyMs),
    phase: names.indexOf(LATENCY_TABLE_COLUMNS.phase),
  };
}

function readRow(fileName: string, lineNumber: number, text: string, columns: ColumnIndexes, width: number): ParsedRow {
  const cells = text.split(',').map((cell) => cell.trim());
  if (cells.length !== width) {
    throw new LatencyTableError(fileName, `the row has ${cells.length} cells, but the header has ${width} columns`, {
      line: lineNumber,
      value: text,
    });
  }
  const cell = (index: number): string => cells[index]!;

  const batchText = cell(columns.batchSize);
  const batchSize = Number(batchText);
  if (batchText === '' || !Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw new LatencyTableError(fileName, 'batch_size must be a whole number of at least 1', { line: lineNumber, value: batchText });
  }
  const contextText = cell(columns.contextTokens);
  const contextTokens = Number(contextText);
  if (contextText === '' || !Number.isSafeInteger(contextTokens) || contextTokens < 0) {
    throw new LatencyTableError(fileName, 'context_tokens must be a whole number of at least 0', { line: lineNumber, value: contextText });
  }
  const latencyText = cell(columns.latencyMs);
  const latencyMs = Number(latencyText);
  if (latencyText === '' || !Number.isFinite(latencyMs) || latencyMs <= 0) {
    throw new LatencyTableError(fileName, 'latency_ms must be a number of milliseconds greater than 0', {
      line: lineNumber,
      value: latencyText,
    });
  }
  let phase: LatencyPhase | null = null;
  if (columns.phase >= 0) {
    const phaseText = cell(columns.phase);
    if (!(LATENCY_PHASES as readonly string[]).includes(phaseText)) {
      throw new LatencyTableError(fileName, `phase must be ${LATENCY_PHASES.join(' or ')}`, { line: lineNumber, value: phaseText });
    }
    phase = phaseText as LatencyPhase;
  }
  return { line: lineNumber, phase, batchSize, contextTokens, latencyS: latencyMs / 1000 };
}

function ascendingDistinct(values: readonly number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

/** Places the rows of one phase on their grid, rejecting duplicates and missing combinations. */
function buildGrid(fileName: string, rows: readonly ParsedRow[], phase: LatencyPhase | null): LatencyGrid {
  const batchSizes = ascendingDistinct(rows.map((row) => row.batchSize));
  const contextTokens = ascendingDistinct(rows.map((row) => row.contextTokens));
  const batchIndex = new Map(batchSizes.map((value, index) => [value, index]));
  const contextIndex = new Map(contextTokens.map((value, index) => [value, index]));
  const latencyS = new Array<number>(batchSizes.length * contextTokens.length).fill(Number.NaN);
  const lineOf = new Array<number>(latencyS.length).fill(0);
  const phaseText = phase === null ? '' : ` (phase ${phase})`;

  for (const row of rows) {
    const index = batchIndex.get(row.batchSize)! * contextTokens.length + contextIndex.get(row.contextTokens)!;
    if (lineOf[index]! > 0) {
      throw new LatencyTableError(
        fileName,
        `batch_size ${row.batchSize} and context_tokens ${row.contextTokens}${phaseText} are already given on line ${lineOf[index]}`,
        { line: row.line, value: `${row.batchSize},${row.contextTokens}` },
      );
    }
    latencyS[index] = row.latencyS;
    lineOf[index] = row.line;
  }

  const missing = latencyS.findIndex((value) => Number.isNaN(value));
  if (missing >= 0) {
    const batch = batchSizes[Math.floor(missing / contextTokens.length)]!;
    const context = contextTokens[missing % contextTokens.length]!;
    throw new LatencyTableError(
      fileName,
      `no row for batch_size ${batch} and context_tokens ${context}${phaseText}; bilinear interpolation needs a latency ` +
        `for every combination of the batch sizes (${batchSizes.join(', ')}) and context lengths (${contextTokens.join(', ')}) in the table`,
    );
  }
  return Object.freeze({
    batchSizes: Object.freeze(batchSizes),
    contextTokens: Object.freeze(contextTokens),
    latencyS: Object.freeze(latencyS),
  });
}

/** Latency read from a grid, and whether a coordinate lay outside the grid and was moved to its edge. */
export interface GridLookup {
  readonly latencyS: Seconds;
  readonly clamped: boolean;
}

/**
 * Returns the index `i` with `axis[i] <= value <= axis[i + 1]` and the weight of
 * `axis[i + 1]`, after clamping `value` to the axis range.
 */
function bracket(axis: readonly number[], value: number): { low: number; weight: number; clamped: boolean } {
  const last = axis.length - 1;
  if (value <= axis[0]!) return { low: 0, weight: 0, clamped: value < axis[0]! };
  if (value >= axis[last]!) return { low: Math.max(last - 1, 0), weight: last === 0 ? 0 : 1, clamped: value > axis[last]! };
  let low = 0;
  let high = last;
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if (axis[middle]! <= value) low = middle;
    else high = middle;
  }
  const from = axis[low]!;
  return { low, weight: (value - from) / (axis[low + 1]! - from), clamped: false };
}

/**
 * Interpolates the latency at (`batchSize`, `contextTokens`) bilinearly between the four
 * surrounding grid points. A coordinate outside the grid is clamped to the nearest edge,
 * so the edge latency is used, and `clamped` is set.
 */
export function interpolateLatency(grid: LatencyGrid, batchSize: number, contextTokens: number): GridLookup {
  const rows = bracket(grid.batchSizes, batchSize);
  const columns = bracket(grid.contextTokens, contextTokens);
  const width = grid.contextTokens.length;
  const at = (row: number, column: number): number =>
    grid.latencyS[Math.min(row, grid.batchSizes.length - 1) * width + Math.min(column, width - 1)]!;
  const top = at(rows.low, columns.low) * (1 - columns.weight) + at(rows.low, columns.low + 1) * columns.weight;
  const bottom = at(rows.low + 1, columns.low) * (1 - columns.weight) + at(rows.low + 1, columns.low + 1) * columns.weight;
  return { latencyS: seconds(top * (1 - rows.weight) + bottom * rows.weight), clamped: rows.clamped || columns.clamped };
}

/** Range covered by a grid, for warnings about clamped lookups. */
export interface GridRange {
  readonly minBatchSize: number;
  readonly maxBatchSize: number;
  readonly minContextTokens: number;
  readonly maxContextTokens: number;
}

export function gridRange(grid: LatencyGrid): GridRange {
  return {
    minBatchSize: grid.batchSizes[0]!,
    maxBatchSize: grid.batchSizes[grid.batchSizes.length - 1]!,
    minContextTokens: grid.contextTokens[0]!,
    maxContextTokens: grid.contextTokens[grid.contextTokens.length - 1]!,
  };
}

/** Grids of a table with the phase each one covers, `null` for a whole-step table. */
export function latencyGrids(table: LatencyTable): readonly { readonly phase: LatencyPhase | null; readonly grid: LatencyGrid }[] {
  return table.kind === 'whole-step'
    ? [{ phase: null, grid: table.step }]
    : [
        { phase: 'prefill', grid: table.prefill },
        { phase: 'decode', grid: table.decode },
      ];
}
