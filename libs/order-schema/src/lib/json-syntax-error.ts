/** Where and why a text is not JSON. */
export interface JsonSyntaxError {
  /** 0-based offset (UTF-16 code units) of the first offending character; the text length at end of input. */
  offset: number;
  /** Human reason, e.g. `unexpected character '}'`. */
  reason: string;
}

// Parser states.
const EXPECT_VALUE = 0;
const EXPECT_VALUE_OR_CLOSE = 1;
const EXPECT_KEY = 2;
const EXPECT_KEY_OR_CLOSE = 3;
const EXPECT_COLON = 4;
const AFTER_VALUE = 5;

const IN_ARRAY = 0;
const IN_OBJECT = 1;

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

function describe(text: string, offset: number): string {
  if (offset >= text.length) {
    return 'unexpected end of line';
  }
  const c = text.charCodeAt(offset);
  if (c === 0x27) {
    return `unexpected character "'"`;
  }
  // Printable ASCII is shown as is; anything else by code point, so invisible characters show.
  const shown = c > 0x20 && c < 0x7f ? `'${text[offset]}'` : `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  return `unexpected character ${shown}`;
}

type Scan = number | JsonSyntaxError;

/** Scans a string starting at its opening quote; returns the offset after the closing quote. */
function scanString(text: string, start: number): Scan {
  const n = text.length;
  let i = start + 1;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      return i + 1;
    }
    if (c < 0x20) {
      return { offset: i, reason: 'control character in string' };
    }
    if (c === 0x5c) {
      const e = text.charCodeAt(i + 1);
      if (e === 0x75) {
        for (let k = 2; k < 6; k++) {
          if (!isHexDigit(text.charCodeAt(i + k))) {
            return { offset: Math.min(i + k, n), reason: 'invalid \\u escape in string' };
          }
        }
        i += 6;
        continue;
      }
      if (e === 0x22 || e === 0x5c || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
        i += 2;
        continue;
      }
      return { offset: Math.min(i + 1, n), reason: i + 1 < n ? 'invalid escape in string' : 'unterminated string' };
    }
    i++;
  }
  return { offset: n, reason: 'unterminated string' };
}

function scanDigits(text: string, i: number): number {
  while (isDigit(text.charCodeAt(i))) {
    i++;
  }
  return i;
}

/** Scans a number; returns the offset after it. */
function scanNumber(text: string, start: number): Scan {
  let i = start;
  if (text.charCodeAt(i) === 0x2d) {
    i++;
  }
  const first = text.charCodeAt(i);
  if (first === 0x30) {
    i++;
  } else if (isDigit(first)) {
    i = scanDigits(text, i);
  } else {
    return { offset: i, reason: `invalid number: ${describe(text, i)}` };
  }
  if (text.charCodeAt(i) === 0x2e) {
    i++;
    if (!isDigit(text.charCodeAt(i))) {
      return { offset: i, reason: `invalid number: ${describe(text, i)}` };
    }
    i = scanDigits(text, i);
  }
  const e = text.charCodeAt(i);
  if (e === 0x65 || e === 0x45) {
    i++;
    const sign = text.charCodeAt(i);
    if (sign === 0x2b || sign === 0x2d) {
      i++;
    }
    if (!isDigit(text.charCodeAt(i))) {
      return { offset: i, reason: `invalid number: ${describe(text, i)}` };
    }
    i = scanDigits(text, i);
  }
  return i;
}

function scanLiteral(text: string, start: number, literal: string): Scan {
  for (let k = 0; k < literal.length; k++) {
    if (text.charCodeAt(start + k) !== literal.charCodeAt(k)) {
      return { offset: start + k, reason: describe(text, start + k) };
    }
  }
  return start + literal.length;
}

function scanScalar(text: string, i: number, c: number): Scan {
  if (c === 0x22) {
    return scanString(text, i);
  }
  if (c === 0x2d || isDigit(c)) {
    return scanNumber(text, i);
  }
  if (c === 0x74) {
    return scanLiteral(text, i, 'true');
  }
  if (c === 0x66) {
    return scanLiteral(text, i, 'false');
  }
  if (c === 0x6e) {
    return scanLiteral(text, i, 'null');
  }
  return { offset: i, reason: describe(text, i) };
}

/**
 * Finds the first JSON syntax error in `text` (the grammar `JSON.parse` accepts), or returns
 * `undefined` when `text` is one valid JSON value. Iterative, so deep nesting cannot overflow the
 * stack. Only called once `JSON.parse` has failed: it exists to name a column in the message.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const n = text.length;
  const stack: number[] = [];
  let state = EXPECT_VALUE;
  let i = 0;
  for (;;) {
    while (i < n && isWhitespace(text.charCodeAt(i))) {
      i++;
    }
    const c = i < n ? text.charCodeAt(i) : -1;
    if (state === AFTER_VALUE) {
      const top = stack.length === 0 ? -1 : stack[stack.length - 1];
      if (top === -1) {
        return c === -1 ? undefined : { offset: i, reason: `${describe(text, i)} after the JSON value` };
      }
      if (c === 0x2c) {
        state = top === IN_ARRAY ? EXPECT_VALUE : EXPECT_KEY;
        i++;
      } else if ((c === 0x5d && top === IN_ARRAY) || (c === 0x7d && top === IN_OBJECT)) {
        stack.pop();
        i++;
      } else {
        return { offset: i, reason: `expected ',' or '${top === IN_ARRAY ? ']' : '}'}', ${describe(text, i)}` };
      }
      continue;
    }
    if (state === EXPECT_COLON) {
      if (c !== 0x3a) {
        return { offset: i, reason: `expected ':' after property name, ${describe(text, i)}` };
      }
      state = EXPECT_VALUE;
      i++;
      continue;
    }
    if (state === EXPECT_KEY || state === EXPECT_KEY_OR_CLOSE) {
      if (c === 0x7d && state === EXPECT_KEY_OR_CLOSE) {
        stack.pop();
        state = AFTER_VALUE;
        i++;
        continue;
      }
      if (c !== 0x22) {
        return { offset: i, reason: `expected a property name in double quotes, ${describe(text, i)}` };
      }
      const end = scanString(text, i);
      if (typeof end !== 'number') {
        return end;
      }
      state = EXPECT_COLON;
      i = end;
      continue;
    }
    // EXPECT_VALUE or EXPECT_VALUE_OR_CLOSE
    if (c === 0x5d && state === EXPECT_VALUE_OR_CLOSE) {
      stack.pop();
      state = AFTER_VALUE;
      i++;
    } else if (c === 0x7b) {
      stack.push(IN_OBJECT);
      state = EXPECT_KEY_OR_CLOSE;
      i++;
    } else if (c === 0x5b) {
      stack.push(IN_ARRAY);
      state = EXPECT_VALUE_OR_CLOSE;
      i++;
    } else {
      const end = scanScalar(text, i, c);
      if (typeof end !== 'number') {
        return end;
      }
      state = AFTER_VALUE;
      i = end;
    }
  }
}
