import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseTrace, type Trace } from './index.ts';
import { SAMPLE_TRACE_CATALOG_FILE, type SampleTraceCatalog } from './sampleTraces.ts';

const TRACES_DIR = fileURLToPath(new URL('../../public/traces/', import.meta.url));

function readSample(fileName: string): string {
  return readFileSync(`${TRACES_DIR}${fileName}`, 'utf8');
}

function parseSample(fileName: string): Trace {
  return parseTrace(fileName, readSample(fileName));
}

function expectValidLengths(trace: Trace): void {
  for (const request of trace.requests) {
    expect(Number.isInteger(request.promptTokens)).toBe(true);
    expect(request.promptTokens).toBeGreaterThanOrEqual(0);
    expect(Number.isInteger(request.outputTokens)).toBe(true);
    expect(request.outputTokens).toBeGreaterThanOrEqual(0);
  }
}

describe('shipped sample traces', () => {
  it('alpaca-test-2000.jsonl has 2,000 prompts with lengths', () => {
    const trace = parseSample('alpaca-test-2000.jsonl');

    expect(trace.format).toBe('jsonl');
    expect(trace.requests).toHaveLength(2000);
    expect(trace.hasPrompts).toBe(true);
    expect(trace.hasOutputLengths).toBe(true);
    expect(trace.hasArrivalTimes).toBe(false);
    expect(trace.warnings).toEqual([]);
    expectValidLengths(trace);
    expect(trace.requests[0]).toEqual({
      line: 1,
      prompt: 'Give three tips for staying healthy.',
      promptTokens: 7,
      outputTokens: 45,
      arrivalTimeS: 0,
    });
  });

  it('alpaca-test-2000.jsonl keeps the Alpaca ids in order', () => {
    const ids = readSample('alpaca-test-2000.jsonl')
      .trimEnd()
      .split('\n')
      .map((line) => (JSON.parse(line) as { alpaca_id: number }).alpaca_id);

    expect(ids).toHaveLength(2000);
    expect(new Set(ids).size).toBe(2000);
    expect(ids.every((id, index) => index === 0 || id > ids[index - 1]!)).toBe(true);
  });

  it('azure-conv-2023.csv has the 19,366 requests of the hour', () => {
    const trace = parseSample('azure-conv-2023.csv');
    const times = trace.requests.map((request) => request.arrivalTimeS);

    expect(trace.format).toBe('azure-csv');
    expect(trace.requests).toHaveLength(19_366);
    expect(trace.hasPrompts).toBe(false);
    expect(trace.hasOutputLengths).toBe(true);
    expect(trace.hasArrivalTimes).toBe(true);
    expect(trace.warnings.some((warning) => warning.includes('sorted'))).toBe(false);
    expectValidLengths(trace);
    expect(times[0]).toBe(0);
    expect(times.every((time, index) => index === 0 || time >= times[index - 1]!)).toBe(true);
    expect(times.at(-1)).toBeCloseTo(3501.721937, 6);
    expect(trace.requests[0]).toEqual({ line: 2, promptTokens: 374, outputTokens: 44, arrivalTimeS: 0 });
  });
});

describe('sample trace catalog', () => {
  const catalog = JSON.parse(readSample(SAMPLE_TRACE_CATALOG_FILE)) as SampleTraceCatalog;

  it('lists both samples', () => {
    expect(catalog.traces.map((trace) => trace.file)).toEqual(['alpaca-test-2000.jsonl', 'azure-conv-2023.csv']);
  });

  it.each(['alpaca-test-2000.jsonl', 'azure-conv-2023.csv'])('matches %s', (fileName) => {
    const entry = catalog.traces.find((trace) => trace.file === fileName)!;
    const trace = parseSample(fileName);

    expect(entry.records).toBe(trace.requests.length);
    expect(entry.format).toBe(trace.format);
    expect(entry.bytes).toBe(statSync(`${TRACES_DIR}${fileName}`).size);
    expect(entry.licence.name).not.toBe('');
    expect(entry.attribution).not.toBe('');
    expect(entry.sources.length).toBeGreaterThan(0);
    expect(entry.command).toContain('scripts/build-sample-traces.ts');
  });

  it('names no paths outside the repository', () => {
    const text = readSample(SAMPLE_TRACE_CATALOG_FILE);

    expect(text).not.toMatch(/(?<![\w.])\/(?:work|home|tmp|root|mnt|Users)\//);
    expect(text).not.toContain('../');
  });
});
