// Covers the entry format (pack lines into n/o entries, decode them back, bad lines → dead letters) and UTF-8-safe truncation.
import { CompactOrderWriter } from '@coffee/order-schema';
import { orderLine, orderLines } from '../../test/support/redis-io.fixtures';
import { deadLetterArgs, truncateUtf8 } from './dead-letter.codec';
import { decodeOrderEntry, encodeOrderEntries } from './order-entry.codec';
import { decodePosition, encodePosition } from './source-position.codec';
import { compareStreamIds, nextStreamId } from './stream-id';
import type { EncodedOrderLines } from './stream.contracts';

function encoded(lines: string[]): EncodedOrderLines {
  const ends = new Int32Array(lines.length);
  let at = -1;
  lines.forEach((line, i) => {
    at += 1 + Buffer.byteLength(line);
    ends[i] = at;
  });
  return { bytes: Buffer.from(lines.join('\n')), ends };
}

describe('encodeOrderEntries', () => {
  it.each([
    [0, 500, []],
    [1, 500, [1]],
    [500, 500, [500]],
    [501, 500, [500, 1]],
    [1_234, 500, [500, 500, 234]],
    [5, 2, [2, 2, 1]],
  ])('%i lines, at most %i per entry → entry sizes %j', (count, max, sizes) => {
    const lines = orderLines(count);
    const args = encodeOrderEntries(lines, max);
    const counts = args.filter((_, i) => i % 2 === 0).map(Number);
    expect(counts).toEqual(sizes);
    const back = args.filter((_, i) => i % 2 === 1).flatMap((body) => body.toString().split('\n'));
    expect(back).toEqual(lines);
  });

  it.each([
    [0, 500, []],
    [1, 500, [1]],
    [501, 500, [500, 1]],
    [5, 2, [2, 2, 1]],
  ])('encoded: %i lines, at most %i per entry → entry sizes %j, bodies are views of the bytes', (count, max, sizes) => {
    const lines = orderLines(count);
    const args = encodeOrderEntries(encoded(lines), max);
    expect(args.filter((_, i) => i % 2 === 0).map(Number)).toEqual(sizes);
    expect(args.filter((_, i) => i % 2 === 1).flatMap((body) => body.toString().split('\n'))).toEqual(lines);
  });

  it.each([
    ['a newline inside a line', () => encoded(['{"a":1}', '{"b":\n2}']), 'order line 1 contains a newline'],
    ['ends off the separators', () => ({ ...encoded(['{"a":1}', '{"b":2}']), ends: Int32Array.of(6, 15) }), 'order line 0 does not end'],
    ['ends short of the bytes', () => ({ ...encoded(['{"a":1}', '{"b":2}']), ends: Int32Array.of(7) }), 'end at byte 7'],
  ])('refuses encoded lines with %s', (_what, make, message) => {
    expect(() => encodeOrderEntries(make(), 10)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining(message) }));
  });

  it('writes compact entries as cut by their writer, each body a view of their bytes', () => {
    const writer = new CompactOrderWriter(2);
    for (let i = 0; i < 5; i++) {
      writer.addOrder({ branch: 'sunae', orders: ['Espresso'], paymentMethod: 'Cash', customerAgeGrade: '2030', timestamp: 1_000 + i });
    }
    const entries = writer.finish();
    const args = encodeOrderEntries(entries, 2);
    expect(args.filter((_, i) => i % 2 === 0)).toEqual(['2', '2', '1']);
    const bodies = args.filter((_, i) => i % 2 === 1) as Buffer[];
    expect(bodies.every((body) => body.buffer === entries.bytes.buffer)).toBe(true);
    expect(Buffer.concat(bodies)).toEqual(Buffer.from(entries.bytes));
    // More orders per entry than the sink allows, or counts that do not match the bytes: refused.
    expect(() => encodeOrderEntries(entries, 1)).toThrow(/1\.\.1 allowed/);
    expect(() => encodeOrderEntries({ ...entries, counts: entries.counts.subarray(1) }, 2)).toThrow(/do not match/);
  });

  it('refuses a line containing a newline', () => {
    expect(() => encodeOrderEntries(['{"a":1}', '{"b":\n2}'], 10)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining('order line 1') }));
  });
});

describe('decodeOrderEntry', () => {
  it('parses every line of a well-formed entry', () => {
    const lines = orderLines(3);
    const { entry, rejected } = decodeOrderEntry('s', '1-0', ['n', '3', 'o', lines.join('\n')]);
    expect({ id: entry.id, lines: entry.lines, orders: entry.orders }).toEqual({ id: '1-0', lines, orders: lines.map((line) => JSON.parse(line)) });
    expect(rejected).toEqual([]);
  });

  it('decodes Buffer fields, canonical and other lines alike, to what JSON.parse gives', () => {
    const lines = [
      '{"branch":"sunae","orders":["Americano","Espresso"],"paymentMethod":"Cash","customerAgeGrade":"2030","timestamp":1412123415250}',
      '{"branch": "sunae", "orders": ["Caffè"], "paymentMethod": "Cash", "customerAgeGrade": "2030", "extra": 1}',
      '{"branch":"정자","orders":["Americano"],"paymentMethod":"Debit","customerAgeGrade":"9999","orderId":"o-9"}',
    ];
    const { entry, rejected } = decodeOrderEntry('s', '2-0', [Buffer.from('n'), Buffer.from('3'), Buffer.from('o'), Buffer.from(lines.join('\n'))]);
    expect(entry.orders).toEqual(lines.map((line) => JSON.parse(line)));
    expect(entry.lines).toEqual(lines);
    expect(rejected).toEqual([]);
  });

  it.each([
    ['not JSON', '{"branch":', 'INVALID_JSON'],
    ['not an order', '{"branch":"x"}', 'INVALID_ORDER'],
    ['a number', '42', 'INVALID_ORDER'],
    ['two values on one line', '1,2', 'INVALID_JSON'],
  ])('dead-letters a line that is %s and keeps the others', (_what, bad, code) => {
    const body = [orderLine(1), bad, orderLine(2)].join('\n');
    const { entry, rejected } = decodeOrderEntry('s', '5-1', ['n', '3', 'o', body]);
    expect(entry.lines).toEqual([orderLine(1), orderLine(2)]);
    expect(entry.orders.map((order) => order.orderId)).toEqual(['o-1', 'o-2']);
    expect(rejected).toEqual([expect.objectContaining({ raw: bad, code, source: 's', position: '5-1#1' })]);
  });

  it('gives an empty entry for a deleted one and a dead letter for a foreign one', () => {
    const deleted = decodeOrderEntry('s', '1-1', null);
    expect([deleted.entry.id, deleted.entry.orders, deleted.entry.lines, deleted.rejected]).toEqual(['1-1', [], [], []]);
    const foreign = decodeOrderEntry('s', '1-2', ['order', '{}']);
    expect(foreign.entry.orders).toEqual([]);
    expect(foreign.rejected).toEqual([expect.objectContaining({ code: 'BAD_ENTRY', position: '1-2' })]);
  });
});

describe('truncateUtf8', () => {
  it.each([
    ['abc', 10, 'abc'],
    ['abcdef', 4, 'abcd'],
    ['aé', 2, 'a'],
    ['aé', 3, 'aé'],
    ['a한', 3, 'a'],
    ['a한', 4, 'a한'],
    ['a😀b', 4, 'a'],
    ['a😀b', 5, 'a😀'],
    ['', 0, ''],
  ])('%j cut to %i bytes → %j', (text, max, expected) => {
    expect(truncateUtf8(text, max)).toBe(expected);
  });

  it('keeps the full size beside a truncated raw', () => {
    const raw = 'x'.repeat(5_000);
    const [truncated, , , , , rawBytes] = deadLetterArgs({ raw, code: 'C', message: 'm', source: 's', position: 'p' }, 4_096);
    expect(truncated).toHaveLength(4_096);
    expect(rawBytes).toBe('5000');
  });
});

describe('source positions and stream ids', () => {
  it('round-trips a position and rejects garbage', () => {
    const position = { sourceId: '/var/log/orders.log', fileId: '2049:1234', offset: 4_096 };
    expect(decodePosition(position.sourceId, encodePosition(position))).toEqual(position);
    expect(() => decodePosition('s', 'garbage')).toThrow(expect.objectContaining({ code: 'UNEXPECTED_REPLY' }));
    expect(() => encodePosition({ ...position, offset: -1 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => encodePosition({ ...position, sourceId: '' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it.each([
    ['1-0', '1-1', -1],
    ['2-0', '1-9', 1],
    ['10-0', '9-0', 1],
    ['5-5', '5-5', 0],
    ['1700000000000-18446744073709551615', '1700000000001-0', -1],
  ])('compares %s with %s', (a, b, sign) => {
    expect(Math.sign(compareStreamIds(a, b))).toBe(sign);
  });

  it.each([
    ['0-0', '0-1'],
    ['1526919030474-55', '1526919030474-56'],
    ['7-18446744073709551615', '8-0'],
  ])('the id after %s is %s', (id, next) => {
    expect(nextStreamId(id)).toBe(next);
  });
});
