/** One line of a text file, without its line terminator. */
export interface TextLine {
  /** 1-based line number. */
  readonly number: number;
  readonly text: string;
}

/** Removes a leading UTF-8 byte order mark, which spreadsheet programs often write. */
export function stripByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Yields the lines of `text`, split at LF or CRLF. A final line terminator does not
 * start another line. Scanning with indexOf avoids holding an array of every line.
 */
export function* iterateLines(text: string): Generator<TextLine> {
  let start = 0;
  let number = 1;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) {
      end = text.length;
    }
    const contentEnd = end > start && text.charCodeAt(end - 1) === 0x0d ? end - 1 : end;
    yield { number, text: text.slice(start, contentEnd) };
    start = end + 1;
    number += 1;
  }
}

/** Converts a 0-based UTF-16 offset into `text` to its 1-based line number. */
export function lineNumberAt(text: string, offset: number): number {
  let line = 1;
  let index = text.indexOf('\n');
  while (index !== -1 && index < offset) {
    line += 1;
    index = text.indexOf('\n', index + 1);
  }
  return line;
}

/** Returns the line of `text` that contains `offset`, without its terminator. */
export function lineAt(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let end = text.indexOf('\n', offset);
  if (end === -1) {
    end = text.length;
  }
  if (end > start && text.charCodeAt(end - 1) === 0x0d) {
    end -= 1;
  }
  return text.slice(start, end);
}
