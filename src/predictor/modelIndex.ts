/**
 * The list of shipped length predictors, `public/models/index.json`:
 * `{"models": [{"id": "<folder name>", "default": true}, ...]}`. Each id names a
 * folder `public/models/<id>/` with a `model-card.json`. The app offers the models
 * in this order and starts with the one marked `default`, else the first.
 */
export interface ModelIndexEntry {
  readonly id: string;
  readonly default?: boolean;
}

export interface ModelIndex {
  readonly models: readonly ModelIndexEntry[];
}

export class ModelIndexError extends Error {
  override readonly name = 'ModelIndexError';
}

/** A model id is a folder name: letters, digits, `.`, `_` and `-`, not starting with a dot. */
const MODEL_ID = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

export function isValidModelId(id: string): boolean {
  return MODEL_ID.test(id);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Returns `value` typed as a ModelIndex after checking that it lists at least one model, each once, and at most one default. */
export function checkModelIndex(value: unknown, source: string): ModelIndex {
  if (!isRecord(value) || !Array.isArray(value['models'])) {
    throw new ModelIndexError(`${source}: expected an object with a "models" array, got ${JSON.stringify(value)?.slice(0, 60)}`);
  }
  const models = value['models'] as unknown[];
  if (models.length === 0) throw new ModelIndexError(`${source}: "models" is empty; list at least one model folder`);
  const seen = new Set<string>();
  let defaults = 0;
  models.forEach((entry, index) => {
    if (!isRecord(entry) || typeof entry['id'] !== 'string' || !isValidModelId(entry['id'])) {
      throw new ModelIndexError(
        `${source}: models[${index}] must have an "id" that is a folder name (letters, digits, ".", "_", "-"), got ${JSON.stringify(entry)?.slice(0, 60)}`,
      );
    }
    if (seen.has(entry['id'])) throw new ModelIndexError(`${source}: model "${entry['id']}" is listed twice`);
    seen.add(entry['id']);
    if (entry['default'] !== undefined && typeof entry['default'] !== 'boolean') {
      throw new ModelIndexError(`${source}: models[${index}].default must be true or false, got ${JSON.stringify(entry['default'])}`);
    }
    if (entry['default'] === true) defaults += 1;
  });
  if (defaults > 1) throw new ModelIndexError(`${source}: ${defaults} models are marked "default"; mark at most one`);
  return value as unknown as ModelIndex;
}

/** Returns the id of the model marked `default`, else the first one listed. */
export function defaultModelId(index: ModelIndex): string {
  return (index.models.find((entry) => entry.default === true) ?? index.models[0]!).id;
}

export interface ModelChoice {
  readonly id: string;
  /** The requested id when the index does not list it, so the default was chosen instead. */
  readonly unknownId: string | null;
}

/** Returns the requested model when the index lists it, else the default with the rejected id. */
export function chooseModel(index: ModelIndex, requested: string | undefined): ModelChoice {
  const fallback = defaultModelId(index);
  if (requested === undefined) return { id: fallback, unknownId: null };
  return index.models.some((entry) => entry.id === requested) ? { id: requested, unknownId: null } : { id: fallback, unknownId: requested };
}
