// Covers canonicalStreamLine: it keeps (or only stamps) lines already in serializeOrder's form, and declines every other accepted line.
import { parseOrderLine } from '@coffee/order-schema';
import { canonicalStreamLine } from './canonical-stream-line';
import { toStreamLine } from './validate-lines';

const base = '{"branch":"sunae","orders":["Flat White","Americano"],"paymentMethod":"Cash","customerAgeGrade":"2030"';

/** What the slow path writes for an accepted line. */
function serialized(line: string, receivedAt: number): string {
  const parsed = parseOrderLine(line);
  if (!parsed.ok) {
    throw new Error(`test line rejected: ${line}`);
  }
  return toStreamLine(parsed.order, receivedAt);
}

describe('canonicalStreamLine', () => {
  it.each([
    `${base}}`,
    `${base},"timestamp":1767225600000}`,
    `${base},"timestamp":0}`,
    `${base},"timestamp":8640000000000000}`,
    `${base},"orderId":"o-1"}`,
    `${base},"timestamp":5,"orderId":"o-1"}`,
    '{"branch":"정자","orders":["카페 라떼","🍵"],"paymentMethod":"Cash","customerAgeGrade":"2030"}',
    '{"branch":"sunae","orders":["a\u2028b"],"paymentMethod":"Cash","customerAgeGrade":"2030","orderId":"x,\\"orderId\\":"}',
  ])('gives what serializeOrder gives for %s', (line) => {
    const fast = canonicalStreamLine(line, JSON.stringify(1767225600123));
    const slow = serialized(line, 1767225600123);
    if (line.includes('\\')) {
      expect(fast).toBeUndefined();
    } else {
      expect(fast).toBe(slow);
    }
  });

  it.each([
    `${base} }`,
    `{ "branch":"sunae","orders":["Americano"],"paymentMethod":"Cash","customerAgeGrade":"2030"}`,
    '{"orders":["Americano"],"branch":"sunae","paymentMethod":"Cash","customerAgeGrade":"2030"}',
    `${base},"timestamp":1.5}`,
    `${base},"timestamp":1e3}`,
    `${base},"timestamp":1000.0}`,
    `${base},"timestamp":"2026-01-01T00:00:00Z"}`,
    `${base},"timestamp":null}`,
    `${base},"orderId":7}`,
    `${base},"orderId":null}`,
    `${base},"orderId":"o-1","timestamp":5}`,
    `${base},"extra":1}`,
    `${base},"branch":"jeongja"}`,
    '{"branch":"sunae","orders":["Ameri\\u0063ano"],"paymentMethod":"Cash","customerAgeGrade":"2030"}',
    '{"branch":"sunae","orders":["A\\/B"],"paymentMethod":"Cash","customerAgeGrade":"2030"}',
  ])('declines the accepted but non-canonical line %s', (line) => {
    expect(parseOrderLine(line).ok).toBe(true);
    expect(canonicalStreamLine(line, '7')).toBeUndefined();
  });
});
