import { afterEach, describe, expect, it } from 'vitest';
import { parseLatencyTable } from '../../sim/index.ts';
import { summarizeLatencyTable } from './latencyTableSummary.ts';
import {
  loadLatencyTableFile,
  MAX_LATENCY_TABLE_BYTES,
  setDtype,
  setLatencyTable,
  setMixedIterations,
  setPresets,
  setTensorParallel,
  tensorParallelFor,
} from './settingsActions.ts';
import { INITIAL_SIM_STATE, useSimStore } from './simStore.ts';

const GOOD_CSV = ['batch_size,context_tokens,latency_ms', '1,0,8', '1,4096,9', '32,0,12', '32,4096,30'].join('\n');

/** Builds a stand-in for the browser's File with the members the loader reads. */
function textFile(name: string, text: string, size = text.length): Pick<File, 'name' | 'size' | 'text'> {
  return { name, size, text: () => Promise.resolve(text) };
}

afterEach(() => {
  useSimStore.setState(INITIAL_SIM_STATE, true);
});

describe('tensor-parallel setting', () => {
  it('keeps a size the new model allows', () => {
    setTensorParallel(8);
    setPresets('opt-66b', 'a100-80gb');
    expect(useSimStore.getState().settings.tensorParallel).toBe(8);
  });

  it('lowers a size that does not divide the heads', () => {
    setTensorParallel(8);
    setPresets('llama-33b', 'a100-80gb');
    expect(useSimStore.getState().settings.tensorParallel).toBe(4);
  });

  it('picks the largest allowed size below the current one', () => {
    expect(tensorParallelFor('llama-33b', 8)).toBe(4);
    expect(tensorParallelFor('llama-33b', 2)).toBe(2);
    expect(tensorParallelFor('gptj-6b', 8)).toBe(8);
  });

  it('stores the precision', () => {
    setDtype('bf16');
    expect(useSimStore.getState().settings.dtype).toBe('bf16');
  });

  it('stores the mixed-iteration timing', () => {
    setMixedIterations('separate');
    expect(useSimStore.getState().settings.mixedIterations).toBe('separate');
  });
});

describe('loadLatencyTableFile', () => {
  it('uses a valid table', async () => {
    const error = await loadLatencyTableFile(textFile('a100.csv', GOOD_CSV));
    expect(error).toBeNull();
    const table = useSimStore.getState().settings.latencyTable;
    expect(table?.fileName).toBe('a100.csv');
    expect(table?.rows).toBe(4);
  });

  it('reports an invalid row, keeping the table', async () => {
    await loadLatencyTableFile(textFile('a100.csv', GOOD_CSV));
    const before = useSimStore.getState().settings.latencyTable;
    const error = await loadLatencyTableFile(textFile('broken.csv', 'batch_size,context_tokens,latency_ms\n1,0,8\n2,0,-3'));
    expect(error).toEqual({
      fileName: 'broken.csv',
      message: 'broken.csv, line 3: latency_ms must be a number of milliseconds greater than 0: -3',
      line: 3,
      lineUnit: 'line',
      value: '-3',
      problem: 'latency_ms must be a number of milliseconds greater than 0',
    });
    expect(useSimStore.getState().settings.latencyTable).toBe(before);
  });

  it('rejects a file over the size limit without reading it', async () => {
    const error = await loadLatencyTableFile(textFile('huge.csv', GOOD_CSV, MAX_LATENCY_TABLE_BYTES + 1));
    expect(error?.message).toMatch(/^huge\.csv: the file has \d+ bytes, more than the \d+ bytes a latency table may have/);
    expect(useSimStore.getState().settings.latencyTable).toBeNull();
  });

  it('returns to the roofline when cleared', async () => {
    await loadLatencyTableFile(textFile('a100.csv', GOOD_CSV));
    setLatencyTable(null);
    expect(useSimStore.getState().settings.latencyTable).toBeNull();
  });
});

describe('summarizeLatencyTable', () => {
  const table = parseLatencyTable('a100.csv', GOOD_CSV);

  it('reports the covered ranges', () => {
    const [summary] = summarizeLatencyTable(table, 1000);
    expect(summary?.phase).toBeNull();
    expect(summary?.range).toEqual({ minBatchSize: 1, maxBatchSize: 32, minContextTokens: 0, maxContextTokens: 4096 });
    expect(summary?.capacityBeyondTable).toBe(false);
  });

  it('warns when the KV cache outgrows the table', () => {
    expect(summarizeLatencyTable(table, 143_314)[0]?.capacityBeyondTable).toBe(true);
    expect(summarizeLatencyTable(table, null)[0]?.capacityBeyondTable).toBe(false);
  });

  it('lists both phases of a per-phase table', () => {
    const phased = parseLatencyTable('p.csv', 'phase,batch_size,context_tokens,latency_ms\nprefill,1,512,20\ndecode,1,512,6');
    expect(summarizeLatencyTable(phased, 100).map((summary) => summary.phase)).toEqual(['prefill', 'decode']);
  });
});
