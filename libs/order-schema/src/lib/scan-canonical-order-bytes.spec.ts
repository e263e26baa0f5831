// scanCanonicalOrderBytes (and CanonicalOrderDecoder on it): accepts exactly serializeOrder's ASCII lines, never a line parseOrderLine rejects, and
// its insertion index stamps a line the way serializeOrder would (checked on seeded random lines and mutations).
import { SAMPLE_ORDER_LINES, seededRandom } from '../testing';
import { CanonicalOrderDecoder } from './canonical-order-decoder';
import { parseOrderLine } from './parse-order-line';
import { HAS_TIMESTAMP, NOT_CANONICAL, scanCanonicalOrderBytes } from './scan-canonical-order-bytes';
import { MAX_TIMESTAMP_MS } from './order-timestamp';
import { serializeOrder } from './serialize-order';
import type { CoffeeOrder } from './coffee-order';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const STAMP = 1412123415250;

function scan(line: string | Uint8Array): number {
  const bytes = typeof line === 'string' ? encoder.encode(line) : line;
  // Embedded in a larger buffer, so reading past the line's end would show.
  const padded = new Uint8Array(bytes.length + 8).fill(0x5d);
  padded.set(bytes, 3);
  const result = scanCanonicalOrderBytes(padded, 3, 3 + bytes.length);
  return result >= 0 ? result - 3 : result;
}

/** What the collector sends on for a line the scan accepted, built from the scan's answer. */
function stamped(line: string, result: number): string {
  const bytes = encoder.encode(line);
  return result === HAS_TIMESTAMP ? line : decoder.decode(bytes.subarray(0, result)) + `,"timestamp":${STAMP}` + decoder.decode(bytes.subarray(result));
}

const orderDecoder = new CanonicalOrderDecoder();

/**
 * The contract: an accepted line parses, serializing its (stamped) order gives the stamped line,
 * and the decoder built on the scan gives the parser's order; a declined line is declined by both.
 */
function expectAgreesWithParser(line: string | Uint8Array): number {
  const result = scan(line);
  const bytes = typeof line === 'string' ? encoder.encode(line) : line;
  const decoded = orderDecoder.decode(bytes, 0, bytes.length);
  if (result === NOT_CANONICAL) {
    expect(decoded).toBeUndefined();
  } else {
    const text = typeof line === 'string' ? line : decoder.decode(line);
    const parsed = parseOrderLine(line);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(stamped(text, result)).toBe(serializeOrder({ ...parsed.order, timestamp: parsed.order.timestamp ?? STAMP }));
      expect(decoded).toEqual(parsed.order);
    }
  }
  return result;
}

const prng = seededRandom;

const base: CoffeeOrder = { branch: 'jeongja', orders: ['Americano', 'Espresso'], paymentMethod: 'Cash', customerAgeGrade: '2030' };

describe('scanCanonicalOrderBytes', () => {
  it.each([
    ['without timestamp', base, serializeOrder(base).length - 1],
    ['with timestamp', { ...base, timestamp: STAMP }, HAS_TIMESTAMP],
    ['with timestamp 0', { ...base, timestamp: 0 }, HAS_TIMESTAMP],
    ['with the largest timestamp', { ...base, timestamp: MAX_TIMESTAMP_MS }, HAS_TIMESTAMP],
    ['with orderId only', { ...base, orderId: 'o-1' }, serializeOrder(base).length - 1],
    ['with timestamp and orderId', { ...base, timestamp: STAMP, orderId: 'o-1' }, HAS_TIMESTAMP],
    ['one cup', { ...base, orders: ['Flat White'] }, serializeOrder({ ...base, orders: ['Flat White'] }).length - 1],
    ['unknown names and DEL', { ...base, orders: ['Tea', 'x\u007fy'], paymentMethod: 'Bitcoin', customerAgeGrade: '??' }, 'computed'],
    ['a 64-character branch', { ...base, branch: 'b'.repeat(64) }, 'computed'],
  ])('accepts a canonical line %s', (_name, order, expected) => {
    const line = serializeOrder(order);
    const result = expectAgreesWithParser(line);
    expect(result).not.toBe(NOT_CANONICAL);
    if (expected !== 'computed') {
      expect(result).toBe(expected);
    }
  });

  it.each([
    ['spaces after colons (the original files)', '{"branch": "jeongja", "orders": ["Americano"], "paymentMethod": "Cash", "customerAgeGrade": "2030"}'],
    ['keys in another order', '{"orders":["Americano"],"branch":"jeongja","paymentMethod":"Cash","customerAgeGrade":"2030"}'],
    ['an escape', '{"branch":"jeongja","orders":["Ameri\\"cano"],"paymentMethod":"Cash","customerAgeGrade":"2030"}'],
    ['non-ASCII text', '{"branch":"jeongja","orders":["Café"],"paymentMethod":"Cash","customerAgeGrade":"2030"}'],
    ['a trailing CR', `${serializeOrder(base)}\r`],
    ['a BOM', `\ufeff${serializeOrder(base)}`],
    ['an ISO timestamp', '{"branch":"jeongja","orders":["Americano"],"paymentMethod":"Cash","customerAgeGrade":"2030","timestamp":"2014-10-01T09:30:00Z"}'],
    ['a fractional timestamp', '{"branch":"jeongja","orders":["Americano"],"paymentMethod":"Cash","customerAgeGrade":"2030","timestamp":1.5}'],
    ['a numeric orderId', '{"branch":"jeongja","orders":["Americano"],"paymentMethod":"Cash","customerAgeGrade":"2030","orderId":7}'],
    ['an extra field', '{"branch":"jeongja","orders":["Americano"],"paymentMethod":"Cash","customerAgeGrade":"2030","x":1}'],
    // Invalid lines: the general parser reports them.
    ['an empty branch', '{"branch":"","orders":["Americano"],"paymentMethod":"Cash","customerAgeGrade":"2030"}'],
    ['a branch with a colon', '{"branch":"a:b","orders":["Americano"],"paymentMethod":"Cash","customerAgeGrade":"2030"}'],
    ['a branch with a glob', '{"branch":"a*","orders":["Americano"],"paymentMethod":"Cash","customerAgeGrade":"2030"}'],
    ['a 65-character branch', serializeOrder({ ...base, branch: 'b'.repeat(65) })],
    ['no cups', '{"branch":"jeongja","orders":[],"paymentMethod":"Cash","customerAgeGrade":"2030"}'],
    ['an empty coffee name', '{"branch":"jeongja","orders":["Americano",""],"paymentMethod":"Cash","customerAgeGrade":"2030"}'],
    ['an empty payment method', '{"branch":"jeongja","orders":["Americano"],"paymentMethod":"","customerAgeGrade":"2030"}'],
    ['an empty orderId', '{"branch":"jeongja","orders":["Americano"],"paymentMethod":"Cash","customerAgeGrade":"2030","orderId":""}'],
    ['a timestamp with a leading zero', '{"branch":"jeongja","orders":["Americano"],"paymentMethod":"Cash","customerAgeGrade":"2030","timestamp":01}'],
    ['a timestamp past MAX_TIMESTAMP_MS', '{"branch":"jeongja","orders":["Americano"],"paymentMethod":"Cash","customerAgeGrade":"2030","timestamp":253402128000001}'],
    ['a timestamp of 16 digits', '{"branch":"jeongja","orders":["Americano"],"paymentMethod":"Cash","customerAgeGrade":"2030","timestamp":8640000000000000}'],
    ['the reserved branch all', '{"branch":"all","orders":["Americano"],"paymentMethod":"Cash","customerAgeGrade":"2030"}'],
    ['a raw tab in a value', '{"branch":"jeongja","orders":["Ameri\tcano"],"paymentMethod":"Cash","customerAgeGrade":"2030"}'],
    ['a missing brace', serializeOrder(base).slice(0, -1)],
    ['something after the brace', `${serializeOrder(base)} `],
    ['an empty line', ''],
  ])('leaves a line with %s to the general parser', (_name, line) => {
    expect(expectAgreesWithParser(line)).toBe(NOT_CANONICAL);
  });

  it('accepts the canonical form of every sample line', () => {
    for (const sample of SAMPLE_ORDER_LINES) {
      expect(expectAgreesWithParser(serializeOrder(sample.order))).not.toBe(NOT_CANONICAL);
    }
  });

  it('agrees with parseOrderLine + serializeOrder on 20,000 random orders and their mutations', () => {
    const rnd = prng(7);
    const plain = 'abcdefXYZ0189 -_.';
    const special = ':*?[]"\\\u007f\u0001\té☕';
    const char = (): string => (rnd() < 0.03 ? special[Math.floor(rnd() * special.length)] : plain[Math.floor(rnd() * plain.length)]);
    const word = (max: number): string => Array.from({ length: Math.floor(rnd() * max) }, char).join('');
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      const order: CoffeeOrder = {
        branch: word(8) || 'x',
        orders: Array.from({ length: Math.floor(rnd() * 4) }, () => word(6)),
        paymentMethod: word(5),
        customerAgeGrade: word(5),
      };
      if (rnd() < 0.5) {
        order.timestamp = Math.floor(rnd() * 2e15);
      }
      if (rnd() < 0.3) {
        order.orderId = word(4);
      }
      const line = serializeOrder(order);
      const result = expectAgreesWithParser(line);
      // Completeness: a valid order whose strings need no escape and are ASCII is always recognised.
      const simple = [order.branch, ...order.orders, order.paymentMethod, order.customerAgeGrade, order.orderId ?? 'x'].every((s) => /^[\x20-\x7f]+$/.test(s) && !/["\\]/.test(s));
      if (simple && parseOrderLine(line).ok) {
        expect(result).not.toBe(NOT_CANONICAL);
        accepted++;
      }
      const bytes = encoder.encode(line);
      bytes[Math.floor(rnd() * bytes.length)] = Math.floor(rnd() * 128);
      expectAgreesWithParser(bytes);
      expectAgreesWithParser(bytes.subarray(0, Math.floor(rnd() * bytes.length)));
    }
    expect(accepted).toBeGreaterThan(1000);
  });
});
