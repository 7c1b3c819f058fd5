/** The catalog of shipped sample traces (`public/traces/sources.json`), fetched once and shared by views. */
import { create } from 'zustand';
import {
  SAMPLE_TRACE_CATALOG_FILE,
  SAMPLE_TRACES_FOLDER,
  type SampleTraceCatalog,
  type SampleTraceInfo,
} from '../../traces/sampleTraces.ts';

export type CatalogState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly traces: readonly SampleTraceInfo[] }
  | { readonly status: 'failed'; readonly message: string };

export const useSampleCatalogStore = create<{ readonly catalog: CatalogState }>()(() => ({
  catalog: { status: 'loading' },
}));

/** URL of a file in the sample traces folder. */
export function sampleTraceUrl(fileName: string): string {
  return new URL(`${import.meta.env.BASE_URL}${SAMPLE_TRACES_FOLDER}/${fileName}`, globalThis.location.href).href;
}

function checkCatalog(value: unknown, url: string): SampleTraceCatalog {
  const traces = (value as { traces?: unknown } | null)?.traces;
  if (!Array.isArray(traces)) throw new Error(`${url}: expected an object with a "traces" array`);
  traces.forEach((entry: unknown, index) => {
    const file = (entry as { file?: unknown } | null)?.file;
    if (typeof file !== 'string' || file === '') throw new Error(`${url}: traces[${index}] has no "file" name`);
  });
  return value as SampleTraceCatalog;
}

let loading: Promise<void> | undefined;

export function loadSampleCatalog(): Promise<void> {
  if (loading !== undefined) return loading;
  const url = sampleTraceUrl(SAMPLE_TRACE_CATALOG_FILE);
  loading = (async () => {
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`GET ${url} failed with HTTP ${response.status}`);
      const catalog = checkCatalog(await response.json(), url);
      useSampleCatalogStore.setState({ catalog: { status: 'ready', traces: catalog.traces } });
    } catch (error) {
      useSampleCatalogStore.setState({
        catalog: { status: 'failed', message: error instanceof Error ? error.message : String(error) },
      });
    }
  })();
  return loading;
}
