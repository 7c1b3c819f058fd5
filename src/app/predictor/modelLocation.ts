/** URLs of the shipped predictor models: `models/index.json` and one folder per model id. */

/**
 * The S³ model, which the Node scripts (README block, benchmarks, predicted-bucket
 * files) use. The app reads the list of models and the default from `models/index.json`.
 */
export const SHIPPED_MODEL_ID = 'minilm-l6-alpaca-s3';

/** Absolute URL of the list of shipped models. */
export function modelIndexUrl(): string {
  return new URL(`${import.meta.env.BASE_URL}models/index.json`, globalThis.location.href).href;
}

/** Absolute URL of the model folder, with a trailing slash, against which the worker resolves file names. */
export function modelBaseUrl(modelId: string): string {
  return new URL(`${import.meta.env.BASE_URL}models/${modelId}/`, globalThis.location.href).href;
}

/** Absolute URL of a file in the model folder, such as `parity.json`. */
export function modelFileUrl(modelId: string, file: string): string {
  return new URL(file, modelBaseUrl(modelId)).href;
}

export function modelCardUrl(modelId: string): string {
  return modelFileUrl(modelId, 'model-card.json');
}
