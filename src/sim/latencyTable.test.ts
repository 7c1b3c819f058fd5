import { describe, expect, it } from 'vitest';
import { gridRange, interpolateLatency, LatencyTableError, latencyGrids, parseLatencyTable, type LatencyGrid } from './latencyTable.ts';

const WHOLE_STEP = ['batch_size,context_tokens,latency_ms', '1,0,10', '1,1000,20', '4,0,30', '4,1000,60'].join('\n');

function parseError(text: string, fileName = 'steps.csv'): LatencyTableError {
  try {
    parseLatencyTable(fileName, text);
  } catch (error) {
    if (error instanceof LatencyTableError) return error;
    throw error;
  }
  throw new Error('expected parseLatencyTable to throw');
}

function wholeStepGrid(text: string): LatencyGrid {
  const table = parseLatencyTable('steps.csv', text);
  if (table.kind !== 'whole-step') throw new Error(`expected a whole-step table, got ${table.kind}`);
  return table.step;
}

describe('parseLatencyTable', () => {
  it('reads a whole-step table into a grid in seconds', () => {
    const table = parseLatencyTable('steps.csv', WHOLE_STEP);
    expect(table.kind).toBe('whole-step');
    expect(table.fileName).toBe('steps.csv');
    expect(table.rows).toBe(4);
    const grid = wholeStepGrid(WHOLE_STEP);
    expect(grid.batchSizes).toEqual([1, 4]);
    expect(grid.contextTokens).toEqual([0, 1000]);
    expect(grid.latencyS).toEqual([0.01, 0.02, 0.03, 0.06]);
  });

  it('ignores column and row order, CRLF, BOM, blank lines', () => {
    const text = '\uFEFFlatency_ms, context_tokens ,batch_size\r\n60,1000,4\r\n\r\n10,0,1\r\n30,0,4\r\n20,1000,1\r\n';
    expect(wholeStepGrid(text)).toEqual(wholeStepGrid(WHOLE_STEP));
  });

  it('reads a per-phase table', () => {
    const text = [
      'batch_size,context_tokens,latency_ms,phase',
      '1,128,15,prefill',
      '2,128,25,prefill',
      '1,128,5,decode',
      '1,2048,6,decode',
    ].join('\n');
    const table = parseLatencyTable('phases.csv', text);
    expect(table.kind).toBe('per-phase');
    if (table.kind !== 'per-phase') return;
    expect(table.prefill.batchSizes).toEqual([1, 2]);
    expect(table.prefill.contextTokens).toEqual([128]);
    expect(table.decode.contextTokens).toEqual([128, 2048]);
    expect(latencyGrids(table).map((entry) => entry.phase)).toEqual(['prefill', 'decode']);
  });

  it.each([
    ['', 'steps.csv: the file is empty; expected a header with batch_size, context_tokens, latency_ms'],
    ['batch_size,context_tokens,latency_ms\n', 'steps.csv: the table has a header but no data rows'],
    ['batch_size,context_tokens\n1,2', 'steps.csv, line 1: the header lacks the column latency_ms: batch_size,context_tokens'],
    ['batch_size,tokens,latency_ms\n1,2,3', 'steps.csv, line 1: unknown column; expected batch_size, context_tokens, latency_ms and optionally phase: tokens'],
    ['batch_size,batch_size,context_tokens,latency_ms', 'steps.csv, line 1: the header names a column twice: batch_size'],
  ])('rejects the header of %j', (text, message) => {
    expect(() => parseLatencyTable('steps.csv', text)).toThrow(message);
  });

  it.each([
    ['0,0,1', 'batch_size must be a whole number of at least 1', '0'],
    ['1.5,0,1', 'batch_size must be a whole number of at least 1', '1.5'],
    ['1,-4,1', 'context_tokens must be a whole number of at least 0', '-4'],
    ['1,x,1', 'context_tokens must be a whole number of at least 0', 'x'],
    ['1,0,0', 'latency_ms must be a number of milliseconds greater than 0', '0'],
    ['1,0,', 'latency_ms must be a number of milliseconds greater than 0', ''],
    ['1,0,NaN', 'latency_ms must be a number of milliseconds greater than 0', 'NaN'],
    ['1,0', 'the row has 2 cells, but the header has 3 columns', '1,0'],
  ])('rejects the row %j with its line and value', (row, problem, value) => {
    const error = parseError(`batch_size,context_tokens,latency_ms\n1,1,1\n${row}`);
    expect(error.line).toBe(3);
    expect(error.value).toBe(value);
    expect(error.fileName).toBe('steps.csv');
    expect(error.message).toContain(`steps.csv, line 3: ${problem}`);
  });

  it('rejects an unknown phase', () => {
    const error = parseError('phase,batch_size,context_tokens,latency_ms\nprefil,1,1,1');
    expect(error.message).toBe('steps.csv, line 2: phase must be prefill or decode: prefil');
    expect(error.line).toBe(2);
  });

  it('rejects a phase column without decode rows', () => {
    expect(() => parseLatencyTable('steps.csv', 'phase,batch_size,context_tokens,latency_ms\nprefill,1,1,1')).toThrow(
      'steps.csv: the table has a phase column but no decode rows; add decode rows, or drop the phase column to use one table for whole iterations',
    );
  });

  it('rejects a duplicate row with both lines', () => {
    const error = parseError('batch_size,context_tokens,latency_ms\n1,0,10\n2,0,12\n1,0,11');
    expect(error.line).toBe(4);
    expect(error.message).toBe('steps.csv, line 4: batch_size 1 and context_tokens 0 are already given on line 2: 1,0');
  });

  it('rejects a grid with a missing combination', () => {
    const text = ['phase,batch_size,context_tokens,latency_ms', 'prefill,1,1,1', 'decode,1,0,5', 'decode,1,100,6', 'decode,8,0,9'].join('\n');
    expect(() => parseLatencyTable('steps.csv', text)).toThrow(
      'steps.csv: no row for batch_size 8 and context_tokens 100 (phase decode); bilinear interpolation needs a latency ' +
        'for every combination of the batch sizes (1, 8) and context lengths (0, 100) in the table',
    );
  });
});

describe('interpolateLatency', () => {
  const grid = wholeStepGrid(WHOLE_STEP);

  it('returns grid points exactly', () => {
    expect(interpolateLatency(grid, 1, 0)).toEqual({ latencyS: 0.01, clamped: false });
    expect(interpolateLatency(grid, 4, 1000)).toEqual({ latencyS: 0.06, clamped: false });
  });

  it('interpolates bilinearly inside a cell', () => {
    // Batch 2.5 is halfway from 1 to 4, context 250 a quarter of the way from 0 to 1000.
    const top = 0.01 + 0.25 * (0.02 - 0.01);
    const bottom = 0.03 + 0.25 * (0.06 - 0.03);
    const lookup = interpolateLatency(grid, 2.5, 250);
    expect(lookup.latencyS).toBeCloseTo((top + bottom) / 2, 15);
    expect(lookup.clamped).toBe(false);
  });

  it('interpolates linearly along an edge', () => {
    expect(interpolateLatency(grid, 2, 0).latencyS).toBeCloseTo(0.01 + (1 / 3) * 0.02, 15);
    expect(interpolateLatency(grid, 4, 500).latencyS).toBeCloseTo(0.045, 15);
  });

  it('clamps outside the table and says so', () => {
    expect(interpolateLatency(grid, 64, 500)).toEqual({ latencyS: interpolateLatency(grid, 4, 500).latencyS, clamped: true });
    expect(interpolateLatency(grid, 1, 50_000)).toEqual({ latencyS: 0.02, clamped: true });
    expect(interpolateLatency(grid, 0, 0)).toEqual({ latencyS: 0.01, clamped: true });
  });

  it('handles a grid of one batch size', () => {
    const line = wholeStepGrid('batch_size,context_tokens,latency_ms\n8,0,4\n8,100,8');
    expect(interpolateLatency(line, 8, 25).latencyS).toBeCloseTo(0.005, 15);
    expect(interpolateLatency(line, 2, 25)).toEqual({ latencyS: interpolateLatency(line, 8, 25).latencyS, clamped: true });
  });

  it('handles a grid of one point', () => {
    const point = wholeStepGrid('batch_size,context_tokens,latency_ms\n8,100,4');
    expect(interpolateLatency(point, 8, 100)).toEqual({ latencyS: 0.004, clamped: false });
    expect(interpolateLatency(point, 9, 100)).toEqual({ latencyS: 0.004, clamped: true });
  });

  it('reports the covered range', () => {
    expect(gridRange(grid)).toEqual({ minBatchSize: 1, maxBatchSize: 4, minContextTokens: 0, maxContextTokens: 1000 });
  });
});
