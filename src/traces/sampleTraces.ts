import type { TraceFormat } from './types.ts';

/** Folder of the sample traces under the app's public root, and the catalog file in it. */
export const SAMPLE_TRACES_FOLDER = 'traces';
export const SAMPLE_TRACE_CATALOG_FILE = 'sources.json';

/** A public source of a sample trace. */
export interface SampleTraceSource {
  readonly name: string;
  readonly url: string;
  /** Commit, files and fields taken from the source. */
  readonly note: string;
}

export interface SampleTraceLicence {
  readonly name: string;
  readonly url: string;
  /** Conditions the licence sets for users of the file, in one or two sentences. */
  readonly terms: string;
}

/** One sample trace as described in `public/traces/sources.json`. */
export interface SampleTraceInfo {
  /** File name inside the sample traces folder. */
  readonly file: string;
  readonly title: string;
  readonly description: string;
  readonly format: TraceFormat;
  /** Number of requests, as parseTrace counts them. */
  readonly records: number;
  readonly bytes: number;
  readonly sources: readonly SampleTraceSource[];
  readonly licence: SampleTraceLicence;
  /** Citation that the source requests. */
  readonly attribution: string;
  /** Steps that made the file from its sources. */
  readonly build: string;
  /** Command, run from the repository root, that rebuilds the sample traces. */
  readonly command: string;
}

/** Content of `public/traces/sources.json`, written by `scripts/build-sample-traces.ts`. */
export interface SampleTraceCatalog {
  readonly traces: readonly SampleTraceInfo[];
}
