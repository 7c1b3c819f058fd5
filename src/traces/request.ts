import type { TraceLocation } from './errors.ts';

/**
 * A request as read from one record, before the requests are put in arrival order.
 * `arrivalTime` is in seconds on the trace's own clock, whose zero is arbitrary.
 */
export interface ParsedRequest {
  readonly location: TraceLocation;
  readonly prompt?: string;
  /** Prompt length in GPT-2 BPE tokens, or undefined when the record gives neither prompt nor length. */
  readonly promptTokens?: number;
  readonly outputTokens?: number;
  readonly arrivalTime?: number;
}

/** The fields of a ParsedRequest, with undefined for each one the record lacks. */
export interface ParsedRequestFields {
  readonly location: TraceLocation;
  readonly prompt: string | undefined;
  readonly promptTokens: number | undefined;
  readonly outputTokens: number | undefined;
  readonly arrivalTime: number | undefined;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Builds a ParsedRequest without the keys whose value is undefined, as `exactOptionalPropertyTypes` requires. */
export function createParsedRequest(fields: ParsedRequestFields): ParsedRequest {
  const request: Mutable<ParsedRequest> = { location: fields.location };
  if (fields.prompt !== undefined) {
    request.prompt = fields.prompt;
  }
  if (fields.promptTokens !== undefined) {
    request.promptTokens = fields.promptTokens;
  }
  if (fields.outputTokens !== undefined) {
    request.outputTokens = fields.outputTokens;
  }
  if (fields.arrivalTime !== undefined) {
    request.arrivalTime = fields.arrivalTime;
  }
  return request;
}
