import { describe, expect, it } from 'vitest';
import { countGpt2Tokens } from '../tokens/gpt2.ts';
import { parseTrace, parseTraceWithLimits } from './index.ts';
import { catchTraceError } from './traceErrorMatchers.ts';

function jsonl(...records: readonly unknown[]): string {
  return records.map((record) => (typeof record === 'string' ? record : JSON.stringify(record))).join('\n');
}

describe('parseTrace on JSON Lines', () => {
  it('reads prompts and lengths', () => {
    const text = jsonl(
      { prompt: 'Give three tips for staying healthy.', output_tokens: 45 },
      { prompt: 'Name a color.', prompt_tokens: 99, output_tokens: 0 },
    );
    const trace = parseTrace('requests.jsonl', text);

    expect(trace.format).toBe('jsonl');
    expect(trace.hasPrompts).toBe(true);
    expect(trace.hasOutputLengths).toBe(true);
    expect(trace.hasArrivalTimes).toBe(false);
    expect(trace.warnings).toEqual([]);
    expect(trace.requests).toEqual([
      { line: 1, prompt: 'Give three tips for staying healthy.', promptTokens: 7, outputTokens: 45, arrivalTimeS: 0 },
      { line: 2, prompt: 'Name a color.', promptTokens: 99, outputTokens: 0, arrivalTimeS: 0 },
    ]);
  });

  it('counts missing prompt_tokens with GPT-2 BPE', () => {
    const prompt = 'Explain KV-cache preallocation to a new engineer, in two sentences.';
    const trace = parseTrace('requests.jsonl', jsonl({ prompt }));

    expect(trace.requests[0]?.promptTokens).toBe(countGpt2Tokens(prompt));
    expect(trace.requests[0]?.promptTokens).toBeGreaterThan(10);
    expect(trace.hasOutputLengths).toBe(false);
    expect(trace.requests[0]).not.toHaveProperty('outputTokens');
  });

  it('accepts lengths without prompts', () => {
    const trace = parseTrace('lengths.jsonl', jsonl({ prompt_tokens: 12, output_tokens: 30 }, { prompt_tokens: 5, output_tokens: 1 }));

    expect(trace.hasPrompts).toBe(false);
    expect(trace.requests.map((request) => [request.promptTokens, request.outputTokens])).toEqual([
      [12, 30],
      [5, 1],
    ]);
    expect(trace.requests[0]).not.toHaveProperty('prompt');
  });

  it('sets unknown promptTokens to 0', () => {
    const trace = parseTrace('outputs.jsonl', jsonl({ output_tokens: 3 }));

    expect(trace.requests[0]?.promptTokens).toBe(0);
  });

  it('skips blank lines, keeping line numbers', () => {
    const text = `\n${jsonl({ output_tokens: 1 })}\n   \n\r\n${jsonl({ output_tokens: 2 })}\n\n`;
    const trace = parseTrace('gaps.jsonl', text);

    expect(trace.requests.map((request) => request.line)).toEqual([2, 5]);
  });

  it('reads CRLF line ends', () => {
    const trace = parseTrace('windows.jsonl', `${jsonl({ output_tokens: 1 })}\r\n${jsonl({ output_tokens: 2 })}\r\n`);

    expect(trace.requests.map((request) => request.outputTokens)).toEqual([1, 2]);
  });

  it('ignores unknown and null fields', () => {
    const trace = parseTrace('extra.jsonl', jsonl({ prompt: 'Hi', output_tokens: 4, alpaca_id: 17, prompt_tokens: null }));

    expect(trace.requests[0]).toEqual({ line: 1, prompt: 'Hi', promptTokens: countGpt2Tokens('Hi'), outputTokens: 4, arrivalTimeS: 0 });
  });

  it('measures arrival times from the first', () => {
    const trace = parseTrace('timed.jsonl', jsonl({ output_tokens: 1, arrival_time: 100 }, { output_tokens: 2, arrival_time: 100.25 }, { output_tokens: 3, arrival_time: 103 }));

    expect(trace.hasArrivalTimes).toBe(true);
    expect(trace.requests.map((request) => request.arrivalTimeS)).toEqual([0, 0.25, 3]);
    expect(trace.warnings).toEqual([]);
  });

  it('sorts backward times with a warning', () => {
    const text = jsonl(
      { output_tokens: 1, arrival_time: 0 },
      { output_tokens: 2, arrival_time: 5 },
      { output_tokens: 3, arrival_time: 2 },
      { output_tokens: 4, arrival_time: 2 },
      { output_tokens: 5, arrival_time: 9 },
    );
    const trace = parseTrace('shuffled.jsonl', text);

    expect(trace.requests.map((request) => request.line)).toEqual([1, 3, 4, 2, 5]);
    expect(trace.requests.map((request) => request.arrivalTimeS)).toEqual([0, 2, 2, 5, 9]);
    expect(trace.warnings).toHaveLength(1);
    expect(trace.warnings[0]).toContain('line 3');
    expect(trace.warnings[0]).toContain('1 of 5 requests');
    expect(trace.warnings[0]).toContain('sorted by arrival time');
  });

  it('starts times at the earliest request', () => {
    const trace = parseTrace('late-first.jsonl', jsonl({ output_tokens: 1, arrival_time: 10 }, { output_tokens: 2, arrival_time: 4 }));

    expect(trace.requests.map((request) => [request.line, request.arrivalTimeS])).toEqual([
      [2, 0],
      [1, 6],
    ]);
  });
});

describe('parseTrace on invalid JSON Lines', () => {
  it('rejects broken JSON with its line', () => {
    const error = catchTraceError(() => parseTrace('broken.jsonl', jsonl({ output_tokens: 1 }, '', '{"output_tokens": 2,}')));

    expect(error.line).toBe(3);
    expect(error.lineUnit).toBe('line');
    expect(error.value).toBe('{"output_tokens": 2,}');
    expect(error.fileName).toBe('broken.jsonl');
    expect(error.code).toBe('trace-parse');
    expect(error.message).toBe(
      'broken.jsonl, line 3: invalid JSON: {"output_tokens": 2,}. Expected one complete JSON object per line, such as {"prompt": "…", "output_tokens": 42}, or a JSON array of such objects.',
    );
  });

  it('rejects records lacking prompt and output_tokens', () => {
    const error = catchTraceError(() => parseTrace('empty-record.jsonl', jsonl({ output_tokens: 1 }, { prompt_tokens: 4 })));

    expect(error.line).toBe(2);
    expect(error.value).toBe('{"prompt_tokens":4}');
    expect(error.message).toContain('neither prompt nor output_tokens');
  });

  it('redirects Alpaca records to JSON arrays', () => {
    const error = catchTraceError(() => parseTrace('alpaca.jsonl', jsonl({ instruction: 'Name a color.', input: '', output: 'Red.' })));

    expect(error.line).toBe(1);
    expect(error.message).toContain('read only from a JSON array file');
  });

  it('rejects a line that is not an object', () => {
    const error = catchTraceError(() => parseTrace('array-line.jsonl', jsonl({ output_tokens: 1 }, '[1, 2]')));

    expect(error.line).toBe(2);
    expect(error.value).toBe('[1,2]');
    expect(error.message).toContain('not a JSON object');
  });

  it.each([
    { name: 'negative', record: { output_tokens: -5 }, value: '-5', reason: 'negative' },
    { name: 'fractional', record: { output_tokens: 2.5 }, value: '2.5', reason: 'not an integer' },
    { name: 'string', record: { output_tokens: '12' }, value: '"12"', reason: 'a JSON string, not a number' },
    { name: 'boolean', record: { output_tokens: true }, value: 'true', reason: 'a JSON boolean, not a number' },
    { name: 'unsafe', record: { output_tokens: 2 ** 60 }, value: String(2 ** 60), reason: 'too large' },
  ])('rejects a $name output_tokens', ({ record, value, reason }) => {
    const error = catchTraceError(() => parseTrace('bad-length.jsonl', jsonl({ output_tokens: 1 }, record)));

    expect(error.line).toBe(2);
    expect(error.value).toBe(value);
    expect(error.message).toContain(`invalid output_tokens (${reason})`);
    expect(error.message).toContain('Expected a non-negative integer number of tokens.');
  });

  it('rejects a negative prompt_tokens', () => {
    const error = catchTraceError(() => parseTrace('bad-prompt-length.jsonl', jsonl({ prompt: 'Hi', prompt_tokens: -1 })));

    expect(error.line).toBe(1);
    expect(error.value).toBe('-1');
    expect(error.message).toContain('invalid prompt_tokens (negative)');
  });

  it('rejects a prompt that is not a string', () => {
    const error = catchTraceError(() => parseTrace('bad-prompt.jsonl', jsonl({ prompt: 42 })));

    expect(error.line).toBe(1);
    expect(error.value).toBe('42');
    expect(error.message).toContain('Expected a string.');
  });

  it.each([
    { name: 'negative', arrival: -1, value: '-1' },
    { name: 'string', arrival: '12:00', value: '"12:00"' },
  ])('rejects a $name arrival_time', ({ arrival, value }) => {
    const error = catchTraceError(() => parseTrace('bad-time.jsonl', jsonl({ output_tokens: 1, arrival_time: 0 }, { output_tokens: 1, arrival_time: arrival })));

    expect(error.line).toBe(2);
    expect(error.value).toBe(value);
    expect(error.message).toContain('a non-negative number of seconds');
  });

  it('rejects output_tokens in only some records', () => {
    const error = catchTraceError(() => parseTrace('mixed.jsonl', jsonl({ prompt: 'A', output_tokens: 1 }, { prompt: 'B', output_tokens: 2 }, { prompt: 'C' })));

    expect(error.line).toBe(3);
    expect(error.value).toBe('{"prompt":"C"}');
    expect(error.message).toContain('record has no output_tokens, but line 1 has one');
    expect(error.message).toContain('Expected output_tokens in every record or in none.');
  });

  it('rejects arrival times in only some records', () => {
    const error = catchTraceError(() => parseTrace('mixed-times.jsonl', jsonl({ output_tokens: 1 }, { output_tokens: 2, arrival_time: 3 })));

    expect(error.line).toBe(2);
    expect(error.message).toContain('record has arrival_time, but line 1 has none');
  });

  it('rejects a file of blank lines as empty', () => {
    const error = catchTraceError(() => parseTrace('blank.jsonl', '\n  \n\r\n'));

    expect(error.line).toBeUndefined();
    expect(error.message).toContain('file is empty');
  });

  it('rejects records past the limit', () => {
    const text = jsonl({ output_tokens: 1 }, { output_tokens: 2 }, '', { output_tokens: 3 });
    const error = catchTraceError(() => parseTraceWithLimits('long.jsonl', text, { maxBytes: 1000, maxRequests: 2 }));

    expect(error.line).toBe(4);
    expect(error.value).toBe('more than 2');
    expect(error.message).toContain('too many requests');
  });
});
