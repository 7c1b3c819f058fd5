/** The shipped predictor model and where the app serves its files. */
export const SHIPPED_MODEL_ID = 'minilm-l6-alpaca-s3';

/** Absolute URL of the model folder, with a trailing slash, against which the worker resolves file names. */
export function modelBaseUrl(modelId: string = SHIPPED_MODEL_ID): string {
  return new URL(`${import.meta.env.BASE_URL}models/${modelId}/`, globalThis.location.href).href;
}

export function modelCardUrl(modelId: string = SHIPPED_MODEL_ID): string {
  return new URL('model-card.json', modelBaseUrl(modelId)).href;
}
