/**
 * Builds the sample traces shipped in public/traces and their catalog, sources.json:
 *
 * - alpaca-test-2000.jsonl: the first 2,000 rows, in file order, of the test split that
 *   the training pipeline writes (`python -m s3len.data`, rows id, prompt, prompt_tokens,
 *   output_tokens), with `id` renamed to `alpaca_id`.
 * - azure-conv-2023.csv: the Azure LLM inference trace of the conversation service,
 *   copied unchanged when it is at most 1 MiB, else cut to its first hour.
 *
 * Usage (from the repository root):
 *   npx tsx scripts/build-sample-traces.ts --alpaca-test training/work/data/test.jsonl \
 *     --azure-conv path/to/AzureLLMInferenceTrace_conv.csv --out public/traces
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseAzureTimestamp, secondsBetween, type TraceTimestamp } from '../src/traces/azureTimestamp.ts';
import { parseTrace, type Trace } from '../src/traces/index.ts';
import { iterateLines } from '../src/traces/lines.ts';
import { SAMPLE_TRACE_CATALOG_FILE, type SampleTraceCatalog, type SampleTraceInfo } from '../src/traces/sampleTraces.ts';
import { countGpt2Tokens } from '../src/tokens/gpt2.ts';

const ALPACA_SAMPLE_FILE = 'alpaca-test-2000.jsonl';
const ALPACA_SAMPLE_SIZE = 2000;
const AZURE_SAMPLE_FILE = 'azure-conv-2023.csv';
/** Largest Azure trace shipped whole. A larger one is cut to its first hour. */
const AZURE_WHOLE_FILE_MAX_BYTES = 1024 * 1024;
const AZURE_CUT_SECONDS = 3600;

const REBUILD_COMMAND =
  'npx tsx scripts/build-sample-traces.ts --alpaca-test training/work/data/test.jsonl ' +
  '--azure-conv path/to/AzureLLMInferenceTrace_conv.csv --out public/traces';

const USAGE = `Usage: npx tsx scripts/build-sample-traces.ts --alpaca-test PATH --azure-conv PATH --out DIR

  --alpaca-test PATH  test split written by the training pipeline (test.jsonl: id, prompt, prompt_tokens, output_tokens)
  --azure-conv PATH   AzureLLMInferenceTrace_conv.csv from Azure/AzurePublicDataset
  --out DIR           folder that receives the sample traces and ${SAMPLE_TRACE_CATALOG_FILE}`;

/** Row of the training pipeline's test split. */
interface SplitRow {
  readonly id: number;
  readonly prompt: string;
  readonly prompt_tokens: number;
  readonly output_tokens: number;
}

/** Facts about the split that `summary.json`, next to the split files, records. */
interface SplitSummary {
  readonly records?: number;
  readonly split_sizes?: { readonly test?: number };
  readonly config?: { readonly seed?: number; readonly test_fraction?: number };
}

class BuildError extends Error {
  override readonly name = 'BuildError';
}

function main(): void {
  const options = readOptions();
  mkdirSync(options.out, { recursive: true });
  const alpaca = buildAlpacaSample(options.alpacaTest, options.out);
  const azure = buildAzureSample(options.azureConv, options.out);
  const catalog: SampleTraceCatalog = { traces: [alpaca, azure] };
  const catalogPath = join(options.out, SAMPLE_TRACE_CATALOG_FILE);
  writeFileSync(catalogPath, `${JSON.stringify(catalog, null, 2)}\n`);
  for (const trace of catalog.traces) {
    console.log(`wrote ${join(options.out, trace.file)}: ${trace.records} requests, ${trace.bytes} bytes`);
  }
  console.log(`wrote ${catalogPath}`);
}

function readOptions(): { readonly alpacaTest: string; readonly azureConv: string; readonly out: string } {
  const { values } = parseArgs({
    options: {
      'alpaca-test': { type: 'string' },
      'azure-conv': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help === true) {
    console.log(USAGE);
    process.exit(0);
  }
  const alpacaTest = values['alpaca-test'];
  const azureConv = values['azure-conv'];
  const out = values.out;
  if (alpacaTest === undefined || azureConv === undefined || out === undefined) {
    throw new BuildError(`--alpaca-test, --azure-conv and --out are required\n\n${USAGE}`);
  }
  return { alpacaTest, azureConv, out };
}

function buildAlpacaSample(splitPath: string, outDir: string): SampleTraceInfo {
  const rows = readSplitRows(splitPath);
  if (rows.length < ALPACA_SAMPLE_SIZE) {
    throw new BuildError(`${splitPath}: has ${rows.length} rows, expected at least ${ALPACA_SAMPLE_SIZE}`);
  }
  const sampleRows = rows.slice(0, ALPACA_SAMPLE_SIZE);
  const lines = sampleRows.map((row) =>
    JSON.stringify({ prompt: row.prompt, prompt_tokens: row.prompt_tokens, output_tokens: row.output_tokens, alpaca_id: row.id }),
  );
  const text = `${lines.join('\n')}\n`;
  const trace = writeAndParse(outDir, ALPACA_SAMPLE_FILE, text);
  if (trace.requests.length !== ALPACA_SAMPLE_SIZE || !trace.hasPrompts || !trace.hasOutputLengths) {
    throw new BuildError(`${ALPACA_SAMPLE_FILE}: parsed ${trace.requests.length} requests, expected ${ALPACA_SAMPLE_SIZE} with prompts and lengths`);
  }

  const summary = readSplitSummary(splitPath);
  const splitRule =
    summary?.config?.test_fraction !== undefined && summary.config.seed !== undefined
      ? ` The test split holds ${formatPercent(summary.config.test_fraction)} of the unique prompts, drawn with seed ${summary.config.seed}; ` +
        'no prompt of it is in the training or validation split.'
      : ' No prompt of the test split is in the training or validation split.';

  return {
    file: ALPACA_SAMPLE_FILE,
    title: `Alpaca held-out prompts (${formatCount(trace.requests.length)})`,
    description:
      `The first ${formatCount(trace.requests.length)} prompts, in file order, of the ${formatCount(rows.length)}-prompt test split ` +
      "of the length predictor's training data, so the predictor never saw them in training." +
      splitRule +
      ' Each record has the prompt (the Alpaca instruction, then a blank line and the input when it is not empty), ' +
      'its length (prompt_tokens), the length of the Alpaca reference answer written by OpenAI text-davinci-003 (output_tokens), ' +
      'both in GPT-2 BPE tokens, the tokenizer of GPT-J 6B, and alpaca_id, the 0-based index of the record in the ' +
      `${summary?.records === undefined ? '' : `${formatCount(summary.records)} `}Alpaca records. The file has no arrival times.`,
    format: trace.format,
    records: trace.requests.length,
    bytes: Buffer.byteLength(text),
    sources: [
      {
        name: 'Stanford Alpaca',
        url: 'https://github.com/tatsu-lab/stanford_alpaca',
        note: '52,002 instructions with answers generated by OpenAI text-davinci-003.',
      },
      {
        name: 'open-chinese/alpaca-chinese-dataset',
        url: 'https://github.com/open-chinese/alpaca-chinese-dataset',
        note:
          'Commit 7ae6bb2, data/alpaca_chinese_part_0.json to part_52.json, English fields en_instruction, en_input and en_output ' +
          '(the Stanford Alpaca records, with a few English samples corrected by the maintainers).',
      },
    ],
    licence: {
      name: 'CC BY-NC 4.0',
      url: 'https://creativecommons.org/licenses/by-nc/4.0/',
      terms: 'Non-commercial use only. Credit Stanford Alpaca when you share the data or results made from it.',
    },
    attribution:
      'Rohan Taori, Ishaan Gulrajani, Tianyi Zhang, Yann Dubois, Xuechen Li, Carlos Guestrin, Percy Liang, Tatsunori B. Hashimoto. ' +
      '"Stanford Alpaca: An Instruction-following LLaMA model", GitHub repository tatsu-lab/stanford_alpaca, 2023.',
    build:
      'The data step of the training pipeline (python -m s3len.data, run in training/) reads the Alpaca records, ' +
      'joins instruction and input into a prompt, counts prompt and answer with GPT-2 BPE and writes the splits to training/work/data. ' +
      `This script keeps the first ${formatCount(ALPACA_SAMPLE_SIZE)} rows of test.jsonl, checks each prompt_tokens against a fresh GPT-2 BPE count, ` +
      'and renames id to alpaca_id.',
    command: REBUILD_COMMAND,
  };
}

function readSplitRows(splitPath: string): SplitRow[] {
  const rows: SplitRow[] = [];
  for (const line of iterateLines(readFileSync(splitPath, 'utf8'))) {
    if (line.text.trim() === '') {
      continue;
    }
    const where = `${splitPath}, line ${line.number}`;
    let value: unknown;
    try {
      value = JSON.parse(line.text);
    } catch (error) {
      throw new BuildError(`${where}: invalid JSON (${String(error)})`);
    }
    const row = checkSplitRow(value, where);
    const counted = countGpt2Tokens(row.prompt);
    if (counted !== row.prompt_tokens) {
      throw new BuildError(
        `${where}: prompt_tokens is ${row.prompt_tokens}, but GPT-2 BPE counts ${counted} tokens in the prompt; ` +
          'rebuild the split with the current tokenizer',
      );
    }
    rows.push(row);
  }
  return rows;
}

function checkSplitRow(value: unknown, where: string): SplitRow {
  if (typeof value !== 'object' || value === null) {
    throw new BuildError(`${where}: expected a JSON object with id, prompt, prompt_tokens and output_tokens`);
  }
  const row = value as Record<string, unknown>;
  if (typeof row.prompt !== 'string') {
    throw new BuildError(`${where}: prompt must be a string, got ${JSON.stringify(row.prompt)}`);
  }
  for (const field of ['id', 'prompt_tokens', 'output_tokens']) {
    const count = row[field];
    if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
      throw new BuildError(`${where}: ${field} must be a non-negative integer, got ${JSON.stringify(count)}`);
    }
  }
  return row as unknown as SplitRow;
}

function readSplitSummary(splitPath: string): SplitSummary | undefined {
  const summaryPath = join(dirname(splitPath), 'summary.json');
  if (!existsSync(summaryPath)) {
    console.warn(`${summaryPath} not found, so the description leaves out the split rule`);
    return undefined;
  }
  return JSON.parse(readFileSync(summaryPath, 'utf8')) as SplitSummary;
}

function buildAzureSample(tracePath: string, outDir: string): SampleTraceInfo {
  const bytes = statSync(tracePath).size;
  const original = readFileSync(tracePath, 'utf8');
  const shippedWhole = bytes <= AZURE_WHOLE_FILE_MAX_BYTES;
  const text = shippedWhole ? original : cutToFirstSeconds(original, AZURE_CUT_SECONDS, tracePath);
  const trace = writeAndParse(outDir, AZURE_SAMPLE_FILE, text);
  const { first, last } = timestampRange(text);
  const lastArrival = trace.requests.at(-1)?.arrivalTimeS ?? 0;

  const extent = shippedWhole
    ? `All ${formatCount(trace.requests.length)} requests of the trace, shipped whole and unchanged (${formatCount(bytes)} bytes)`
    : `The ${formatCount(trace.requests.length)} requests of the first hour of the trace (the whole file has ${formatCount(bytes)} bytes)`;
  return {
    file: AZURE_SAMPLE_FILE,
    title: 'Azure LLM inference trace, conversation service (2023)',
    description:
      `${extent}: production traffic of an Azure LLM conversation service from ${first} to ${last} ` +
      `(${(lastArrival / 60).toFixed(1)} minutes, in a time zone the trace does not name). ` +
      'Each row has the arrival time (TIMESTAMP), the prompt length (ContextTokens) and the output length (GeneratedTokens) in tokens. ' +
      'The trace has no prompt text, and it does not name the tokenizer that counted the tokens.',
    format: trace.format,
    records: trace.requests.length,
    bytes: Buffer.byteLength(text),
    sources: [
      {
        name: 'Azure/AzurePublicDataset',
        url: 'https://github.com/Azure/AzurePublicDataset',
        note: 'Commit b469a11, data/AzureLLMInferenceTrace_conv.csv, described in AzureLLMInferenceDataset2023.md.',
      },
    ],
    licence: {
      name: 'CC BY (Creative Commons Attribution)',
      url: 'https://github.com/Azure/AzurePublicDataset/blob/master/LICENSE',
      terms: 'Use is allowed with attribution: a publication or project that uses the data should cite the Splitwise paper.',
    },
    attribution:
      'Pratyush Patel, Esha Choukse, Chaojie Zhang, Aashaka Shah, Íñigo Goiri, Saeed Maleki, Ricardo Bianchini. ' +
      '"Splitwise: Efficient generative LLM inference using phase splitting", in Proceedings of the International Symposium ' +
      'on Computer Architecture (ISCA 2024). ACM, Buenos Aires, Argentina, 2024.',
    build: shippedWhole
      ? `The trace is at most ${AZURE_WHOLE_FILE_MAX_BYTES / (1024 * 1024)} MiB, so this script copies it unchanged (CRLF line ends kept).`
      : `The trace is over ${AZURE_WHOLE_FILE_MAX_BYTES / (1024 * 1024)} MiB, so this script keeps the header and the rows of its first hour.`,
    command: REBUILD_COMMAND,
  };
}

/** Keeps the header and the rows that arrive less than `seconds` after the first row. */
function cutToFirstSeconds(text: string, seconds: number, tracePath: string): string {
  const keptLines: string[] = [];
  let start: TraceTimestamp | undefined;
  for (const line of iterateLines(text)) {
    if (line.number === 1) {
      keptLines.push(line.text);
      continue;
    }
    const timestamp = parseAzureTimestamp(line.text.split(',')[0] ?? '');
    if (timestamp === undefined) {
      throw new BuildError(`${tracePath}, line ${line.number}: invalid TIMESTAMP in ${JSON.stringify(line.text)}`);
    }
    start ??= timestamp;
    if (secondsBetween(start, timestamp) < seconds) {
      keptLines.push(line.text);
    }
  }
  return `${keptLines.join('\r\n')}\r\n`;
}

/** Returns the first and last TIMESTAMP cells of the data rows, to the second. */
function timestampRange(text: string): { readonly first: string; readonly last: string } {
  const rows = [...iterateLines(text)].slice(1).filter((line) => line.text.trim() !== '');
  const cell = (index: number): string => (rows.at(index)?.text.split(',')[0] ?? '').replace(/\.\d+$/, '');
  return { first: cell(0), last: cell(-1) };
}

function writeAndParse(outDir: string, fileName: string, text: string): Trace {
  writeFileSync(join(outDir, fileName), text);
  return parseTrace(fileName, text);
}

function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

function formatPercent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(2))}%`;
}

try {
  main();
} catch (error) {
  if (error instanceof BuildError) {
    console.error(`build-sample-traces: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
