import { describe, expect, it } from 'vitest';
import { fileStem, formatCsvCell, toCsv } from './csv.ts';

describe('formatCsvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['carriage\rreturn', '"carriage\rreturn"'],
    ['', ''],
  ])('quotes %j only when needed', (input, expected) => {
    expect(formatCsvCell(input)).toBe(expected);
  });

  it.each([
    ['=1+2', "'=1+2"],
    ['+SUM(A1)', "'+SUM(A1)"],
    ['-2+3', "'-2+3"],
    ['@cmd', "'@cmd"],
    ['\tTAB', "'\tTAB"],
    ['=A1,B1', `"'=A1,B1"`],
  ])('prefixes formula-like text %j with an apostrophe', (input, expected) => {
    expect(formatCsvCell(input)).toBe(expected);
  });

  it('leaves negative numbers unchanged', () => {
    expect(formatCsvCell(-2.5)).toBe('-2.5');
  });

  it('writes empty cells for missing and non-finite values', () => {
    expect(formatCsvCell(null)).toBe('');
    expect(formatCsvCell(undefined)).toBe('');
    expect(formatCsvCell(Number.NaN)).toBe('');
    expect(formatCsvCell(Number.POSITIVE_INFINITY)).toBe('');
  });

  it('writes booleans as true and false', () => {
    expect(formatCsvCell(true)).toBe('true');
    expect(formatCsvCell(false)).toBe('false');
  });
});

describe('toCsv', () => {
  it('joins cells with commas and ends every line with CRLF', () => {
    expect(toCsv(['a', 'b'], [[1, 'x,y'], [2, null]])).toBe('a,b\r\n1,"x,y"\r\n2,\r\n');
  });

  it('writes only the header for no rows', () => {
    expect(toCsv(['a'], [])).toBe('a\r\n');
  });

  it('rejects a row with the wrong cell count', () => {
    expect(() => toCsv(['a', 'b'], [[1]])).toThrow(/row 1 has 1 cells, expected 2/);
  });

  it('keeps non-ASCII text as is', () => {
    expect(toCsv(['提示词'], [['你好']])).toBe('提示词\r\n你好\r\n');
  });
});

describe('fileStem', () => {
  it('lowercases and joins words with hyphens', () => {
    expect(fileStem('KV memory: S³ policy')).toBe('kv-memory-s-policy');
  });

  it('falls back to "export" when nothing is left', () => {
    expect(fileStem('³³')).toBe('export');
  });
});
