import { TraceAssembler } from './assemble.ts';
import { TraceParseError } from './errors.ts';
import { REQUEST_FIELD_LABELS, readRequestRecord } from './jsonRecords.ts';
import type { TraceLimits } from './limits.ts';
import { iterateLines } from './lines.ts';
import type { Trace } from './types.ts';

/** Parses JSON Lines, one request object per line. Blank lines are skipped. */
export function parseJsonlTrace(fileName: string, text: string, limits: TraceLimits, warnings: readonly string[]): Trace {
  const assembler = new TraceAssembler(fileName, limits, REQUEST_FIELD_LABELS);
  for (const line of iterateLines(text)) {
    if (line.text.trim() === '') {
      continue;
    }
    const location = { line: line.number, unit: 'line' } as const;
    assembler.checkRoomFor(location);

    let value: unknown;
    try {
      value = JSON.parse(line.text);
    } catch {
      throw new TraceParseError({
        fileName,
        location,
        problem: 'invalid JSON',
        value: line.text,
        expected: 'one complete JSON object per line, such as {"prompt": "…", "output_tokens": 42}, or a JSON array of such objects',
      });
    }
    const request = readRequestRecord(value, { fileName, location });
    assembler.add(request, () => line.text);
  }
  return assembler.finish('jsonl', warnings);
}
