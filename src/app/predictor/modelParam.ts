/**
 * The `?model=` URL parameter: the id of the shipped model to use, as listed in
 * `models/index.json`. The picker writes it, so a link or reload keeps the model.
 */
export const MODEL_PARAM = 'model';

/** Reads the requested model id from a URL query string such as `?model=minilm-l6-alpaca-s3`. */
export function modelFromSearch(search: string): string | undefined {
  const raw = new URLSearchParams(search).get(MODEL_PARAM)?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
}

/** Returns `search` with `?model=` set to `modelId`, keeping the other parameters (`?backend=`, `?variant=`) in place. */
export function searchWithModel(search: string, modelId: string): string {
  const params = new URLSearchParams(search);
  params.set(MODEL_PARAM, modelId);
  return `?${params.toString()}`;
}
