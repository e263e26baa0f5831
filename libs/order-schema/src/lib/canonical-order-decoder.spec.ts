// CanonicalOrderDecoder: decodes canonical lines from bytes to exactly parseOrderLine's order, declines the others,
// and keeps decoding correctly once its interning table is full.
import { CanonicalOrderDecoder } from './canonical-order-decoder';
import type { CoffeeOrder } from './coffee-order';
import { parseOrderLine } from './parse-order-line';
import { serializeOrder } from './serialize-order';

const encoder = new TextEncoder();

function decodeAll(decoder: CanonicalOrderDecoder, lines: string[]): (CoffeeOrder | undefined)[] {
  // One body, lines joined by newlines, as a stream entry holds them.
  const body = encoder.encode(lines.join('\n'));
  const out: (CoffeeOrder | undefined)[] = [];
  let start = 0;
  for (const line of lines) {
    const end = start + encoder.encode(line).length;
    out.push(decoder.decode(body, start, end));
    start = end + 1;
  }
  return out;
}

const order: CoffeeOrder = { branch: 'jeongja', orders: ['Americano', 'Espresso', 'Americano'], paymentMethod: 'Cash', customerAgeGrade: '2030' };

describe('CanonicalOrderDecoder', () => {
  it.each([
    ['no timestamp', order],
    ['a timestamp', { ...order, timestamp: 1412123415250 }],
    ['an orderId', { ...order, orderId: 'o-17' }],
    ['both', { ...order, timestamp: 0, orderId: 'x' }],
    ['a long coffee name', { ...order, orders: ['L'.repeat(5000)] }],
  ])('decodes a line with %s to what parseOrderLine gives', (_name, value) => {
    const line = serializeOrder(value);
    const parsed = parseOrderLine(line);
    expect(parsed.ok).toBe(true);
    expect(decodeAll(new CanonicalOrderDecoder(), [line, line])).toEqual(parsed.ok ? [parsed.order, parsed.order] : []);
  });

  it('declines lines that are not canonical', () => {
    const lines = ['{"branch": "jeongja", "orders": ["Americano"], "paymentMethod": "Cash", "customerAgeGrade": "2030"}', '{"branch":"정자","orders":["Americano"],"paymentMethod":"Cash","customerAgeGrade":"2030"}', 'nope'];
    expect(decodeAll(new CanonicalOrderDecoder(), lines)).toEqual([undefined, undefined, undefined]);
  });

  it('decodes 20,000 distinct values correctly, past the interning table', () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => serializeOrder({ branch: `b${i}`, orders: [`c${i}`, 'Americano'], paymentMethod: `p${i % 7}`, customerAgeGrade: '2030', timestamp: i }));
    const decoder = new CanonicalOrderDecoder();
    const first = decodeAll(decoder, lines);
    const again = decodeAll(decoder, lines);
    const expected = lines.map((line) => {
      const parsed = parseOrderLine(line);
      return parsed.ok ? parsed.order : undefined;
    });
    expect(first).toEqual(expected);
    expect(again).toEqual(expected);
  });
});
