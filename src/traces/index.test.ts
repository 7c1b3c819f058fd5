import { describe, expect, it } from 'vitest';
import {
  MAX_TRACE_BYTES,
  MAX_TRACE_REQUESTS,
  TraceParseError,
  parseTrace,
  parseTraceBytes,
  parseTraceWithLimits,
} from './index.ts';
import { utf8ByteLength } from './limits.ts';
import { catchTraceError, catchTraceErrorAsync } from './traceErrorMatchers.ts';

const JSONL_TEXT = '{"prompt": "Name a color.", "output_tokens": 3}\n';
const CSV_TEXT = 'TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,374,44\n';

describe('parseTrace format detection', () => {
  it.each([
    { fileName: 'trace.jsonl', text: JSONL_TEXT, format: 'jsonl' },
    { fileName: 'trace.ndjson', text: JSONL_TEXT, format: 'jsonl' },
    { fileName: 'trace.json', text: '[{"output_tokens": 3}]', format: 'json' },
    { fileName: 'alpaca_data.json', text: '[{"instruction": "Hi", "input": "", "output": "Hello"}]', format: 'alpaca-json' },
    { fileName: 'trace.csv', text: CSV_TEXT, format: 'azure-csv' },
    { fileName: 'trace', text: CSV_TEXT, format: 'azure-csv' },
    { fileName: 'trace.txt', text: JSONL_TEXT, format: 'jsonl' },
  ])('reads $fileName as $format', ({ fileName, text, format }) => {
    expect(parseTrace(fileName, text).format).toBe(format);
  });

  it('prefers request fields over Alpaca fields', () => {
    const trace = parseTrace('mixed.json', '[{"prompt": "Hi", "instruction": "ignored", "output_tokens": 2}]');

    expect(trace.format).toBe('json');
    expect(trace.requests[0]?.prompt).toBe('Hi');
  });

  it('prefers content over file name', () => {
    const trace = parseTrace('trace.csv', JSONL_TEXT);

    expect(trace.format).toBe('jsonl');
    expect(trace.warnings).toEqual(['The file name ends in .csv, but the content is JSON Lines, so it was read as JSON Lines.']);
  });

  it('warns when a .json file holds JSON Lines', () => {
    const trace = parseTrace('trace.json', JSONL_TEXT);

    expect(trace.format).toBe('jsonl');
    expect(trace.warnings[0]).toContain('ends in .json, but the content is JSON Lines');
  });

  it('rejects a .json file that is not JSON', () => {
    const error = catchTraceError(() => parseTrace('trace.json', `\n${CSV_TEXT}`));

    expect(error.line).toBe(2);
    expect(error.value).toBe('TIMESTAMP,ContextTokens,GeneratedTokens');
    expect(error.message).toContain("does not start with '[' or '{'");
  });

  it('strips a byte order mark', () => {
    const trace = parseTrace('bom.jsonl', `\ufeff${JSONL_TEXT}`);

    expect(trace.requests).toHaveLength(1);
  });

  it('rejects an empty file', () => {
    for (const text of ['', '\ufeff', ' \r\n\n']) {
      const error = catchTraceError(() => parseTrace('empty.jsonl', text));

      expect(error.message).toBe(
        'empty.jsonl: file is empty. Expected JSON Lines, a JSON array or an Azure LLM inference trace CSV with at least one request.',
      );
      expect(error.line).toBeUndefined();
    }
  });

  it('returns equal traces for equal input', () => {
    expect(parseTrace('a.csv', CSV_TEXT)).toEqual(parseTrace('a.csv', CSV_TEXT));
  });
});

describe('trace size limits', () => {
  it('sets the documented limits', () => {
    expect(MAX_TRACE_BYTES).toBe(256 * 1024 * 1024);
    expect(MAX_TRACE_REQUESTS).toBe(1_000_000);
  });

  it('rejects text over the byte limit', () => {
    const error = catchTraceError(() => parseTraceWithLimits('big.jsonl', JSONL_TEXT, { maxBytes: 10, maxRequests: 10 }));

    expect(error.value).toBe(`${JSONL_TEXT.length} bytes`);
    expect(error.message).toContain('file is too large');
    expect(error.message).toContain('Expected at most 10 bytes');
  });

  it('counts the byte limit in UTF-8 bytes', () => {
    const text = '{"prompt": "日本語", "output_tokens": 1}';
    const limits = { maxBytes: text.length + 2, maxRequests: 10 };

    expect(utf8ByteLength(text)).toBe(text.length + 6);
    expect(() => parseTraceWithLimits('utf8.jsonl', text, limits)).toThrow(TraceParseError);
    expect(parseTraceWithLimits('utf8.jsonl', text, { ...limits, maxBytes: text.length + 6 }).requests).toHaveLength(1);
  });

  it.each(['', 'abc', 'é', '日本語', '🚀 rocket', '\ud800 lone surrogate'])('counts UTF-8 bytes of %j like TextEncoder', (text) => {
    expect(utf8ByteLength(text)).toBe(new TextEncoder().encode(text).length);
  });
});

describe('parseTraceBytes', () => {
  it('reads and parses a file within the limit', async () => {
    const trace = await parseTraceBytes('trace.csv', CSV_TEXT.length, () => Promise.resolve(CSV_TEXT));

    expect(trace.requests).toHaveLength(1);
  });

  it('rejects oversized files before reading', async () => {
    let read = false;
    const error = await catchTraceErrorAsync(() =>
      parseTraceBytes('huge.csv', MAX_TRACE_BYTES + 1, () => {
        read = true;
        return Promise.resolve(CSV_TEXT);
      }),
    );

    expect(read).toBe(false);
    expect(error.fileName).toBe('huge.csv');
    expect(error.value).toBe(`${MAX_TRACE_BYTES + 1} bytes`);
    expect(error.message).toBe(
      `huge.csv: file is too large: ${MAX_TRACE_BYTES + 1} bytes. Expected at most ${MAX_TRACE_BYTES} bytes (256 MiB). Split the trace into smaller files.`,
    );
  });

  it('rejects empty files before reading', async () => {
    let read = false;
    const error = await catchTraceErrorAsync(() =>
      parseTraceBytes('empty.csv', 0, () => {
        read = true;
        return Promise.resolve('');
      }),
    );

    expect(read).toBe(false);
    expect(error.message).toContain('file is empty');
  });

  it('passes read errors through', async () => {
    const failure = new Error('permission denied');

    await expect(parseTraceBytes('locked.csv', 10, () => Promise.reject(failure))).rejects.toBe(failure);
  });
});

describe('TraceParseError', () => {
  it('shortens long values', () => {
    const longPrompt = 'x'.repeat(500);
    const error = catchTraceError(() => parseTrace('long.jsonl', `{"prompt": "${longPrompt}", "output_tokens": -1`));

    expect(error.value).toHaveLength(121);
    expect(error.value?.endsWith('…')).toBe(true);
    expect(error.message.length).toBeLessThan(400);
  });

  it('is an Error with a stable name and code', () => {
    const error = catchTraceError(() => parseTrace('x.csv', 'a,b\n1,2'));

    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('TraceParseError');
    expect(error.code).toBe('trace-parse');
  });
});
