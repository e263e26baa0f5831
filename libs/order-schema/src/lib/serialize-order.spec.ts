// Covers serializeOrder: compact key order and the round trip through parseOrderLine.
import { SAMPLE_ORDER_LINES } from '../testing';
import type { CoffeeOrder } from './coffee-order';
import { parseOrderLine } from './parse-order-line';
import { serializeOrder } from './serialize-order';

describe('serializeOrder', () => {
  it('writes compact JSON in the original key order, then timestamp and orderId', () => {
    const order: CoffeeOrder = { orderId: 'x1', timestamp: 1412123415250, customerAgeGrade: '2030', paymentMethod: 'Cash', orders: ['Americano', 'Espresso'], branch: 'jeongja' };
    expect(serializeOrder(order)).toBe(
      '{"branch":"jeongja","orders":["Americano","Espresso"],"paymentMethod":"Cash","customerAgeGrade":"2030","timestamp":1412123415250,"orderId":"x1"}',
    );
  });

  it('leaves out absent optional fields and unknown properties', () => {
    const order = { branch: 'sunae', orders: ['Espresso'], paymentMethod: 'Debit', customerAgeGrade: '9999', table: 7 };
    expect(serializeOrder(order)).toBe('{"branch":"sunae","orders":["Espresso"],"paymentMethod":"Debit","customerAgeGrade":"9999"}');
  });

  const roundTrips: [string, CoffeeOrder][] = [
    ...SAMPLE_ORDER_LINES.map((s, i): [string, CoffeeOrder] => [`sample ${i + 1}`, s.order]),
    ['with timestamp and id', { branch: 'migeum', orders: ['Flat White'], paymentMethod: 'Cash', customerAgeGrade: '0010', timestamp: 0, orderId: '0' }],
    ['with characters to escape', { branch: '정자-1', orders: ['"Quoted"', 'back\\slash', 'new\nline', '\u2028'], paymentMethod: 'Cash\t', customerAgeGrade: '\u0001' }],
  ];

  it.each(roundTrips)('round-trips %s', (_name, order) => {
    const line = serializeOrder(order);
    expect(line).not.toContain('\n');
    expect(parseOrderLine(line)).toStrictEqual({ ok: true, order });
  });
});
