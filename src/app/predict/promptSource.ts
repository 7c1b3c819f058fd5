/** Sources of the Predict view's prompts: the text box (one per line) or a trace file. */
import type { Trace } from '../../traces/index.ts';

/** Splits text into prompts, one per line, trimming each line and skipping blank ones. */
export function splitPromptLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** Returns the prompts of a parsed trace, or null when its records carry no prompt text. */
export function promptsOfTrace(trace: Trace): string[] | null {
  if (!trace.hasPrompts) return null;
  return trace.requests.map((request) => request.prompt ?? '');
}

/** Returns a short, single-line form of a prompt for a table cell. The full text goes in a tooltip. */
export function truncatePrompt(prompt: string, maxChars: number): string {
  const flat = prompt.replace(/\s+/g, ' ').trim();
  if (flat.length <= maxChars) return flat;
  return `${flat.slice(0, Math.max(0, maxChars - 1))}…`;
}
