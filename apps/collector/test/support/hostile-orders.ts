// Test support: generated order inputs, valid and hostile, as raw bytes, and the three body forms that carry them.
import { seededRandom } from '@coffee/order-schema/testing';

/** mulberry32 from `@coffee/order-schema/testing`, so a failing case can be replayed from its seed. */
export { seededRandom };

type Random = () => number;

function pick<T>(random: Random, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)];
}

/** White space that may sit between JSON tokens of one line (no `\n`: NDJSON lines cannot hold one). */
function space(random: Random): string {
  return random() < 0.7 ? '' : pick(random, [' ', '  ', '\t', ' \t ', '\r ']);
}

const BRANCHES = ['jeongja', 'seohyeon', 'sunae', 'migeum', 'caf\u00e9', '__proto__', 'x'.repeat(64), '', 'a b', 'all'];
const COFFEES = ['Americano', 'Espresso', 'Caffe Latte', 'Flat White', 'ice "cold" \\ brew', ']}, {"x":[', '\u00e9\u00e8\u{1f600}', 'C\u0000x'];
const TIMESTAMPS = ['1700000000000', '1e400', '-1e400', '8.64e15', '8.64e15 ', '9e15', '-1', '1.5e3', '"2024-05-01T09:30:00+09:00"', '"9999-12-29T00:00:00Z"', '"not a date"', 'null', 'true', '[1]', '{"ms":1}', '0.0000001', '1E3', '-0'];

/** Bytes of a JSON string literal for `text` (escapes via JSON.stringify, sometimes \\u escapes for ASCII). */
function jsonString(random: Random, text: string): string {
  const literal = JSON.stringify(text);
  return random() < 0.2 ? literal.replace(/[a-z]/, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : literal;
}

function nested(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/** Invalid UTF-8 sequences: a stray continuation byte, a lone lead byte, an overlong `/`, a surrogate, 0xFF. */
const BAD_UTF8: readonly number[][] = [[0x80], [0xc3], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xff], [0xf4, 0x90, 0x80, 0x80]];

/**
 * One generated input (never a top-level array, never blank, no `\n` inside): an order that is
 * valid, or wrong in one of many ways (bad types, missing fields, `1e400` and other timestamps,
 * invalid UTF-8, deep nesting, syntax errors that keep brackets balanced, strings full of JSON
 * punctuation, oversized values), with arbitrary white space between tokens.
 */
export function generateInput(random: Random, maxLineBytes: number): Uint8Array {
  const fields: string[] = [];
  const s = (): string => space(random);
  const field = (name: string, value: string): void => {
    fields.push(`${s()}${jsonString(random, name)}${s()}:${s()}${value}${s()}`);
  };
  const mutation = Math.floor(random() * 14);
  if (mutation !== 0) {
    field('branch', mutation === 1 ? pick(random, ['42', 'null', '["jeongja"]', '{}']) : jsonString(random, pick(random, BRANCHES)));
  }
  const coffees = Array.from({ length: 1 + Math.floor(random() * 3) }, () => jsonString(random, pick(random, COFFEES)));
  field('orders', mutation === 2 ? pick(random, ['[]', '"Americano"', '[1]', '[""]', 'null']) : `[${s()}${coffees.join(`${s()},${s()}`)}${s()}]`);
  if (mutation !== 3) {
    field('paymentMethod', jsonString(random, pick(random, ['Cash', 'Credit', 'Debit', 'Bitcoin'])));
  }
  field('customerAgeGrade', mutation === 4 ? '2030' : jsonString(random, pick(random, ['2030', '0010', '9999'])));
  if (mutation === 5 || random() < 0.3) {
    field('timestamp', pick(random, TIMESTAMPS));
  }
  if (random() < 0.3) {
    field('orderId', pick(random, ['"id-1"', '7', '1e400', '""', '{}', jsonString(random, 'x'.repeat(5_000))]));
  }
  if (mutation === 6) {
    field('extra', nested(pick(random, [1, 10, 14, 15, 16, 17, 100, 5_000])));
  }
  if (mutation === 7) {
    field('note', jsonString(random, 'n'.repeat(pick(random, [4_000, 5_000, maxLineBytes]))));
  }
  if (random() < 0.2) {
    field(pick(random, ['__proto__', 'constructor', 'branch']), jsonString(random, 'dup'));
  }
  let text = `{${fields.join(',')}}`;
  switch (mutation) {
    case 8:
      text = pick(random, ['1', '"order"', 'null', 'true', '-0.5e-3', '"[1,2]"']);
      break;
    case 9:
      // Syntax errors that keep brackets balanced (a broken array as a whole is another matter).
      text = pick(random, ['{"branch":}', '{"branch" "x"}', '{,}', '{"a":1,}', "{'a':1}", '{"a":01}', '{"a":NaN}', '{"a":1}{"b":2}', '{"a":"\\x"}', '{"a":tru}']);
      break;
    case 10:
      text = `${s()}${text}${s()}`;
      break;
    default:
      break;
  }
  const bytes = Buffer.from(text);
  if (mutation === 11) {
    // Invalid UTF-8 inside a string value, where it cannot be mistaken for JSON punctuation.
    const at = text.indexOf('"', text.indexOf(':') + 1) + 1;
    return at > 0 ? Buffer.concat([bytes.subarray(0, at), Buffer.from(pick(random, BAD_UTF8)), bytes.subarray(at)]) : bytes;
  }
  return bytes;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** The inputs as one JSON array body, with white space (newlines too) around elements; a BOM up front if asked. */
export function asArrayBody(random: Random, inputs: readonly Uint8Array[], bom: boolean): Buffer {
  const gap = (): string => pick(random, ['', ' ', '\n', '\r\n  ', '\t']);
  const parts: Buffer[] = bom ? [BOM] : [];
  parts.push(Buffer.from(`${gap()}[${gap()}`));
  inputs.forEach((input, i) => {
    if (i > 0) {
      parts.push(Buffer.from(`${gap()},${gap()}`));
    }
    parts.push(Buffer.from(input));
  });
  parts.push(Buffer.from(`${gap()}]${gap()}`));
  return Buffer.concat(parts);
}

/** The inputs as NDJSON, one per line; a BOM up front if asked. */
export function asNdjsonBody(inputs: readonly Uint8Array[], bom: boolean): Buffer {
  const parts: Buffer[] = bom ? [BOM] : [];
  inputs.forEach((input, i) => {
    parts.push(Buffer.from(input), Buffer.from(i === inputs.length - 1 ? '' : '\n'));
  });
  return Buffer.concat(parts);
}

/** One input as a single-order body; a BOM up front if asked. */
export function asSingleBody(input: Uint8Array, bom: boolean): Buffer {
  return bom ? Buffer.concat([BOM, input]) : Buffer.from(input);
}
