// Covers OrderGenerator: orders drawn from the sample vocabularies, 1–10 coffees, uniform, seeded.
import { AGE_GRADES, BRANCHES, COFFEE_NAMES, PAYMENT_METHODS, parseOrderLine, serializeOrder } from '@coffee/order-schema';
import { MAX_COFFEES_PER_ORDER, OrderGenerator } from './order-generator';
import { Prng } from './prng';

describe('OrderGenerator', () => {
  const N = 20_000;
  const orders = (() => {
    const generator = new OrderGenerator(new Prng(11));
    return Array.from({ length: N }, () => generator.next());
  })();

  it('draws only sample values, 1..10 coffees, and valid lines', () => {
    const bad = orders.filter(
      (o) =>
        !(BRANCHES as readonly string[]).includes(o.branch) ||
        !(PAYMENT_METHODS as readonly string[]).includes(o.paymentMethod) ||
        !(AGE_GRADES as readonly string[]).includes(o.customerAgeGrade) ||
        o.orders.length < 1 ||
        o.orders.length > MAX_COFFEES_PER_ORDER ||
        o.orders.some((c) => !(COFFEE_NAMES as readonly string[]).includes(c)) ||
        o.timestamp !== undefined,
    );
    expect(bad).toEqual([]);
    expect(parseOrderLine(serializeOrder(orders[0]))).toEqual({ ok: true, order: orders[0] });
  });

  it.each([
    ['branch', BRANCHES.length, (o: (typeof orders)[number]): string[] => [o.branch]],
    ['paymentMethod', PAYMENT_METHODS.length, (o: (typeof orders)[number]): string[] => [o.paymentMethod]],
    ['customerAgeGrade', AGE_GRADES.length, (o: (typeof orders)[number]): string[] => [o.customerAgeGrade]],
    ['coffee', COFFEE_NAMES.length, (o: (typeof orders)[number]): string[] => o.orders],
    ['coffee count', MAX_COFFEES_PER_ORDER, (o: (typeof orders)[number]): string[] => [String(o.orders.length)]],
  ])('draws every %s about equally often', (_what, values, of) => {
    const counts = new Map<string, number>();
    for (const order of orders) {
      for (const v of of(order)) {
        counts.set(v, (counts.get(v) ?? 0) + 1);
      }
    }
    expect(counts.size).toBe(values);
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    for (const c of counts.values()) {
      expect(Math.abs(c - total / values)).toBeLessThan((total / values) * 0.1);
    }
  });

  it('repeats its sequence for the same seed', () => {
    const again = new OrderGenerator(new Prng(11));
    expect(Array.from({ length: 100 }, () => again.next())).toEqual(orders.slice(0, 100));
  });
});
