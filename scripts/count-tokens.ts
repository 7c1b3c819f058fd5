/**
 * Reads JSON lines of the form {"text": "..."} on stdin and writes one token count per
 * line on stdout, in input order. `--tokenizer gpt2` (GPT-2 BPE, the default) or
 * `--tokenizer llama` (LLaMA SentencePiece) picks the tokenizer. The Python training
 * pipeline calls this so that labels and the app's trace import share one tokenizer.
 */
import { createInterface } from 'node:readline';
import { LABEL_TOKENIZERS, isLabelTokenizer } from '../src/tokens/tokenizers.ts';

const flag = process.argv.indexOf('--tokenizer');
const tokenizerName = flag >= 0 ? (process.argv[flag + 1] ?? '') : 'gpt2';
if (!isLabelTokenizer(tokenizerName)) {
  process.stderr.write(
    `count-tokens: invalid --tokenizer ${JSON.stringify(tokenizerName)}: expected one of ${Object.keys(LABEL_TOKENIZERS).join(', ')}\n`,
  );
  process.exit(2);
}
const countTokens = LABEL_TOKENIZERS[tokenizerName];

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
  counts.push(String(countTokens(text)));
}
process.stdout.write(counts.join('\n') + (counts.length > 0 ? '\n' : ''));
