// Covers CompactEntryDecoder.decodeColumns: the orders decode() gives, as OrderColumns, across entries; the same refusals (fuzzed), leaving the columns as they were.
import { SAMPLE_ORDER_LINES, seededRandom } from '../testing';
import { CompactEntryDecoder } from './compact-entry-decoder';
import { CompactEntryError, type TimedCoffeeOrder } from './compact-order-entries';
import { CompactOrderWriter } from './compact-order-writer';
import { OrderColumns } from './order-columns';
import { MAX_TIMESTAMP_MS } from './order-timestamp';

const T0 = Date.UTC(2026, 11, 6, 3, 0, 0);

/** The orders held by `columns`, as objects (without order ids, which columns do not keep). */
function ordersOf(columns: OrderColumns): Omit<TimedCoffeeOrder, 'orderId'>[] {
  const s = columns.strings;
  return Array.from({ length: columns.length }, (_, i) => ({
    branch: s[columns.branch[i]],
    orders: Array.from(columns.cups.subarray(i === 0 ? 0 : columns.cupEnds[i - 1], columns.cupEnds[i]), (id) => s[id]),
    paymentMethod: s[columns.paymentMethod[i]],
    customerAgeGrade: s[columns.customerAgeGrade[i]],
    timestamp: columns.timestamp[i],
  }));
}

const withoutId = ({ orderId: _id, ...order }: TimedCoffeeOrder): Omit<TimedCoffeeOrder, 'orderId'> => order;

function bodies(orders: readonly TimedCoffeeOrder[], perEntry: number): Uint8Array[] {
  const writer = new CompactOrderWriter(perEntry);
  orders.forEach((order) => writer.addOrder(order));
  const entries = writer.finish();
  let from = 0;
  return Array.from(entries.ends, (end) => {
    const body = entries.bytes.slice(from, end);
    from = end;
    return body;
  });
}

const odd: TimedCoffeeOrder[] = [
  { branch: '정자', orders: ['카페 라떼', '🍵'], paymentMethod: 'Cash', customerAgeGrade: '2030', timestamp: T0 },
  { branch: 'sunae', orders: ['Americano'], paymentMethod: 'Ca"sh\\', customerAgeGrade: '2030', timestamp: 0, orderId: 'o-1' },
  { branch: 'lone', orders: ['\ud800x', 'Espresso', '\udc00'], paymentMethod: '', customerAgeGrade: '\u0000', timestamp: MAX_TIMESTAMP_MS, orderId: '\ud83d' },
  { branch: '__proto__', orders: ['constructor', 'x'.repeat(300), 'constructor'], paymentMethod: 'Debit', customerAgeGrade: '9999', timestamp: T0 - 86_400_000, orderId: '' },
];

describe('CompactEntryDecoder.decodeColumns', () => {
  it('appends every entry as decode() reads it, one id per distinct string across entries, growing as needed', () => {
    const orders = Array.from({ length: 700 }, (_, i) =>
      i % 50 === 0 ? odd[(i / 50) % odd.length] : { ...SAMPLE_ORDER_LINES[i % SAMPLE_ORDER_LINES.length].order, timestamp: T0 + ((i * 7919) % 100_000) - 50_000 },
    );
    const decoder = new CompactEntryDecoder();
    const columns = new OrderColumns(4);
    const expected: TimedCoffeeOrder[] = [];
    for (const body of bodies(orders, 37)) {
      expected.push(...decoder.decode(body));
      expect(decoder.decodeColumns(body, 0, body.length, columns)).toBe(decoder.decode(body).length);
    }
    expect(ordersOf(columns)).toEqual(orders.map(withoutId));
    expect(expected.map(withoutId)).toEqual(orders.map(withoutId));
    expect(new Set(columns.strings).size).toBe(columns.strings.length);
    expect(columns.cupCount).toBe(orders.reduce((n, o) => n + o.orders.length, 0));
    expect(columns.maxTimestamp()).toBe(MAX_TIMESTAMP_MS);
    expect(new OrderColumns().maxTimestamp()).toBe(Number.NEGATIVE_INFINITY);
  });

  it('tells apart dictionary strings whose bytes hash alike (Aa, BB), entry after entry', () => {
    const orders: TimedCoffeeOrder[] = ['Aa', 'BB', 'Aa', 'BB', 'C#', 'Aa'].map((name, i) => ({ branch: name, orders: [name], paymentMethod: 'BB', customerAgeGrade: 'Aa', timestamp: T0 + i }));
    const decoder = new CompactEntryDecoder();
    const columns = new OrderColumns();
    const decoded = bodies(orders, 1).flatMap((body) => {
      decoder.decodeColumns(body, 0, body.length, columns);
      return decoder.decode(body);
    });
    expect(decoded).toEqual(orders);
    expect(ordersOf(columns)).toEqual(orders);
  });

  it('reads an entry in the middle of a larger buffer', () => {
    const [body] = bodies(odd, 10);
    const buffer = Uint8Array.from([9, 9, ...body, 9]);
    const columns = new OrderColumns();
    expect(new CompactEntryDecoder().decodeColumns(buffer, 2, 2 + body.length, columns)).toBe(odd.length);
    expect(ordersOf(columns)).toEqual(odd.map(withoutId));
  });

  it('fuzz: a corrupted entry is refused with the error decode() gives, and leaves the columns as they were; otherwise gives the same orders', () => {
    const rnd = seededRandom(81);
    const decoder = new CompactEntryDecoder();
    const originals = bodies(
      Array.from({ length: 200 }, (_, i) => (i % 17 === 0 ? odd[i % odd.length] : { ...SAMPLE_ORDER_LINES[i % SAMPLE_ORDER_LINES.length].order, timestamp: T0 + Math.floor(rnd() * 1e6) - 5e5 })),
      20,
    );
    const columns = new OrderColumns();
    const [first] = originals;
    decoder.decodeColumns(first, 0, first.length, columns);
    let refused = 0;
    for (let round = 0; round < 1500; round++) {
      const body = Uint8Array.from(originals[round % originals.length]);
      const kind = round % 3;
      let mutated: Uint8Array = body;
      if (kind === 0) {
        body[Math.floor(rnd() * body.length)] ^= 1 << Math.floor(rnd() * 8);
      } else if (kind === 1) {
        mutated = body.subarray(0, Math.floor(rnd() * body.length));
      } else {
        body[2 + Math.floor(rnd() * (body.length - 2))] = Math.floor(rnd() * 256);
      }
      let expected: TimedCoffeeOrder[] | Error;
      try {
        expected = decoder.decode(mutated);
      } catch (error) {
        expected = error as Error;
      }
      const before = { length: columns.length, cupCount: columns.cupCount };
      const held = ordersOf(columns);
      if (expected instanceof Error) {
        refused++;
        expect(expected).toBeInstanceOf(CompactEntryError);
        expect(() => decoder.decodeColumns(mutated, 0, mutated.length, columns)).toThrow(expected.message);
        expect({ length: columns.length, cupCount: columns.cupCount }).toEqual(before);
      } else {
        expect(decoder.decodeColumns(mutated, 0, mutated.length, columns)).toBe(expected.length);
        expect(ordersOf(columns).slice(before.length)).toEqual(expected.map(withoutId));
        columns.truncate(before.length);
      }
      expect(ordersOf(columns)).toEqual(held);
    }
    expect(refused).toBeGreaterThan(400);
  });
});
