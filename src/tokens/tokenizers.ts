import { countGpt2Tokens } from './gpt2.ts';
import { countLlamaTokens } from './llama.ts';

/** Tokenizers that label lengths can be counted with. */
export const LABEL_TOKENIZERS = Object.freeze({
  /** GPT-2 BPE, the tokenizer of GPT-J 6B. */
  gpt2: countGpt2Tokens,
  /** LLaMA SentencePiece, the tokenizer of LLaMA 1/2 and vicuna-7b. */
  llama: countLlamaTokens,
});

export type LabelTokenizer = keyof typeof LABEL_TOKENIZERS;

export function isLabelTokenizer(name: string): name is LabelTokenizer {
  return Object.hasOwn(LABEL_TOKENIZERS, name);
}
