import { describe, expect, it } from 'vitest';
import { parseAzureTimestamp, secondsBetween } from './azureTimestamp.ts';
import { parseTrace, parseTraceWithLimits } from './index.ts';
import { catchTraceError } from './traceErrorMatchers.ts';

const HEADER = 'TIMESTAMP,ContextTokens,GeneratedTokens';

/** The first five rows of AzureLLMInferenceTrace_conv.csv (Azure/AzurePublicDataset). */
const CONV_HEAD = [
  HEADER,
  '2023-11-16 18:15:46.6805900,374,44',
  '2023-11-16 18:15:50.9951690,396,109',
  '2023-11-16 18:15:51.2224670,879,55',
  '2023-11-16 18:15:51.3910170,91,16',
].join('\r\n');

function csv(...rows: readonly string[]): string {
  return [HEADER, ...rows].join('\n');
}

describe('parseTrace on Azure CSV', () => {
  it('reads rows of the conversation trace', () => {
    const trace = parseTrace('AzureLLMInferenceTrace_conv.csv', CONV_HEAD);

    expect(trace.format).toBe('azure-csv');
    expect(trace.hasPrompts).toBe(false);
    expect(trace.hasOutputLengths).toBe(true);
    expect(trace.hasArrivalTimes).toBe(true);
    expect(trace.requests.map((request) => [request.line, request.promptTokens, request.outputTokens])).toEqual([
      [2, 374, 44],
      [3, 396, 109],
      [4, 879, 55],
      [5, 91, 16],
    ]);
    expect(trace.requests[0]).not.toHaveProperty('prompt');
  });

  it('converts timestamps to seconds after the first row', () => {
    const trace = parseTrace('AzureLLMInferenceTrace_conv.csv', CONV_HEAD);
    const times = trace.requests.map((request) => request.arrivalTimeS);

    expect(times[0]).toBe(0);
    expect(times[1]).toBeCloseTo(4.314579, 9);
    expect(times[2]).toBeCloseTo(4.541877, 9);
    expect(times[3]).toBeCloseTo(4.710427, 9);
  });

  it('orders 100 ns steps across midnight', () => {
    const trace = parseTrace(
      'midnight.csv',
      csv('2023-12-31 23:59:59.9999999,1,1', '2024-01-01 00:00:00.0000000,2,2', '2024-01-01 00:00:00.0000001,3,3', '2024-01-01 00:00:00.0001000,4,4'),
    );
    const times = trace.requests.map((request) => request.arrivalTimeS);

    expect(trace.warnings.filter((warning) => warning.includes('sorted'))).toEqual([]);
    expect(times[1]).toBeCloseTo(1e-7, 12);
    expect(times[2]).toBeCloseTo(2e-7, 12);
    expect(times[3]).toBeCloseTo(1.001e-4, 12);
    expect(times[1]! < times[2]!).toBe(true);
  });

  it('sorts backward rows with a warning', () => {
    const trace = parseTrace(
      'shuffled.csv',
      csv('2023-11-16 18:00:00.5000000,10,1', '2023-11-16 18:00:00.4999999,20,2', '2023-11-16 18:00:01.0000000,30,3'),
    );

    expect(trace.requests.map((request) => request.line)).toEqual([3, 2, 4]);
    expect(trace.requests[0]?.arrivalTimeS).toBe(0);
    expect(trace.requests[1]?.arrivalTimeS).toBeCloseTo(1e-7, 12);
    expect(trace.requests[2]?.arrivalTimeS).toBeCloseTo(0.5000001, 12);
    expect(trace.warnings.some((warning) => warning.includes('backwards at line 3'))).toBe(true);
  });

  it('warns about the unnamed tokenizer', () => {
    const trace = parseTrace('conv.csv', CONV_HEAD);

    expect(trace.warnings).toHaveLength(1);
    expect(trace.warnings[0]).toContain('do not name the tokenizer');
  });

  it('accepts reordered, quoted and extra columns', () => {
    const text = '\ufeff"GeneratedTokens","timestamp","ContextTokens",Service\n"7","2023-11-16 18:15:46",12,conv\n';
    const trace = parseTrace('reordered.csv', text);

    expect(trace.requests).toEqual([{ line: 2, promptTokens: 12, outputTokens: 7, arrivalTimeS: 0 }]);
    expect(trace.warnings.some((warning) => warning.includes('Ignored the column Service'))).toBe(true);
  });

  it('skips blank lines and a final line end', () => {
    const trace = parseTrace('gaps.csv', `${HEADER}\r\n\r\n2023-11-16 18:15:46.1,1,2\r\n\r\n2023-11-16 18:15:47.1,3,4\r\n`);

    expect(trace.requests.map((request) => request.line)).toEqual([3, 5]);
    expect(trace.requests[1]?.arrivalTimeS).toBeCloseTo(1, 12);
  });
});

describe('parseTrace on invalid Azure CSV', () => {
  it('rejects a wrong header', () => {
    const error = catchTraceError(() => parseTrace('wrong.csv', 'time,input,output\n2023-11-16 18:15:46,1,2\n'));

    expect(error.line).toBe(1);
    expect(error.value).toBe('time,input,output');
    expect(error.message).toContain('header lacks the columns TIMESTAMP, ContextTokens, GeneratedTokens');
    expect(error.message).toContain('Expected the header TIMESTAMP,ContextTokens,GeneratedTokens');
  });

  it('rejects a header without GeneratedTokens', () => {
    const error = catchTraceError(() => parseTrace('two.csv', 'TIMESTAMP,ContextTokens\n2023-11-16 18:15:46,1\n'));

    expect(error.line).toBe(1);
    expect(error.value).toBe('TIMESTAMP,ContextTokens');
    expect(error.message).toContain('header lacks the column GeneratedTokens');
  });

  it('rejects a file without data rows', () => {
    const error = catchTraceError(() => parseTrace('header-only.csv', `${HEADER}\n`));

    expect(error.message).toContain('file contains no requests');
  });

  it('rejects a row with a missing field', () => {
    const error = catchTraceError(() => parseTrace('short.csv', csv('2023-11-16 18:15:46.1,1,2', '2023-11-16 18:15:47.1,3')));

    expect(error.line).toBe(3);
    expect(error.value).toBe('2023-11-16 18:15:47.1,3');
    expect(error.message).toContain('row has 2 fields, but the header has 3');
  });

  it.each([
    { name: 'non-numeric', cell: 'many', reason: 'not a number' },
    { name: 'negative', cell: '-3', reason: 'negative' },
    { name: 'fractional', cell: '2.5', reason: 'not an integer' },
    { name: 'empty', cell: '', reason: 'not a number' },
    { name: 'exponent', cell: '1e3', reason: 'not written as decimal digits' },
  ])('rejects a $name GeneratedTokens', ({ cell, reason }) => {
    const error = catchTraceError(() => parseTrace('bad.csv', csv('2023-11-16 18:15:46.1,1,2', `2023-11-16 18:15:47.1,3,${cell}`)));

    expect(error.line).toBe(3);
    expect(error.value).toBe(cell);
    expect(error.message).toContain(`invalid GeneratedTokens (${reason})`);
    expect(error.message).toContain('Expected a non-negative integer number of tokens.');
  });

  it('rejects a negative ContextTokens', () => {
    const error = catchTraceError(() => parseTrace('bad.csv', csv('2023-11-16 18:15:46.1,-1,2')));

    expect(error.line).toBe(2);
    expect(error.value).toBe('-1');
    expect(error.message).toContain('invalid ContextTokens (negative)');
    expect(error.problem).toBe('invalid ContextTokens (negative)');
    expect(error.expected).toBe('a non-negative integer number of tokens');
  });

  it.each([
    { name: 'a date alone', cell: '2023-11-16' },
    { name: 'February 30', cell: '2023-02-30 10:00:00' },
    { name: 'hour 24', cell: '2023-11-16 24:00:00' },
    { name: 'ten fractional digits', cell: '2023-11-16 18:15:46.1234567890' },
    { name: 'a Unix time', cell: '1700158546' },
  ])('rejects $name as TIMESTAMP', ({ cell }) => {
    const error = catchTraceError(() => parseTrace('bad-time.csv', csv('2023-11-16 18:15:46.1,1,2', `${cell},1,2`)));

    expect(error.line).toBe(3);
    expect(error.value).toBe(cell);
    expect(error.message).toContain('invalid TIMESTAMP');
    expect(error.message).toContain('such as 2023-11-16 18:15:46.6805900');
  });

  it('rejects more rows than the limit', () => {
    const text = csv('2023-11-16 18:15:46.1,1,2', '2023-11-16 18:15:46.2,1,2', '2023-11-16 18:15:46.3,1,2');
    const error = catchTraceError(() => parseTraceWithLimits('long.csv', text, { maxBytes: 10_000, maxRequests: 2 }));

    expect(error.line).toBe(4);
    expect(error.value).toBe('more than 2');
  });
});

describe('parseAzureTimestamp', () => {
  it('keeps all seven fractional digits', () => {
    expect(parseAzureTimestamp('2023-11-16 18:15:46.6805900')).toEqual({
      epochSeconds: Date.UTC(2023, 10, 16, 18, 15, 46) / 1000,
      nanoseconds: 680_590_000,
    });
  });

  it('reads times without a fraction and with a T separator', () => {
    expect(parseAzureTimestamp('2024-02-29T00:00:00')).toEqual({ epochSeconds: Date.UTC(2024, 1, 29) / 1000, nanoseconds: 0 });
  });

  it('reads years below 100 as written', () => {
    const start = parseAzureTimestamp('0050-03-01 00:00:00')!;
    const end = parseAzureTimestamp('0050-03-02 00:00:00')!;

    expect(secondsBetween(start, end)).toBe(86_400);
  });

  it('returns exact differences across seconds', () => {
    const start = parseAzureTimestamp('2023-11-16 18:15:46.6805900')!;
    const end = parseAzureTimestamp('2023-11-16 19:14:08.4025270')!;

    expect(secondsBetween(start, end)).toBeCloseTo(3501.721937, 9);
  });
});
