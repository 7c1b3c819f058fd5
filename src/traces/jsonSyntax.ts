/**
 * Locates the first syntax error in JSON text. JSON.parse reports where it failed
 * only in some engines and messages (V8 omits the position for an unexpected token),
 * so the trace parser runs this scanner after JSON.parse has rejected the text, to
 * name the line for the user. It follows the JSON grammar of RFC 8259.
 */
export interface JsonSyntaxError {
  /** 0-based UTF-16 offset of the character where the text stops being valid JSON. */
  readonly offset: number;
  readonly problem: string;
}

/** Nesting depth at which the scanner gives up instead of risking a stack overflow. */
const MAX_SCAN_DEPTH = 1000;

const NUMBER_PATTERN = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const HEX_DIGITS = /^[0-9a-fA-F]{4}$/;
const SIMPLE_ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

class SyntaxFound {
  constructor(readonly error: JsonSyntaxError) {}
}

class DepthExceeded {}

/**
 * Returns the first syntax error of `text`, or undefined when the text is valid JSON
 * or nests deeper than the scanner follows.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const scanner = new JsonScanner(text);
  try {
    scanner.scanDocument();
    return undefined;
  } catch (caught) {
    if (caught instanceof SyntaxFound) {
      return caught.error;
    }
    if (caught instanceof DepthExceeded) {
      return undefined;
    }
    throw caught;
  }
}

class JsonScanner {
  private position = 0;

  constructor(private readonly text: string) {}

  scanDocument(): void {
    this.scanValue(0);
    this.skipWhitespace();
    if (this.position < this.text.length) {
      this.fail('unexpected text after the end of the JSON value');
    }
  }

  private scanValue(depth: number): void {
    if (depth > MAX_SCAN_DEPTH) {
      throw new DepthExceeded();
    }
    this.skipWhitespace();
    const char = this.text[this.position];
    if (char === undefined) {
      this.fail('unexpected end of file');
    } else if (char === '{') {
      this.scanObject(depth);
    } else if (char === '[') {
      this.scanArray(depth);
    } else if (char === '"') {
      this.scanString();
    } else if (char === '-' || (char >= '0' && char <= '9')) {
      this.scanNumber();
    } else if (!this.scanLiteral()) {
      this.fail(`unexpected character ${JSON.stringify(char)}`);
    }
  }

  private scanObject(depth: number): void {
    this.position += 1;
    this.skipWhitespace();
    if (this.text[this.position] === '}') {
      this.position += 1;
      return;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.position] !== '"') {
        this.fail('expected a property name in double quotes');
      }
      this.scanString();
      this.skipWhitespace();
      if (this.text[this.position] !== ':') {
        this.fail("expected ':' after the property name");
      }
      this.position += 1;
      this.scanValue(depth + 1);
      this.skipWhitespace();
      const char = this.text[this.position];
      if (char === '}') {
        this.position += 1;
        return;
      }
      if (char !== ',') {
        this.fail("expected ',' or '}' after the property value");
      }
      this.position += 1;
    }
  }

  private scanArray(depth: number): void {
    this.position += 1;
    this.skipWhitespace();
    if (this.text[this.position] === ']') {
      this.position += 1;
      return;
    }
    for (;;) {
      this.scanValue(depth + 1);
      this.skipWhitespace();
      const char = this.text[this.position];
      if (char === ']') {
        this.position += 1;
        return;
      }
      if (char !== ',') {
        this.fail("expected ',' or ']' after the array element");
      }
      this.position += 1;
    }
  }

  private scanString(): void {
    this.position += 1;
    for (;;) {
      const char = this.text[this.position];
      if (char === undefined) {
        this.fail('unterminated string');
      }
      if (char === '"') {
        this.position += 1;
        return;
      }
      if (char === '\\') {
        this.scanEscape();
        continue;
      }
      if (char.charCodeAt(0) < 0x20) {
        this.fail('unescaped control character in a string');
      }
      this.position += 1;
    }
  }

  private scanEscape(): void {
    const escaped = this.text[this.position + 1];
    if (escaped !== undefined && SIMPLE_ESCAPES.has(escaped)) {
      this.position += 2;
      return;
    }
    if (escaped === 'u' && HEX_DIGITS.test(this.text.slice(this.position + 2, this.position + 6))) {
      this.position += 6;
      return;
    }
    this.fail('invalid escape sequence in a string');
  }

  private scanNumber(): void {
    NUMBER_PATTERN.lastIndex = this.position;
    const match = NUMBER_PATTERN.exec(this.text);
    if (match === null) {
      this.fail('invalid number');
    }
    this.position += match[0].length;
  }

  private scanLiteral(): boolean {
    for (const literal of ['true', 'false', 'null']) {
      if (this.text.startsWith(literal, this.position)) {
        this.position += literal.length;
        return true;
      }
    }
    return false;
  }

  private skipWhitespace(): void {
    for (;;) {
      const char = this.text[this.position];
      if (char !== ' ' && char !== '\t' && char !== '\n' && char !== '\r') {
        return;
      }
      this.position += 1;
    }
  }

  private fail(problem: string): never {
    throw new SyntaxFound({ offset: this.position, problem });
  }
}
