import { describe, expect, it } from 'vitest';
import { formatPrompt } from '../predictor/prompt.ts';
import { countGpt2Tokens } from '../tokens/gpt2.ts';
import { parseTrace, parseTraceWithLimits } from './index.ts';
import { findJsonSyntaxError } from './jsonSyntax.ts';
import { catchTraceError } from './traceErrorMatchers.ts';

/** Three records in the shape of Stanford Alpaca's alpaca_data.json. */
const ALPACA_RECORDS = [
  {
    instruction: 'Give three tips for staying healthy.',
    input: '',
    output:
      '1.Eat a balanced diet and make sure to include plenty of fruits and vegetables. \n' +
      '2. Exercise regularly to keep your body active and strong. \n' +
      '3. Get enough sleep and maintain a consistent sleep schedule.',
  },
  {
    instruction: 'Evaluate this sentence for spelling and grammar mistakes',
    input: 'He finnished his meal and left the resturant',
    output: 'He finished his meal and left the restaurant.',
  },
  { instruction: '  Name a primary color. ', input: '   ', output: 'Red.' },
];

describe('parseTrace on JSON arrays', () => {
  it('reads request records with record indexes', () => {
    const text = JSON.stringify([
      { prompt: 'Name a color.', output_tokens: 3, arrival_time: 1.5 },
      { prompt: 'Name a fruit.', prompt_tokens: 4, output_tokens: 2, arrival_time: 2 },
    ]);
    const trace = parseTrace('requests.json', text);

    expect(trace.format).toBe('json');
    expect(trace.hasPrompts).toBe(true);
    expect(trace.hasOutputLengths).toBe(true);
    expect(trace.hasArrivalTimes).toBe(true);
    expect(trace.requests).toEqual([
      { line: 1, prompt: 'Name a color.', promptTokens: countGpt2Tokens('Name a color.'), outputTokens: 3, arrivalTimeS: 0 },
      { line: 2, prompt: 'Name a fruit.', promptTokens: 4, outputTokens: 2, arrivalTimeS: 0.5 },
    ]);
  });

  it('names the record in errors', () => {
    const text = JSON.stringify([{ output_tokens: 1 }, { output_tokens: 2 }, { output_tokens: -7 }]);
    const error = catchTraceError(() => parseTrace('requests.json', text));

    expect(error.line).toBe(3);
    expect(error.lineUnit).toBe('record');
    expect(error.value).toBe('-7');
    expect(error.message).toMatch(/^requests\.json, record 3: invalid output_tokens \(negative\): -7\./);
  });

  it('rejects a record that is not an object', () => {
    const error = catchTraceError(() => parseTrace('requests.json', '[{"output_tokens": 1}, "hello"]'));

    expect(error.line).toBe(2);
    expect(error.lineUnit).toBe('record');
    expect(error.value).toBe('"hello"');
  });

  it('reads a pretty-printed object as broken JSON Lines', () => {
    const error = catchTraceError(() => parseTrace('object.json', '{\n  "prompt": "A",\n  "output_tokens": 1\n}\n'));

    expect(error.line).toBe(1);
    expect(error.value).toBe('{');
    expect(error.message).toContain('invalid JSON');
    expect(error.message).toContain('or a JSON array of such objects');
  });

  it('rejects an empty array', () => {
    const error = catchTraceError(() => parseTrace('none.json', '[]'));

    expect(error.line).toBeUndefined();
    expect(error.message).toContain('file contains no requests');
  });

  it('rejects broken JSON with the line of the error', () => {
    const text = '[\n  {"prompt": "A", "output_tokens": 1},\n  {"prompt": "B", "output_tokens": }\n]\n';
    const error = catchTraceError(() => parseTrace('broken.json', text));

    expect(error.line).toBe(3);
    expect(error.lineUnit).toBe('line');
    expect(error.value).toBe('  {"prompt": "B", "output_tokens": }');
    expect(error.message).toContain("unexpected character \"}\"");
  });

  it('rejects a truncated array', () => {
    const error = catchTraceError(() => parseTrace('cut.json', '[\n{"output_tokens": 1},\n{"output_tokens": 2}'));

    expect(error.line).toBe(3);
    expect(error.message).toContain("expected ',' or ']' after the array element");
  });

  it('rejects more records than MAX_TRACE_REQUESTS', () => {
    const text = `[${'0,'.repeat(1_000_000)}0]`;
    const error = catchTraceError(() => parseTrace('huge.json', text));

    expect(error.line).toBe(1_000_001);
    expect(error.lineUnit).toBe('record');
    expect(error.value).toBe('1000001 records');
    expect(error.message).toContain('at most 1000000 requests');
  });

  it('rejects more records than a smaller limit', () => {
    const error = catchTraceError(() =>
      parseTraceWithLimits('three.json', '[{"output_tokens":1},{"output_tokens":2},{"output_tokens":3}]', { maxBytes: 1000, maxRequests: 2 }),
    );

    expect(error.line).toBe(3);
    expect(error.value).toBe('3 records');
  });
});

describe('parseTrace on Alpaca JSON', () => {
  it('counts formatPrompt prompts and outputs', () => {
    const trace = parseTrace('alpaca_data.json', JSON.stringify(ALPACA_RECORDS));

    expect(trace.format).toBe('alpaca-json');
    expect(trace.hasPrompts).toBe(true);
    expect(trace.hasOutputLengths).toBe(true);
    expect(trace.hasArrivalTimes).toBe(false);
    expect(trace.warnings).toEqual([]);
    ALPACA_RECORDS.forEach((record, index) => {
      const prompt = formatPrompt(record.instruction, record.input);
      expect(trace.requests[index]).toEqual({
        line: index + 1,
        prompt,
        promptTokens: countGpt2Tokens(prompt),
        outputTokens: countGpt2Tokens(record.output),
        arrivalTimeS: 0,
      });
    });
  });

  it('matches the lengths of the training data', () => {
    // Alpaca record 0 and record 9 are rows of the training pipeline's test split,
    // which lists 7 prompt and 45 output tokens, and 24 and 9.
    const trace = parseTrace('alpaca_data.json', JSON.stringify(ALPACA_RECORDS.slice(0, 2)));

    expect(trace.requests.map((request) => [request.promptTokens, request.outputTokens])).toEqual([
      [7, 45],
      [24, 9],
    ]);
    expect(trace.requests[1]?.prompt).toBe('Evaluate this sentence for spelling and grammar mistakes\n\nHe finnished his meal and left the resturant');
  });

  it('trims instruction, drops blank input', () => {
    const trace = parseTrace('alpaca_data.json', JSON.stringify(ALPACA_RECORDS.slice(2)));

    expect(trace.requests[0]?.prompt).toBe('Name a primary color.');
  });

  it('reads the English fields of bilingual records', () => {
    const records = [
      { en_instruction: 'Name a color.', instruction: '说出一种颜色。', en_input: '', input: '', en_output: 'Blue.', output: '蓝色。' },
      { en_instruction: 'Translate.', instruction: '翻译。', en_input: 'Hola', input: 'Hola', en_output: 'Hello', output: '你好' },
    ];
    const trace = parseTrace('alpaca_chinese_part_0.json', JSON.stringify(records));

    expect(trace.format).toBe('alpaca-json');
    expect(trace.requests.map((request) => request.prompt)).toEqual(['Name a color.', 'Translate.\n\nHola']);
    expect(trace.requests.map((request) => request.outputTokens)).toEqual([countGpt2Tokens('Blue.'), countGpt2Tokens('Hello')]);
    expect(trace.warnings).toHaveLength(1);
    expect(trace.warnings[0]).toContain('English fields were read');
  });

  it('accepts records without output', () => {
    const trace = parseTrace('instructions.json', JSON.stringify([{ instruction: 'Name a color.' }, { instruction: 'Name a fruit.', input: '' }]));

    expect(trace.hasOutputLengths).toBe(false);
    expect(trace.requests.map((request) => request.prompt)).toEqual(['Name a color.', 'Name a fruit.']);
  });

  it('rejects a record without instruction', () => {
    const records = [ALPACA_RECORDS[0], { input: 'x', output: 'y' }];
    const error = catchTraceError(() => parseTrace('alpaca_data.json', JSON.stringify(records)));

    expect(error.line).toBe(2);
    expect(error.lineUnit).toBe('record');
    expect(error.value).toBe('{"input":"x","output":"y"}');
    expect(error.message).toContain('missing field instruction');
  });

  it('rejects an output that is not a string', () => {
    const records = [ALPACA_RECORDS[0], { instruction: 'Count.', input: '', output: 3 }];
    const error = catchTraceError(() => parseTrace('alpaca_data.json', JSON.stringify(records)));

    expect(error.line).toBe(2);
    expect(error.value).toBe('3');
    expect(error.message).toContain('invalid output');
  });

  it('rejects output in only some records', () => {
    const records = [ALPACA_RECORDS[0], { instruction: 'Count.', input: '' }];
    const error = catchTraceError(() => parseTrace('alpaca_data.json', JSON.stringify(records)));

    expect(error.line).toBe(2);
    expect(error.message).toContain('record has no output, but record 1 has one');
  });
});

describe('findJsonSyntaxError', () => {
  it.each([
    '[]',
    '{"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"]}',
    ' \n\t"text" ',
    '0',
  ])('accepts valid JSON %s', (text) => {
    expect(findJsonSyntaxError(text)).toBeUndefined();
  });

  it.each([
    { text: '[1,]', offset: 3, problem: 'unexpected character "]"' },
    { text: '[1 2]', offset: 3, problem: "expected ',' or ']' after the array element" },
    { text: '{"a" 1}', offset: 5, problem: "expected ':' after the property name" },
    { text: "{'a': 1}", offset: 1, problem: 'expected a property name in double quotes' },
    { text: '["abc', offset: 5, problem: 'unterminated string' },
    { text: '["\\x"]', offset: 2, problem: 'invalid escape sequence in a string' },
    { text: '[01]', offset: 2, problem: "expected ',' or ']' after the array element" },
    { text: '[1] x', offset: 4, problem: 'unexpected text after the end of the JSON value' },
    { text: '[NaN]', offset: 1, problem: 'unexpected character "N"' },
  ])('locates the error in $text', ({ text, offset, problem }) => {
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(findJsonSyntaxError(text)).toEqual({ offset, problem });
  });
});
