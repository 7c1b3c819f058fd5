/** Trace file formats that `parseTrace` reads. */
export type TraceFormat = 'jsonl' | 'json' | 'alpaca-json' | 'azure-csv';

/** One request of a trace, with lengths in served-model (GPT-2 BPE) tokens. */
export interface TraceRequest {
  /** 1-based line in the file (JSONL, CSV) or 1-based record index (JSON array). */
  readonly line: number;
  readonly prompt?: string;
  /** Prompt length in GPT-2 BPE tokens; 0 when the trace has neither a prompt nor a prompt length. */
  readonly promptTokens: number;
  /** True output length in GPT-2 BPE tokens, when the trace has it. */
  readonly outputTokens?: number;
  /** Seconds after the first request; 0 for every request when the trace has no times. */
  readonly arrivalTimeS: number;
}

/**
 * A parsed trace. Requests are in arrival order (file order when the trace has no
 * times). Each `has*` flag is true only when every request carries that field,
 * because the parser rejects traces where some records have it and others do not.
 */
export interface Trace {
  readonly fileName: string;
  readonly format: TraceFormat;
  readonly requests: readonly TraceRequest[];
  readonly hasPrompts: boolean;
  readonly hasOutputLengths: boolean;
  readonly hasArrivalTimes: boolean;
  /** Changes the parser made or assumptions it took, one sentence each, for the user to read. */
  readonly warnings: readonly string[];
}
