import { Tiktoken } from 'js-tiktoken/lite';
import gpt2Ranks from 'js-tiktoken/ranks/gpt2';

/**
 * GPT-2 byte-level BPE, the tokenizer of GPT-J 6B (same 50,257-token vocabulary
 * plus padding), used to count prompt and output lengths as the served model tokenizes them.
 */
let encoder: Tiktoken | undefined;

function gpt2Encoder(): Tiktoken {
  encoder ??= new Tiktoken(gpt2Ranks);
  return encoder;
}

/** Counts GPT-2 BPE tokens in `text`; special-token strings count as ordinary text. */
export function countGpt2Tokens(text: string): number {
  return gpt2Encoder().encode(text, [], []).length;
}
