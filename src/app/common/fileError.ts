import { TraceParseError } from '../../traces/index.ts';

/** Details of a trace or prompt file that could not be read, as the error alert shows them. */
export interface FileErrorInfo {
  readonly fileName: string;
  /** Full message that names file, line and value. The alert shows it only when `problem` is missing. */
  readonly message: string;
  /** The problem alone, for parsers that report file, line and value as separate fields. */
  readonly problem?: string;
  /** Input the parser accepts there, in English like `problem`. */
  readonly expected?: string;
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
      problem: error.problem,
      ...(error.expected === undefined ? {} : { expected: error.expected }),
      ...(error.line === undefined ? {} : { line: error.line }),
      ...(error.lineUnit === undefined ? {} : { lineUnit: error.lineUnit }),
      ...(error.value === undefined ? {} : { value: error.value }),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { fileName, message: `${fileName}: ${message}` };
}
