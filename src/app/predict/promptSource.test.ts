import { describe, expect, it } from 'vitest';
import { parseTrace } from '../../traces/index.ts';
import { promptsOfTrace, splitPromptLines, truncatePrompt } from './promptSource.ts';

describe('splitPromptLines', () => {
  it('splits on LF and CRLF, trims and skips blank lines', () => {
    expect(splitPromptLines('  first \r\n\nsecond\n   \nthird')).toEqual(['first', 'second', 'third']);
  });

  it('returns nothing for blank text', () => {
    expect(splitPromptLines(' \n\t\n')).toEqual([]);
  });
});

describe('truncatePrompt', () => {
  it('flattens whitespace', () => {
    expect(truncatePrompt('a\n\nb   c', 20)).toBe('a b c');
  });

  it('cuts long text to the limit with an ellipsis', () => {
    const cut = truncatePrompt('abcdefghij', 5);
    expect(cut).toBe('abcd…');
    expect(cut).toHaveLength(5);
  });
});

describe('promptsOfTrace', () => {
  it('returns the prompts of JSONL records, inputs included', () => {
    const trace = parseTrace('p.jsonl', '{"prompt":"Name a colour."}\n{"prompt":"Translate.\\n\\nHello"}\n');
    expect(promptsOfTrace(trace)).toEqual(['Name a colour.', 'Translate.\n\nHello']);
  });

  it('returns null for a trace with lengths only', () => {
    const trace = parseTrace('l.jsonl', '{"output_tokens":3}\n');
    expect(promptsOfTrace(trace)).toBeNull();
  });
});
