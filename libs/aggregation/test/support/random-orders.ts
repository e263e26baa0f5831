// Test support: a seeded PRNG and random orders, so property tests are reproducible without extra deps.
import type { CountableOrder } from '../../src';

/** mulberry32, the PRNG every suite seeds its data with. */
export { seededRandom as prng } from '@coffee/order-schema/testing';

export const BRANCHES = ['jeongja', 'seohyeon', 'sunae', 'migeum'] as const;
export const COFFEES = ['Espresso', 'Espresso Macchiato', 'Espresso con Panna', 'Caffe Latte', 'Flat White', 'Cafe Breve', 'Cappuccino', 'Caffe Mocha', 'Americano'] as const;
export const PAYMENTS = ['Cash', 'Credit', 'Debit'] as const;
export const AGE_GRADES = ['0010', '1020', '2030', '3040', '4050', '5060', '6070', '7080', '8090', '9999'] as const;

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

export interface RandomOrderOptions {
  /** Earliest timestamp, epoch ms. */
  from: number;
  /** Span of timestamps, ms. */
  spanMs: number;
  /** Most cups per order. Default 4. */
  maxCups?: number;
  /** Chance of an unknown coffee name / payment method per draw. Default 0.05. */
  unknownRate?: number;
}

/** `count` random orders over the sample vocabulary, with a few unknown names mixed in. */
export function randomOrders(random: () => number, count: number, options: RandomOrderOptions): CountableOrder[] {
  const maxCups = options.maxCups ?? 4;
  const unknownRate = options.unknownRate ?? 0.05;
  const orders: CountableOrder[] = [];
  for (let i = 0; i < count; i++) {
    const cups = 1 + Math.floor(random() * maxCups);
    orders.push({
      branch: pick(random, BRANCHES),
      orders: Array.from({ length: cups }, () => (random() < unknownRate ? 'Dalgona Coffee' : pick(random, COFFEES))),
      paymentMethod: random() < unknownRate ? 'Crypto' : pick(random, PAYMENTS),
      customerAgeGrade: pick(random, AGE_GRADES),
      timestamp: options.from + Math.floor(random() * options.spanMs),
    });
  }
  return orders;
}
