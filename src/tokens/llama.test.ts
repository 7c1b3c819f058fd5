/**
 * The LLaMA counter must count as the vicuna-7b length files do, because training labels
 * counted here are compared with those files. The fixture contains the first 600 Alpaca
 * records and the length-file records that refer to them.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { countLlamaTokens } from './llama.ts';
import { LABEL_TOKENIZERS, isLabelTokenizer } from './tokenizers.ts';

const FIXTURE = fileURLToPath(new URL('../../training/tests/fixtures/vicuna-sample/', import.meta.url));

interface AlpacaRecord {
  readonly en_output: string;
}
interface LengthRecord {
  readonly id: string;
  readonly L_gt: number;
}

describe('countLlamaTokens', () => {
  it('matches the length files on reference answers', () => {
    const alpaca = JSON.parse(readFileSync(`${FIXTURE}alpaca_chinese_part_0.json`, 'utf8')) as AlpacaRecord[];
    const lengths = ['alpaca-train-10k-length.json', 'alpaca-val-10k-length.json'].flatMap(
      (name) => JSON.parse(readFileSync(`${FIXTURE}${name}`, 'utf8')) as LengthRecord[],
    );
    const matches = lengths.filter((record) => countLlamaTokens(alpaca[Number(record.id) - 1]!.en_output) === record.L_gt);
    expect(lengths.length).toBeGreaterThan(200);
    expect(matches.length / lengths.length).toBeGreaterThanOrEqual(0.99);
  });

  it('counts differently from GPT-2 BPE', () => {
    const text = 'Paged attention stores the KV cache in fixed-size blocks.';
    expect(countLlamaTokens(text)).not.toBe(LABEL_TOKENIZERS.gpt2(text));
    // An empty answer has length 0: llama-tokenizer-js returns no tokens, not even the special one.
    expect(countLlamaTokens('')).toBe(0);
  });

  it('names only known tokenizers', () => {
    expect(isLabelTokenizer('llama')).toBe(true);
    expect(isLabelTokenizer('gpt2')).toBe(true);
    expect(isLabelTokenizer('bert')).toBe(false);
  });
});
