/**
 * Checks the parts of a model card that the UI computes with, so a malformed card
 * fails once with a clear message instead of as NaN in a table.
 */
import { BucketSchemeError, validateScheme } from '../../predictor/buckets.ts';
import { coarseIndex, DistributionError } from '../../predictor/distribution.ts';
import type { ModelCard } from '../../predictor/modelCard.ts';

export class ModelCardError extends Error {
  override readonly name = 'ModelCardError';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A file name or relative path inside the model folder: no leading slash, no `..` segment, no URL scheme. */
const FOLDER_FILE = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

const OUTPUT_KINDS = ['buckets', 'length-distribution'];

function show(value: unknown): string {
  return JSON.stringify(value)?.slice(0, 80) ?? String(value);
}

function checkStrings(card: Record<string, unknown>, source: string): void {
  for (const field of ['title', 'served_model']) {
    if (typeof card[field] !== 'string') throw new ModelCardError(`${source}: "${field}" is missing or not a string`);
  }
  const label = card['label'];
  if (!isRecord(label) || typeof label['source'] !== 'string' || typeof label['tokenizer'] !== 'string') {
    throw new ModelCardError(`${source}: "label" must be an object with the strings "source" and "tokenizer", got ${show(label)}`);
  }
}

function checkBuckets(card: ModelCard, source: string): void {
  if (!isRecord(card.buckets) || !Array.isArray(card.buckets.edges)) {
    throw new ModelCardError(`${source}: "buckets.edges" is missing or not an array`);
  }
  try {
    validateScheme(card.buckets);
  } catch (error) {
    if (error instanceof BucketSchemeError) throw new ModelCardError(`${source}: "buckets.edges": ${error.message}`);
    throw error;
  }
}

function checkConfusionMatrix(card: ModelCard, source: string): void {
  const buckets = card.buckets.edges.length - 1;
  const matrix = card.test_metrics?.confusion_matrix;
  if (!Array.isArray(matrix) || matrix.length !== buckets) {
    throw new ModelCardError(`${source}: "test_metrics.confusion_matrix" must have ${buckets} rows, one per bucket`);
  }
  matrix.forEach((row, index) => {
    const valid = Array.isArray(row) && row.length === buckets && row.every((count) => Number.isInteger(count) && count >= 0);
    if (!valid) {
      throw new ModelCardError(
        `${source}: confusion matrix row ${index} must hold ${buckets} non-negative integer counts, got ${JSON.stringify(row)}`,
      );
    }
  });
}

function checkOutput(output: unknown, source: string): void {
  if (output === undefined) return;
  if (!isRecord(output) || !OUTPUT_KINDS.includes(output['kind'] as string)) {
    throw new ModelCardError(`${source}: "output.kind" must be "buckets" or "length-distribution", got ${show(isRecord(output) ? output['kind'] : output)}`);
  }
  if (output['kind'] !== 'length-distribution') return;
  if (output['point_estimate'] !== 'median') {
    throw new ModelCardError(`${source}: "output.point_estimate" must be "median", the only point estimate the app computes, got ${show(output['point_estimate'])}`);
  }
  const samples = output['samples_per_prompt'];
  if (samples !== undefined && !(Number.isInteger(samples) && (samples as number) >= 1)) {
    throw new ModelCardError(`${source}: "output.samples_per_prompt" must be an integer >= 1, got ${show(samples)}`);
  }
}

function checkDerivedSchemes(card: ModelCard, source: string): void {
  const schemes: unknown = card.derived_schemes;
  if (schemes === undefined) return;
  if (!isRecord(schemes)) throw new ModelCardError(`${source}: "derived_schemes" must be an object of name to edges, got ${show(schemes)}`);
  for (const [name, edges] of Object.entries(schemes)) {
    if (!Array.isArray(edges) || !edges.every((edge) => typeof edge === 'number')) {
      throw new ModelCardError(`${source}: "derived_schemes.${name}" must be an array of edges, got ${show(edges)}`);
    }
    try {
      coarseIndex(card.buckets.edges, edges as number[]);
    } catch (error) {
      if (error instanceof BucketSchemeError || error instanceof DistributionError) {
        throw new ModelCardError(`${source}: "derived_schemes.${name}": ${error.message}`);
      }
      throw error;
    }
  }
}

function checkReport(report: unknown, source: string): void {
  if (report === undefined) return;
  if (typeof report !== 'string' || !FOLDER_FILE.test(report)) {
    throw new ModelCardError(`${source}: "report" must be a file name inside the model folder, such as "report.json", got ${show(report)}`);
  }
}

/**
 * Returns `value` typed as a ModelCard after checking the fields the UI shows and
 * computes with: the label texts, bucket edges, confusion matrix, variants, and the
 * optional `output`, `derived_schemes` and `report`.
 */
export function checkModelCard(value: unknown, source: string): ModelCard {
  if (!isRecord(value)) throw new ModelCardError(`${source}: expected a JSON object, got ${JSON.stringify(value)?.slice(0, 40)}`);
  const card = value as unknown as ModelCard;
  if (typeof card.id !== 'string') throw new ModelCardError(`${source}: "id" is missing or not a string`);
  checkStrings(value, source);
  checkBuckets(card, source);
  checkConfusionMatrix(card, source);
  if (!Array.isArray(card.variants)) throw new ModelCardError(`${source}: "variants" is missing or not an array`);
  checkOutput(value['output'], source);
  checkDerivedSchemes(card, source);
  checkReport(value['report'], source);
  return card;
}
