import { TraceParseError } from './errors.ts';

/**
 * Largest trace file accepted, in bytes (256 MiB). The whole file is decoded into one
 * string, and V8 (Chrome, Node) caps a string at 2^29 − 24 UTF-16 code units, about
 * 512 Mi. A UTF-8 file decodes to at most one code unit per byte, so 256 MiB keeps the
 * text at half of that cap, leaving room for the copies that line splitting and
 * JSON.parse make.
 */
export const MAX_TRACE_BYTES = 256 * 1024 * 1024;

/**
 * Most requests a trace may hold. One million requests is about 52 hours of the Azure
 * conversation trace of 2023 (19,366 requests in its hour). NOTE: chosen to bound the
 * simulator's run time and the memory of the parsed requests, not measured on a device.
 */
export const MAX_TRACE_REQUESTS = 1_000_000;

/** Limits of one parse. Tests pass smaller ones to reach them with small inputs. */
export interface TraceLimits {
  readonly maxBytes: number;
  readonly maxRequests: number;
}

export const DEFAULT_TRACE_LIMITS: TraceLimits = Object.freeze({
  maxBytes: MAX_TRACE_BYTES,
  maxRequests: MAX_TRACE_REQUESTS,
});

/** Throws TraceParseError when `byteLength` is over `limits.maxBytes`. */
export function checkTraceByteLength(fileName: string, byteLength: number, limits: TraceLimits): void {
  if (byteLength > limits.maxBytes) {
    throw new TraceParseError({
      fileName,
      problem: 'file is too large',
      value: `${byteLength} bytes`,
      expected: `at most ${limits.maxBytes} bytes (${formatMebibytes(limits.maxBytes)}). Split the trace into smaller files`,
    });
  }
}

/** Throws TraceParseError when the UTF-8 encoding of `text` is over `limits.maxBytes`. */
export function checkTraceTextLength(fileName: string, text: string, limits: TraceLimits): void {
  // UTF-8 needs at least one byte per UTF-16 code unit and at most three, so the
  // exact count is needed only between those bounds.
  if (text.length > limits.maxBytes) {
    checkTraceByteLength(fileName, text.length, limits);
  }
  if (text.length * 3 > limits.maxBytes) {
    checkTraceByteLength(fileName, utf8ByteLength(text), limits);
  }
}

/** Counts the bytes of the UTF-8 encoding of `text`, where a lone surrogate becomes U+FFFD (3 bytes). */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      bytes += 1;
    } else if (code < 0x800) {
      bytes += 2;
    } else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4;
      i += 1;
    } else {
      bytes += 3;
    }
  }
  return bytes;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function formatMebibytes(bytes: number): string {
  const mebibytes = bytes / (1024 * 1024);
  return `${Number(mebibytes.toFixed(2))} MiB`;
}
