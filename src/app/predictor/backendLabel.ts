import type { BackendName } from '../../predictor/modelCard.ts';
import type { Translator } from '../../i18n/useT.ts';

export const BACKEND_NAMES: Readonly<Record<BackendName, string>> = Object.freeze({ webgpu: 'WebGPU', wasm: 'WASM' });

/** Formats a backend as the badge shows it: "WebGPU" or "WASM (4 threads)". */
export function backendLabel(name: BackendName, wasmThreads: number | null, { t }: Translator): string {
  if (name === 'webgpu') return BACKEND_NAMES.webgpu;
  const threads = wasmThreads ?? 1;
  return threads === 1 ? t('backend.wasmOne') : t('backend.wasm', { threads });
}
