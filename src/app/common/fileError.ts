import { TraceParseError } from '../../traces/index.ts';

/** Details of a trace or prompt file that could not be read, as the error alert shows them. */
export interface FileErrorInfo {
  readonly fileName: string;
  readonly message: string;
  readonly line?: number;
  readonly lineUnit?: 'line' | 'record';
  readonly value?: string;
}

/** Converts anything thrown while reading a file into what the error alert shows. */
export function toFileErrorInfo(fileName: string, error: unknown): FileErrorInfo {
  if (error instanceof TraceParseError) {
    return {
      fileName: error.fileName,
      message: error.message,
      ...(error.line === undefined ? {} : { line: error.line }),
      ...(error.lineUnit === undefined ? {} : { lineUnit: error.lineUnit }),
      ...(error.value === undefined ? {} : { value: error.value }),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { fileName, message: `${fileName}: ${message}` };
}
