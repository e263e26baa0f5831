import { categoriesOf, statisticTypeSpec, type CountableOrder, type StatisticType } from '@coffee/aggregation';

/** 2014-10-01 09:30:30 in Asia/Seoul (the original's sample day), epoch ms: a base-window start. */
export const T0 = Date.UTC(2014, 9, 1, 0, 30, 30);

const GRADES = ['1020', '2030', '3040'];
const PAYS = ['Cash', 'Credit', 'Debit'];
const COFFEES = ['Americano', 'Espresso', 'Caffe Latte', 'Flat White'];

/**
 * `count` deterministic orders of `branch` starting at `t` (one per `stepMs`), cycling through a
 * few grades, payments and 1–2 cups; `seed` shifts the cycle.
 */
export function sampleOrders(count: number, options: { branch?: string; t?: number; stepMs?: number; seed?: number } = {}): CountableOrder[] {
  const seed = options.seed ?? 0;
  return Array.from({ length: count }, (_, i) => {
    const k = i + seed;
    return {
      branch: options.branch ?? 'jeongja',
      timestamp: (options.t ?? T0) + i * (options.stepMs ?? 10),
      customerAgeGrade: GRADES[k % GRADES.length] ?? '2030',
      paymentMethod: PAYS[(k >> 1) % PAYS.length] ?? 'Cash',
      orders: k % 2 === 0 ? [COFFEES[k % COFFEES.length] ?? 'Americano'] : ['Americano', COFFEES[(k + 1) % COFFEES.length] ?? 'Espresso'],
    };
  });
}

/** Expected count per category of one statistic over `orders` (what a window hash must hold). */
export function expectedCounts(orders: readonly CountableOrder[], type: StatisticType): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const order of orders) {
    const fields = categoriesOf(statisticTypeSpec(type), order);
    for (const field of fields) {
      counts[field] = (counts[field] ?? 0) + 1;
    }
  }
  return counts;
}
