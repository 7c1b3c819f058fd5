import { TraceAssembler, type RequestFieldLabels } from './assemble.ts';
import { AZURE_TIMESTAMP_EXAMPLE, parseAzureTimestamp, secondsBetween, type TraceTimestamp } from './azureTimestamp.ts';
import { TraceParseError, type TraceLocation } from './errors.ts';
import type { TraceLimits } from './limits.ts';
import { iterateLines } from './lines.ts';
import { createParsedRequest } from './request.ts';
import { TOKEN_COUNT_EXPECTED, parseTokenCountText } from './tokenCounts.ts';
import type { Trace } from './types.ts';

/** Columns of the Azure LLM inference traces (Azure/AzurePublicDataset, 2023 and 2024). */
export const AZURE_COLUMNS = Object.freeze({
  timestamp: 'TIMESTAMP',
  contextTokens: 'ContextTokens',
  generatedTokens: 'GeneratedTokens',
});

const EXPECTED_HEADER = `${AZURE_COLUMNS.timestamp},${AZURE_COLUMNS.contextTokens},${AZURE_COLUMNS.generatedTokens}`;

const FIELD_LABELS: RequestFieldLabels = Object.freeze({
  prompt: 'prompt',
  promptTokens: AZURE_COLUMNS.contextTokens,
  outputTokens: AZURE_COLUMNS.generatedTokens,
  arrivalTime: AZURE_COLUMNS.timestamp,
});

interface ColumnIndexes {
  readonly timestamp: number;
  readonly contextTokens: number;
  readonly generatedTokens: number;
  readonly count: number;
}

/** Warning added to every Azure trace. The UI compares warnings with it to show a translation. */
export const AZURE_TOKEN_COUNT_WARNING =
  'Token counts are used as written: the Azure traces do not name the tokenizer that counted them, so they may differ from GPT-2 BPE counts.';

/**
 * Parses an Azure LLM inference trace: a header naming TIMESTAMP, ContextTokens and
 * GeneratedTokens (in any order, any letter case), then one request per row. Context
 * tokens become the prompt length and generated tokens the output length. The traces
 * have no prompt text. Cells may be wrapped in double quotes but may not contain commas.
 */
export function parseAzureCsvTrace(fileName: string, text: string, limits: TraceLimits, warnings: readonly string[]): Trace {
  const assembler = new TraceAssembler(fileName, limits, FIELD_LABELS);
  const allWarnings = [...warnings, AZURE_TOKEN_COUNT_WARNING];
  let columns: ColumnIndexes | undefined;
  let firstTimestamp: TraceTimestamp | undefined;

  for (const line of iterateLines(text)) {
    if (line.text.trim() === '') {
      continue;
    }
    const location: TraceLocation = { line: line.number, unit: 'line' };
    const cells = splitCsvLine(line.text);
    if (columns === undefined) {
      columns = readHeader(fileName, location, line.text, cells, allWarnings);
      continue;
    }
    assembler.checkRoomFor(location);
    if (cells.length !== columns.count) {
      throw new TraceParseError({
        fileName,
        location,
        problem: `row has ${cells.length} fields, but the header has ${columns.count}`,
        value: line.text,
        expected: `${columns.count} comma-separated fields, as in the header`,
      });
    }

    const timestampText = cells[columns.timestamp]!;
    const timestamp = parseAzureTimestamp(timestampText);
    if (timestamp === undefined) {
      throw new TraceParseError({
        fileName,
        location,
        problem: `invalid ${AZURE_COLUMNS.timestamp}`,
        value: timestampText,
        expected: `a date and time such as ${AZURE_TIMESTAMP_EXAMPLE} (YYYY-MM-DD HH:MM:SS, up to 9 fractional digits)`,
      });
    }
    firstTimestamp ??= timestamp;
    const promptTokens = readCount(fileName, location, AZURE_COLUMNS.contextTokens, cells[columns.contextTokens]!);
    const outputTokens = readCount(fileName, location, AZURE_COLUMNS.generatedTokens, cells[columns.generatedTokens]!);

    // Times count from the first row, not from 1970, so that their doubles keep sub-microsecond steps.
    const arrivalTime = secondsBetween(firstTimestamp, timestamp);
    assembler.add(createParsedRequest({ location, prompt: undefined, promptTokens, outputTokens, arrivalTime }), () => line.text);
  }

  if (columns === undefined) {
    throw new TraceParseError({ fileName, problem: 'file has no header row', expected: `the header ${EXPECTED_HEADER}` });
  }
  return assembler.finish('azure-csv', allWarnings);
}

function readHeader(
  fileName: string,
  location: TraceLocation,
  lineText: string,
  cells: readonly string[],
  warnings: string[],
): ColumnIndexes {
  const names = cells.map((cell) => cell.toLowerCase());
  const indexOf = (column: string): number => names.indexOf(column.toLowerCase());
  const indexes = {
    timestamp: indexOf(AZURE_COLUMNS.timestamp),
    contextTokens: indexOf(AZURE_COLUMNS.contextTokens),
    generatedTokens: indexOf(AZURE_COLUMNS.generatedTokens),
    count: cells.length,
  };

  const missing = Object.values(AZURE_COLUMNS).filter((column) => indexOf(column) === -1);
  if (missing.length > 0) {
    throw new TraceParseError({
      fileName,
      location,
      problem: `header lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
      value: lineText,
      expected: `the header ${EXPECTED_HEADER} of an Azure LLM inference trace, or a JSON Lines or JSON trace`,
    });
  }

  const known = new Set(Object.values(AZURE_COLUMNS).map((column) => column.toLowerCase()));
  const ignored = cells.filter((cell) => !known.has(cell.toLowerCase()));
  if (ignored.length > 0) {
    warnings.push(`Ignored the column${ignored.length > 1 ? 's' : ''} ${ignored.join(', ')}, because a trace uses only ${EXPECTED_HEADER}.`);
  }
  return indexes;
}

function readCount(fileName: string, location: TraceLocation, column: string, cell: string): number {
  const count = parseTokenCountText(cell);
  if (typeof count !== 'number') {
    throw new TraceParseError({
      fileName,
      location,
      problem: `invalid ${column} (${count.invalid})`,
      value: cell,
      expected: TOKEN_COUNT_EXPECTED,
    });
  }
  return count;
}

/** Splits a CSV line at commas and removes spaces and one pair of surrounding double quotes from each cell. */
function splitCsvLine(line: string): string[] {
  return line.split(',').map((cell) => {
    const trimmed = cell.trim();
    return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed;
  });
}
