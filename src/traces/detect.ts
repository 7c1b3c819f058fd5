import { TraceParseError } from './errors.ts';
import { lineAt, lineNumberAt } from './lines.ts';

/** Syntax of a trace file's text. A JSON array becomes the format 'json' or 'alpaca-json' after parsing. */
export type TraceSyntax = 'jsonl' | 'json-array' | 'csv';

export interface DetectedSyntax {
  readonly syntax: TraceSyntax;
  /** Set when the file name suggests another format than the content has. */
  readonly warning?: string;
}

const JSON_EXTENSIONS = new Set(['json', 'jsonl', 'ndjson']);

/**
 * Chooses how to parse a trace, from its content first and its name second: text that
 * starts with '[' is a JSON array and text that starts with '{' is JSON Lines, whatever
 * the name, with a warning when the name says otherwise. Other text is read as CSV,
 * unless the name ends in .json, .jsonl or .ndjson.
 */
export function detectTraceSyntax(fileName: string, text: string): DetectedSyntax {
  const extension = fileExtension(fileName);
  const contentStart = text.length - text.trimStart().length;
  const firstChar = text[contentStart];

  if (firstChar === '[' || firstChar === '{') {
    const syntax: TraceSyntax = firstChar === '[' ? 'json-array' : 'jsonl';
    const nameMatches = syntax === 'json-array' ? extension === 'json' : extension === 'jsonl' || extension === 'ndjson';
    if (extension !== '' && !nameMatches) {
      const described = syntax === 'json-array' ? 'a JSON array' : 'JSON Lines';
      return { syntax, warning: `The file name ends in .${extension}, but the content is ${described}, so it was read as ${described}.` };
    }
    return { syntax };
  }

  if (JSON_EXTENSIONS.has(extension)) {
    throw new TraceParseError({
      fileName,
      location: { line: lineNumberAt(text, contentStart), unit: 'line' },
      problem: `file name ends in .${extension}, but the content does not start with '[' or '{'`,
      value: lineAt(text, contentStart),
      expected: 'a JSON array of request objects, or JSON Lines with one request object per line',
    });
  }
  return { syntax: 'csv' };
}

function fileExtension(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot === -1 ? '' : fileName.slice(dot + 1).toLowerCase();
}
