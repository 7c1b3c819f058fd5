/**
 * The `?backend=` URL parameter, which restricts the predictor backends tried at
 * start-up: `?backend=wasm`, `?backend=webgpu`, or a comma list giving the order.
 */
import type { BackendName } from '../../predictor/modelCard.ts';

/** Backends in the order the app tries them when the URL does not say otherwise. */
export const DEFAULT_BACKENDS: readonly BackendName[] = Object.freeze(['webgpu', 'wasm']);

export const BACKEND_PARAM = 'backend';

export interface BackendChoice {
  readonly backends: readonly BackendName[];
  /** The parameter's text when it named no known backend, so the defaults were used. */
  readonly ignoredParam: string | null;
}

function isBackendName(value: string): value is BackendName {
  return (DEFAULT_BACKENDS as readonly string[]).includes(value);
}

/** Reads the backends to try from a URL query string such as `?backend=wasm`. */
export function backendsFromSearch(search: string): BackendChoice {
  const raw = new URLSearchParams(search).get(BACKEND_PARAM);
  if (raw === null || raw.trim() === '') return { backends: DEFAULT_BACKENDS, ignoredParam: null };

  const names = raw
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  const backends: BackendName[] = [];
  for (const name of names) {
    if (!isBackendName(name)) return { backends: DEFAULT_BACKENDS, ignoredParam: raw };
    if (!backends.includes(name)) backends.push(name);
  }
  return backends.length === 0 ? { backends: DEFAULT_BACKENDS, ignoredParam: raw } : { backends, ignoredParam: null };
}

export const VARIANT_PARAM = 'variant';

/**
 * Reads the `?variant=` URL parameter: a model file variant from the model card (for
 * example `q4` or `int8`) to use instead of the card's preferred one per backend.
 */
export function variantFromSearch(search: string): string | undefined {
  const raw = new URLSearchParams(search).get(VARIANT_PARAM)?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
}
