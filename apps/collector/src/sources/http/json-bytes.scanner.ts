/** A byte range `[start, end)` of a request body. */
export interface ByteRange {
  start: number;
  end: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/** JSON white space: space, tab, LF, CR. */
export function isJsonSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/**
 * Whether the JSON text in `bytes[start..end)` nests arrays and objects more than `limit` levels
 * deep (`{"orders":["x"]}` is 2 levels). Brackets inside strings do not count. A byte loop with a
 * counter: no recursion, no allocation, whatever the input (malformed input is counted as it comes).
 */
export function nestsDeeperThan(bytes: Uint8Array, start: number, end: number, limit: number): boolean {
  if (!opensMoreThan(bytes, start, end, limit)) {
    return false;
  }
  let depth = 0;
  for (let i = start; i < end; i++) {
    const c = bytes[i];
    if (c === QUOTE) {
      // Skip the string; an unterminated one runs to the end.
      for (i++; i < end && bytes[i] !== QUOTE; i++) {
        if (bytes[i] === BACKSLASH) {
          i++;
        }
      }
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > limit) {
        return true;
      }
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      depth--;
    }
  }
  return false;
}

/**
 * Whether `bytes[start..end)` holds more than `limit` opening brackets (in strings or not): a cheap
 * pre-filter, since nothing nests deeper than it opens. Native `indexOf` scans, no byte loop in JS.
 */
function opensMoreThan(bytes: Uint8Array, start: number, end: number, limit: number): boolean {
  let opened = 0;
  for (let i = bytes.indexOf(OPEN_OBJECT, start); i !== -1 && i < end && opened <= limit; i = bytes.indexOf(OPEN_OBJECT, i + 1)) {
    opened++;
  }
  for (let i = bytes.indexOf(OPEN_ARRAY, start); i !== -1 && i < end && opened <= limit; i = bytes.indexOf(OPEN_ARRAY, i + 1)) {
    opened++;
  }
  return opened > limit;
}

/** Why {@link splitJsonArray} could not split a body. */
export type ArraySplitFailure = 'MALFORMED' | 'TOO_MANY_ELEMENTS';

/**
 * Splits the JSON array that opens at `bytes[open]` (a `[`) into its elements' byte ranges (white
 * space around each element left out), without parsing or copying them: elements are validated
 * one by one afterwards, from their own bytes, like NDJSON lines. Only the array's own structure
 * is checked here (strings, escapes, bracket balance, commas at the top level); what lies inside an
 * element is the element validator's business.
 *
 * @returns the element ranges (none for `[]`); `MALFORMED` when the array itself is broken (not
 *   closed, an empty element as in `[1,,2]` or `[1,]`, a stray closing bracket, or anything but white
 *   space after the closing `]`); `TOO_MANY_ELEMENTS` as soon as there are more than `maxElements`.
 */
export function splitJsonArray(bytes: Uint8Array, open: number, end: number, maxElements: number): ByteRange[] | ArraySplitFailure {
  const elements: ByteRange[] = [];
  // depth: brackets open inside the current element; elementStart -1: no element begun yet.
  let depth = 0;
  let elementStart = -1;
  let elementEnd = -1;
  let sawComma = false;
  let i = open + 1;
  for (; i < end; i++) {
    const c = bytes[i];
    if (isJsonSpace(c)) {
      continue;
    }
    if (depth === 0) {
      if (c === COMMA || c === CLOSE_ARRAY) {
        if (elementStart === -1) {
          if (c === COMMA || sawComma) {
            return 'MALFORMED';
          }
          break;
        }
        if (elements.length === maxElements) {
          return 'TOO_MANY_ELEMENTS';
        }
        elements.push({ start: elementStart, end: elementEnd });
        elementStart = -1;
        if (c === CLOSE_ARRAY) {
          break;
        }
        sawComma = true;
        continue;
      }
      if (c === CLOSE_OBJECT) {
        return 'MALFORMED';
      }
      if (elementStart === -1) {
        elementStart = i;
      }
    }
    if (c === QUOTE) {
      for (i++; i < end && bytes[i] !== QUOTE; i++) {
        if (bytes[i] === BACKSLASH) {
          i++;
        }
      }
      if (i >= end) {
        return 'MALFORMED';
      }
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      depth++;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      depth--;
    }
    elementEnd = i + 1;
  }
  if (i >= end) {
    return 'MALFORMED';
  }
  for (i++; i < end; i++) {
    if (!isJsonSpace(bytes[i])) {
      return 'MALFORMED';
    }
  }
  return elements;
}
