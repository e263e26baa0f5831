// Covers compact order entries: round trips (objects and scanned canonical bytes), entry cuts, the dictionary bound, versioning, and seeded fuzzing of corrupted bodies.
import { SAMPLE_ORDER_LINES, seededRandom } from '../testing';
import { CompactEntryDecoder } from './compact-entry-decoder';
import { CompactEntryError, COMPACT_ENTRY_VERSION, isCompactEntry, MAX_COMPACT_DICTIONARY, type CompactOrderEntries, type TimedCoffeeOrder } from './compact-order-entries';
import { CompactOrderWriter } from './compact-order-writer';
import { parseOrderLine } from './parse-order-line';
import { MAX_TIMESTAMP_MS } from './order-timestamp';
import { CanonicalOrderFields, HAS_TIMESTAMP, NOT_CANONICAL, scanCanonicalOrderBytes } from './scan-canonical-order-bytes';
import { serializeOrder } from './serialize-order';

const T0 = Date.UTC(2026, 11, 6, 3, 0, 0);

/** Every entry of `entries`, decoded one by one. */
function decodeAll(entries: CompactOrderEntries, decoder = new CompactEntryDecoder()): TimedCoffeeOrder[][] {
  let from = 0;
  return Array.from(entries.ends, (end) => {
    const orders = decoder.decode(entries.bytes, from, end);
    from = end;
    return orders;
  });
}

const odd: TimedCoffeeOrder[] = [
  { branch: '정자', orders: ['카페 라떼', '🍵'], paymentMethod: 'Cash', customerAgeGrade: '2030', timestamp: T0 },
  { branch: 'sunae', orders: ['Americano'], paymentMethod: 'Ca"sh\\', customerAgeGrade: '2030', timestamp: 0, orderId: 'o-1' },
  { branch: 'lone', orders: ['\ud800x', 'Espresso', '\udc00'], paymentMethod: '', customerAgeGrade: '\u0000', timestamp: MAX_TIMESTAMP_MS, orderId: '\ud83d' },
  { branch: '__proto__', orders: ['constructor', 'x'.repeat(300)], paymentMethod: 'Debit', customerAgeGrade: '9999', timestamp: T0 - 86_400_000, orderId: '' },
];

describe('CompactOrderWriter and CompactEntryDecoder', () => {
  it('give back every order added, in order, whatever its strings and times', () => {
    const orders = [...SAMPLE_ORDER_LINES.map((s, i) => ({ ...s.order, timestamp: T0 + i * 37 })), ...odd];
    const writer = new CompactOrderWriter();
    orders.forEach((order) => writer.addOrder(order));
    const entries = writer.finish();
    expect(Array.from(entries.counts)).toEqual([orders.length]);
    expect(decodeAll(entries)).toEqual([orders]);
    expect(isCompactEntry(entries.bytes)).toBe(true);
  });

  it('cuts entries at maxOrdersPerEntry; each entry decodes on its own', () => {
    const orders = Array.from({ length: 10 }, (_, i) => ({ ...SAMPLE_ORDER_LINES[i % SAMPLE_ORDER_LINES.length].order, timestamp: T0 - i * 1000 }));
    const writer = new CompactOrderWriter(4);
    orders.forEach((order) => writer.addOrder(order));
    expect(writer.count).toBe(10);
    const entries = writer.finish();
    expect(Array.from(entries.counts)).toEqual([4, 4, 2]);
    expect(entries.ends[entries.ends.length - 1]).toBe(entries.bytes.length);
    expect(decodeAll(entries)).toEqual([orders.slice(0, 4), orders.slice(4, 8), orders.slice(8)]);
    expect(new CompactOrderWriter().finish()).toEqual({ format: 'compact-v1', bytes: new Uint8Array(0), ends: new Int32Array(0), counts: new Int32Array(0) });
  });

  it('writes a scanned canonical line as the order parseOrderLine gives for it, stamped', () => {
    const fields = new CanonicalOrderFields();
    const lines = [
      ...SAMPLE_ORDER_LINES.map((s) => serializeOrder(s.order)),
      serializeOrder({ ...SAMPLE_ORDER_LINES[0].order, timestamp: 5, orderId: 'id-7' }),
      serializeOrder({ ...SAMPLE_ORDER_LINES[2].order, orderId: 'x' }),
    ];
    const byScan = new CompactOrderWriter(3);
    const byObject = new CompactOrderWriter(3);
    const expected: TimedCoffeeOrder[] = [];
    for (const line of lines) {
      const bytes = new TextEncoder().encode(`  ${line}`);
      const scan = scanCanonicalOrderBytes(bytes, 2, bytes.length, fields);
      expect(scan).not.toBe(NOT_CANONICAL);
      const timestamp = scan === HAS_TIMESTAMP ? fields.timestamp : T0;
      byScan.addScanned(bytes, fields, timestamp);
      const parsed = parseOrderLine(line);
      if (!parsed.ok) {
        throw new Error(parsed.error.message);
      }
      const order = { ...parsed.order, timestamp: parsed.order.timestamp ?? T0 };
      byObject.addOrder(order);
      expect(order.timestamp).toBe(timestamp);
      expect(serializeOrder(order)).toBe(scan === HAS_TIMESTAMP ? line : line.replace(/(,"orderId"|\}$)/, `,"timestamp":${T0}$1`));
      expected.push(order);
    }
    const scanned = byScan.finish();
    expect(decodeAll(scanned).flat()).toEqual(expected);
    expect(decodeAll(byObject.finish()).flat()).toEqual(expected);
  });

  it('shares one string per dictionary value across entries', () => {
    const writer = new CompactOrderWriter(1);
    writer.addOrder({ ...SAMPLE_ORDER_LINES[0].order, timestamp: T0 });
    writer.addOrder({ ...SAMPLE_ORDER_LINES[0].order, timestamp: T0 });
    const [[a], [b]] = decodeAll(writer.finish());
    expect(a).toEqual(b);
    expect(Object.is(a.branch, b.branch)).toBe(true);
  });

  it('is a fraction of the JSON lines it stands for', () => {
    const writer = new CompactOrderWriter();
    let json = 0;
    for (let i = 0; i < 500; i++) {
      const order = { ...SAMPLE_ORDER_LINES[i % SAMPLE_ORDER_LINES.length].order, timestamp: T0 + i };
      json += serializeOrder(order).length + 1;
      writer.addOrder(order);
    }
    expect(writer.finish().bytes.length).toBeLessThan(json / 8);
  });

  it(`closes an entry early rather than let its dictionary pass ${MAX_COMPACT_DICTIONARY} values`, () => {
    const writer = new CompactOrderWriter(500);
    const orders = Array.from({ length: 500 }, (_, i) => ({ branch: `b${i}`, orders: [`c${i}`, `d${i}`], paymentMethod: 'Cash', customerAgeGrade: '2030', timestamp: T0 }));
    orders.forEach((order) => writer.addOrder(order));
    const entries = writer.finish();
    expect(entries.counts.length).toBeGreaterThan(1);
    expect(Array.from(entries.counts).reduce((a, n) => a + n, 0)).toBe(500);
    expect(decodeAll(entries).flat()).toEqual(orders);
    let from = 0;
    for (const end of entries.ends) {
      // The dictionary size is the varint after the 2-byte header.
      let size = 0;
      for (let i = from + 2, scale = 1; ; i++, scale *= 128) {
        size += (entries.bytes[i] & 0x7f) * scale;
        if (entries.bytes[i] < 0x80) {
          break;
        }
      }
      expect(size).toBeLessThanOrEqual(MAX_COMPACT_DICTIONARY);
      from = end;
    }
  });

  it.each<[string, (body: Uint8Array) => Uint8Array, RegExp]>([
    ['an unknown version', (b) => Uint8Array.from([0, COMPACT_ENTRY_VERSION + 1, ...b.subarray(2)]), /version 2 is not supported/],
    ['a JSON line', () => new TextEncoder().encode('{"branch":"x"}'), /not a compact entry/],
    ['a body cut short', (b) => b.subarray(0, b.length - 1), /ends early|past the entry's end|out of range|cups/],
    ['an empty body', () => new Uint8Array(0), /ends early/],
    ['a dictionary id out of range', (b) => Uint8Array.from([...b, 2, 99, 0, 0, 0, 0]), /dictionary id 99 out of range/],
    ['a record without cups', (b) => Uint8Array.from([...b, 0, 0, 0, 0, 0]), /record of 0 cups/],
    ['a time out of range', (b) => Uint8Array.from([...b, 2, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f, 0]), /order time .* out of range/],
    ['a number over 8 bytes', (b) => Uint8Array.from([...b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), /longer than 8 bytes/],
  ])('refuses %s with a CompactEntryError', (_name, corrupt, message) => {
    const writer = new CompactOrderWriter();
    writer.addOrder({ ...SAMPLE_ORDER_LINES[0].order, timestamp: T0 });
    const body = corrupt(writer.finish().bytes);
    expect(() => new CompactEntryDecoder().decode(body)).toThrow(CompactEntryError);
    expect(() => new CompactEntryDecoder().decode(body)).toThrow(message);
  });

  it('refuses orders it cannot hold', () => {
    const writer = new CompactOrderWriter();
    expect(() => writer.addOrder({ ...SAMPLE_ORDER_LINES[0].order, timestamp: 1.5 })).toThrow(RangeError);
    expect(() => writer.addOrder({ ...SAMPLE_ORDER_LINES[0].order, orders: [], timestamp: T0 })).toThrow(RangeError);
    expect(() => new CompactOrderWriter(0)).toThrow(RangeError);
  });

  it('fuzz: corrupted entries decode to well-formed orders or a CompactEntryError, nothing else', () => {
    const rnd = seededRandom(18);
    const decoder = new CompactEntryDecoder();
    const writer = new CompactOrderWriter(20);
    for (let i = 0; i < 200; i++) {
      writer.addOrder(i % 17 === 0 ? odd[i % odd.length] : { ...SAMPLE_ORDER_LINES[i % SAMPLE_ORDER_LINES.length].order, timestamp: T0 + Math.floor(rnd() * 1e6) - 5e5 });
    }
    const entries = writer.finish();
    const bodies: Uint8Array[] = [];
    let from = 0;
    for (const end of entries.ends) {
      bodies.push(entries.bytes.slice(from, end));
      from = end;
    }
    let refused = 0;
    const malformed: unknown[] = [];
    for (let round = 0; round < 5000; round++) {
      const body = Uint8Array.from(bodies[round % bodies.length]);
      const kind = round % 4;
      let mutated: Uint8Array = body;
      if (kind === 0) {
        body[Math.floor(rnd() * body.length)] ^= 1 << Math.floor(rnd() * 8);
      } else if (kind === 1) {
        mutated = body.subarray(0, Math.floor(rnd() * body.length));
      } else if (kind === 2) {
        body[2 + Math.floor(rnd() * (body.length - 2))] = Math.floor(rnd() * 256);
      } else {
        mutated = Uint8Array.from({ length: Math.floor(rnd() * 64) }, (_, i) => (i < 2 ? i : Math.floor(rnd() * 256)));
      }
      try {
        for (const order of decoder.decode(mutated)) {
          const wellFormed =
            typeof order.branch === 'string' &&
            typeof order.paymentMethod === 'string' &&
            typeof order.customerAgeGrade === 'string' &&
            order.orders.length > 0 &&
            order.orders.every((cup) => typeof cup === 'string') &&
            Number.isSafeInteger(order.timestamp) &&
            order.timestamp >= 0 &&
            order.timestamp <= MAX_TIMESTAMP_MS &&
            (order.orderId === undefined || typeof order.orderId === 'string');
          if (!wellFormed) {
            malformed.push(order);
          }
        }
      } catch (error) {
        if (!(error instanceof CompactEntryError)) {
          malformed.push(error);
        }
        refused++;
      }
    }
    expect(malformed).toEqual([]);
    expect(refused).toBeGreaterThan(1000);
  });
});
