// Covers batch building: validation, receive-time stamping, compact serialization and dead letters.
import { OrderBatch } from './order-batch';

const RECEIVED = 1_700_000_000_000;

function batch(): OrderBatch {
  return new OrderBatch({ source: 'file:/x', maxLineBytes: 200, receivedAt: RECEIVED });
}

describe('OrderBatch', () => {
  it('stamps orders without a time with the receive time and keeps their own otherwise', () => {
    const b = batch();
    b.add('{ "branch": "sunae", "orders": ["Americano"], "paymentMethod": "Cash", "customerAgeGrade": "2030" }', 'p0');
    b.add(Buffer.from('{"branch":"sunae","orders":["Americano"],"paymentMethod":"Cash","customerAgeGrade":"2030","timestamp":5,"extra":1}'), 'p1');
    expect(b.lines).toEqual([
      `{"branch":"sunae","orders":["Americano"],"paymentMethod":"Cash","customerAgeGrade":"2030","timestamp":${RECEIVED}}`,
      '{"branch":"sunae","orders":["Americano"],"paymentMethod":"Cash","customerAgeGrade":"2030","timestamp":5}',
    ]);
    expect(b.deadLetters).toEqual([]);
  });

  it.each([
    ['{"branch":"sunae"}', 'MISSING_FIELD'],
    ['[1]', 'NOT_AN_OBJECT'],
    ['{', 'INVALID_JSON'],
    [Buffer.from([0x7b, 0xff, 0x7d]), 'INVALID_UTF8'],
    [`{"x":"${'y'.repeat(300)}"}`, 'LINE_TOO_LONG'],
  ])('rejects %j as %s into a dead letter', (raw, code) => {
    const b = batch();
    expect(b.add(raw, 'f@7')).toMatchObject({ code });
    expect(b.lines).toEqual([]);
    expect(b.deadLetters).toEqual([expect.objectContaining({ code, source: 'file:/x', position: 'f@7' })]);
    expect(b.rejectedByCode.get(code)).toBe(1);
  });

  it('keeps the raw text of a rejected line', () => {
    const b = batch();
    b.add(Buffer.from('not json'), 'p');
    expect(b.deadLetters[0].raw).toBe('not json');
  });
});
