import { expect } from 'vitest';
import { TraceParseError } from './errors.ts';

/** Runs `parse`, asserts that it throws TraceParseError, and returns the error (test helper). */
export function catchTraceError(parse: () => unknown): TraceParseError {
  let caught: unknown;
  try {
    parse();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(TraceParseError);
  return caught as TraceParseError;
}

/** Awaits `parse`, asserts that it rejects with TraceParseError, and returns the error (test helper). */
export async function catchTraceErrorAsync(parse: () => Promise<unknown>): Promise<TraceParseError> {
  let caught: unknown;
  try {
    await parse();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(TraceParseError);
  return caught as TraceParseError;
}
