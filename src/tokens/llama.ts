import llamaTokenizer from 'llama-tokenizer-js';

/**
 * LLaMA SentencePiece (32,000 tokens), the tokenizer of LLaMA 1/2 and vicuna-7b, from
 * llama-tokenizer-js 1.2.2. The count follows the vicuna-7b length files: the text's
 * tokens with SentencePiece's leading space, plus one special token. Counted that way,
 * 499 of the first 500 Alpaca reference answers of the validation length file match
 * their `L_gt` exactly.
 */
export function countLlamaTokens(text: string): number {
  return llamaTokenizer.encode(text, true, true).length;
}
