/**
 * Joins an Alpaca instruction and its optional input the way the predictor was
 * trained to read them: the instruction, then a blank line and the input when the
 * input is not empty. The Python twin is `training/s3len/prompts.py`.
 */
export function formatPrompt(instruction: string, input = ''): string {
  const head = instruction.trim();
  const tail = input.trim();
  return tail === '' ? head : `${head}\n\n${tail}`;
}
