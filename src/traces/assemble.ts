import { TraceParseError, type TraceLocation } from './errors.ts';
import type { TraceLimits } from './limits.ts';
import type { ParsedRequest } from './request.ts';
import type { Trace, TraceFormat, TraceRequest } from './types.ts';

/** Names of the optional request fields as the trace format spells them, for messages. */
export interface RequestFieldLabels {
  readonly prompt: string;
  readonly promptTokens: string;
  readonly outputTokens: string;
  readonly arrivalTime: string;
}

type OptionalField = keyof RequestFieldLabels;

const OPTIONAL_FIELDS: readonly OptionalField[] = ['prompt', 'promptTokens', 'outputTokens', 'arrivalTime'];

/**
 * Collects the requests of one trace, rejects the trace as soon as a record breaks a
 * rule that spans records, and builds the Trace. The rules: at most
 * `limits.maxRequests` requests, and each optional field present in every record or
 * in none, so that the `has*` flags of a Trace hold for all of its requests.
 */
export class TraceAssembler {
  private readonly requests: ParsedRequest[] = [];

  constructor(
    private readonly fileName: string,
    private readonly limits: TraceLimits,
    private readonly labels: RequestFieldLabels,
  ) {}

  /** Number of requests added so far. */
  get size(): number {
    return this.requests.length;
  }

  /** Throws TraceParseError when one more request, at `location`, would pass the request limit. */
  checkRoomFor(location: TraceLocation): void {
    if (this.requests.length >= this.limits.maxRequests) {
      throw new TraceParseError({
        fileName: this.fileName,
        location,
        problem: 'too many requests',
        value: `more than ${this.limits.maxRequests}`,
        expected: `at most ${this.limits.maxRequests} requests. Split the trace into smaller files`,
      });
    }
  }

  /** Adds a request; `describeRecord` returns the record's text for an error message. */
  add(request: ParsedRequest, describeRecord: () => string): void {
    this.checkRoomFor(request.location);
    const first = this.requests[0];
    if (first !== undefined) {
      this.checkSameFields(first, request, describeRecord);
    }
    this.requests.push(request);
  }

  /** Builds the trace: requests in arrival order, times in seconds after the first request. */
  finish(format: TraceFormat, warnings: readonly string[]): Trace {
    const first = this.requests[0];
    if (first === undefined) {
      throw new TraceParseError({
        fileName: this.fileName,
        problem: 'file contains no requests',
        expected: 'at least one request record',
      });
    }
    const allWarnings = [...warnings];
    const hasArrivalTimes = first.arrivalTime !== undefined;
    const ordered = hasArrivalTimes ? this.sortByArrival(allWarnings) : this.requests;
    const startTime = ordered[0]?.arrivalTime ?? 0;
    const requests = ordered.map((request) => toTraceRequest(request, startTime));
    return {
      fileName: this.fileName,
      format,
      requests,
      hasPrompts: first.prompt !== undefined,
      hasOutputLengths: first.outputTokens !== undefined,
      hasArrivalTimes,
      warnings: allWarnings,
    };
  }

  private checkSameFields(first: ParsedRequest, request: ParsedRequest, describeRecord: () => string): void {
    for (const field of OPTIONAL_FIELDS) {
      const firstHas = first[field] !== undefined;
      const requestHas = request[field] !== undefined;
      if (firstHas === requestHas) {
        continue;
      }
      const label = this.labels[field];
      const firstPlace = `${first.location.unit} ${first.location.line}`;
      throw new TraceParseError({
        fileName: this.fileName,
        location: request.location,
        problem: requestHas ? `record has ${label}, but ${firstPlace} has none` : `record has no ${label}, but ${firstPlace} has one`,
        value: describeRecord(),
        expected: `${label} in every record or in none`,
      });
    }
  }

  /**
   * Returns the requests sorted by arrival time. Sorting is stable, so requests with equal
   * times keep their file order. A trace whose times go backwards is sorted, not rejected,
   * and gets a warning that names the first place where they do.
   */
  private sortByArrival(warnings: string[]): readonly ParsedRequest[] {
    let outOfOrder = 0;
    let firstBackward: { readonly request: ParsedRequest; readonly previous: ParsedRequest } | undefined;
    for (let i = 1; i < this.requests.length; i += 1) {
      const previous = this.requests[i - 1]!;
      const request = this.requests[i]!;
      if (request.arrivalTime! < previous.arrivalTime!) {
        outOfOrder += 1;
        firstBackward ??= { request, previous };
      }
    }
    if (firstBackward === undefined) {
      return this.requests;
    }

    const sorted = [...this.requests].sort((a, b) => a.arrivalTime! - b.arrivalTime!);
    const { request, previous } = firstBackward;
    const startTime = sorted[0]!.arrivalTime!;
    warnings.push(
      `Arrival times go backwards at ${request.location.unit} ${request.location.line}, ` +
        `which arrives ${formatSeconds(request.arrivalTime! - startTime)} after the first request, ` +
        `while ${previous.location.unit} ${previous.location.line} before it arrives at ${formatSeconds(previous.arrivalTime! - startTime)}. ` +
        `In the file, ${outOfOrder} of ${this.requests.length} requests arrive earlier than the request before them, ` +
        'so the requests were sorted by arrival time.',
    );
    return sorted;
  }
}

function toTraceRequest(request: ParsedRequest, startTime: number): TraceRequest {
  const traceRequest: { -readonly [K in keyof TraceRequest]: TraceRequest[K] } = {
    line: request.location.line,
    promptTokens: request.promptTokens ?? 0,
    arrivalTimeS: request.arrivalTime === undefined ? 0 : request.arrivalTime - startTime,
  };
  if (request.prompt !== undefined) {
    traceRequest.prompt = request.prompt;
  }
  if (request.outputTokens !== undefined) {
    traceRequest.outputTokens = request.outputTokens;
  }
  return traceRequest;
}

function formatSeconds(seconds: number): string {
  return `${Number(seconds.toFixed(6))} s`;
}
