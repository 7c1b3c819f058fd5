/**
 * Reads JSON lines of the form {"text": "..."} on stdin and writes one GPT-2 BPE
 * token count per line on stdout, in input order. The Python training pipeline
 * calls this so that labels and the app's trace import share one tokenizer.
 */
import { createInterface } from 'node:readline';
import { countGpt2Tokens } from '../src/tokens/gpt2.ts';

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
let lineNumber = 0;
const counts: string[] = [];
for await (const line of lines) {
  lineNumber += 1;
  if (line.trim() === '') continue;
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch (error) {
    process.stderr.write(`count-tokens: stdin line ${lineNumber}: invalid JSON (${String(error)})\n`);
    process.exit(1);
  }
  const text = (record as { text?: unknown }).text;
  if (typeof text !== 'string') {
    process.stderr.write(`count-tokens: stdin line ${lineNumber}: field "text" must be a string\n`);
    process.exit(1);
  }
  counts.push(String(countGpt2Tokens(text)));
}
process.stdout.write(counts.join('\n') + (counts.length > 0 ? '\n' : ''));
