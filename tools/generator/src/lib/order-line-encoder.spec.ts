// Covers OrderLineEncoder: byte-identical to serializeOrder + '\n' for generated and unusual orders.
import { serializeOrder, type CoffeeOrder } from '@coffee/order-schema';
import { OrderGenerator } from './order-generator';
import { OrderLineEncoder } from './order-line-encoder';
import { Prng } from './prng';

const expected = (orders: CoffeeOrder[]): string => orders.map((o) => serializeOrder(o) + '\n').join('');
const decode = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');

describe('OrderLineEncoder', () => {
  it('matches serializeOrder for thousands of generated orders, with and without timestamps', () => {
    const generator = new OrderGenerator(new Prng(5));
    const prng = new Prng(6);
    const orders = Array.from({ length: 5_000 }, (_, i) => {
      const order = generator.next();
      if (i % 3 !== 0) {
        order.timestamp = i % 3 === 1 ? prng.nextInt(2 ** 32) * 2048 + prng.nextInt(2048) : prng.nextInt(1_000_000);
      }
      return order;
    });
    const encoder = new OrderLineEncoder(4096);
    orders.forEach((o) => encoder.append(o));
    expect(decode(encoder.take())).toBe(expected(orders));
  });

  it.each<[string, CoffeeOrder]>([
    ['timestamp 0', { branch: 'a', orders: ['x'], paymentMethod: 'p', customerAgeGrade: 'g', timestamp: 0 }],
    ['timestamp 999999', { branch: 'a', orders: ['x'], paymentMethod: 'p', customerAgeGrade: 'g', timestamp: 999_999 }],
    ['timestamp 1000000', { branch: 'a', orders: ['x'], paymentMethod: 'p', customerAgeGrade: 'g', timestamp: 1_000_000 }],
    ['timestamp 8.64e15', { branch: 'a', orders: ['x'], paymentMethod: 'p', customerAgeGrade: 'g', timestamp: 8.64e15 }],
    ['a fractional timestamp', { branch: 'a', orders: ['x'], paymentMethod: 'p', customerAgeGrade: 'g', timestamp: 12.5 }],
    ['an orderId', { branch: 'a', orders: ['x', 'y'], paymentMethod: 'p', customerAgeGrade: 'g', timestamp: 7, orderId: 'id-1' }],
    ['characters to escape and non-ASCII', { branch: '정자', orders: ['"q"', 'a\\b', 'n\nl', '\u0001', '☕', '\ud800'], paymentMethod: 'Cash', customerAgeGrade: '2030' }],
    ['an empty orders array', { branch: 'a', orders: [], paymentMethod: 'p', customerAgeGrade: 'g' }],
  ])('matches serializeOrder for %s', (_name, order) => {
    const encoder = new OrderLineEncoder(16);
    encoder.append(order);
    encoder.append(order);
    expect(decode(encoder.take())).toBe(expected([order, order]));
  });

  it('grows its buffer for a line larger than the chunk and starts fresh after take', () => {
    const encoder = new OrderLineEncoder(8);
    const big: CoffeeOrder = { branch: 'b', orders: ['x'.repeat(10_000)], paymentMethod: 'p', customerAgeGrade: 'g' };
    encoder.append(big);
    const first = encoder.take();
    expect(encoder.size).toBe(0);
    const small: CoffeeOrder = { branch: 'b', orders: ['y'], paymentMethod: 'p', customerAgeGrade: 'g' };
    encoder.append(small);
    expect(decode(first)).toBe(expected([big]));
    expect(decode(encoder.take())).toBe(expected([small]));
  });
});
