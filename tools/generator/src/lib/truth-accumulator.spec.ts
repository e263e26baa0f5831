// Covers TruthAccumulator: expected hashes per branch and `*`, four resolutions, every statistic type, window edges, DST.
import { STATISTIC_TYPES } from '@coffee/aggregation';
import type { CoffeeOrder } from '@coffee/order-schema';
import { TruthAccumulator } from './truth-accumulator';

/** Epoch ms of a Seoul (UTC+9, no DST) wall-clock time on 2014-10-01. */
const seoul = (h: number, m: number, s: number, ms = 0): number => Date.UTC(2014, 9, 1, h - 9, m, s, ms);

const order = (branch: string, orders: string[], paymentMethod: string, customerAgeGrade: string, timestamp?: number): CoffeeOrder => ({
  branch,
  orders,
  paymentMethod,
  customerAgeGrade,
  ...(timestamp === undefined ? {} : { timestamp }),
});

describe('TruthAccumulator', () => {
  const truth = new TruthAccumulator('Asia/Seoul', 30);
  truth.add(order('jeongja', ['Americano', 'Espresso', 'Americano'], 'Cash', '2030', seoul(9, 30, 15)));
  truth.add(order('sunae', ['Americano'], 'Credit', '1020', seoul(9, 30, 29, 999)));
  truth.add(order('jeongja', ['Caffe Latte'], 'Cash', '2030', seoul(9, 30, 30)));
  truth.add(order('jeongja', ['Flat White'], 'Debit', '9999', seoul(9, 59, 59, 999)));
  truth.add(order('jeongja', ['Cappuccino'], 'Debit', '9999', seoul(10, 0, 0)));
  const doc = truth.toDocument();

  it('carries the configuration and totals', () => {
    expect(doc).toMatchObject({ timeZone: 'Asia/Seoul', windowSizeSeconds: 30, orders: 5, cups: 7 });
  });

  it.each([
    // Base windows: 09:30:15 and 09:30:29.999 share 093000; 09:30:30.000 opens 093030.
    ['jeongja:20141001093000:Orders', { Americano: 2, Espresso: 1 }],
    ['jeongja:20141001093000:PaymentMethods', { Cash: 1 }],
    ['jeongja:20141001093000:CustomerAgeGrades', { '2030': 1 }],
    ['sunae:20141001093000:Orders', { Americano: 1 }],
    ['*:20141001093000:Orders', { Americano: 3, Espresso: 1 }],
    ['*:20141001093000:CustomerAgeGrades', { '1020': 1, '2030': 1 }],
    ['jeongja:20141001093030:Orders', { 'Caffe Latte': 1 }],
    ['jeongja:20141001095930:PaymentMethods', { Debit: 1 }],
    ['jeongja:20141001100000:PaymentMethods', { Debit: 1 }],
    // Minute, hour and day rollups.
    ['jeongja:201410010930:Orders', { Americano: 2, Espresso: 1, 'Caffe Latte': 1 }],
    ['*:201410010930:PaymentMethods', { Cash: 2, Credit: 1 }],
    ['jeongja:2014100109:PaymentMethods', { Cash: 2, Debit: 1 }],
    ['jeongja:2014100110:PaymentMethods', { Debit: 1 }],
    ['jeongja:20141001:CustomerAgeGrades', { '2030': 2, '9999': 2 }],
    ['*:20141001:Orders', { Americano: 3, Espresso: 1, 'Caffe Latte': 1, 'Flat White': 1, Cappuccino: 1 }],
    ['*:20141001:PaymentMethods', { Cash: 2, Credit: 1, Debit: 2 }],
    // Cups per order: the 3-cup order and the 1-cup ones.
    ['jeongja:20141001093000:OrderSizes', { '3': 1 }],
    ['*:20141001093000:OrderSizes', { '1': 1, '3': 1 }],
    ['*:20141001:OrderSizes', { '1': 4, '3': 1 }],
  ])('%s holds %p', (key, counts) => {
    expect(doc.hashes[key]).toEqual(counts);
  });

  it('has a hash for every branch and *, every resolution and type, and no other', () => {
    // Base windows: jeongja 4 (093000, 093030, 095930, 100000), sunae 1, * 4.
    // Minutes: jeongja 3 (0930, 0959, 1000), sunae 1, * 3. Hours: 2, 1, 2. Days: 1, 1, 1.
    const windows = 4 + 1 + 4 + (3 + 1 + 3) + (2 + 1 + 2) + (1 + 1 + 1);
    expect(Object.keys(doc.hashes)).toHaveLength(windows * STATISTIC_TYPES.length);
    expect(Object.keys(doc.hashes)).toEqual([...Object.keys(doc.hashes)].sort());
  });

  it('sums per-order types to the order count and Orders to the cup count, per resolution', () => {
    for (const length of [14, 12, 10, 8]) {
      const sum = (type: string): number =>
        Object.entries(doc.hashes)
          .filter(([key]) => key.startsWith('*:') && key.split(':')[1].length === length && key.endsWith(`:${type}`))
          .reduce((total, [, counts]) => total + Object.values(counts).reduce((a, b) => a + b, 0), 0);
      expect([sum('CustomerAgeGrades'), sum('PaymentMethods'), sum('Orders'), sum('OrderSizes')]).toEqual([5, 5, 7, 5]);
    }
  });

  it('counts ten cups and more under OrderSizes 10+', () => {
    const t = new TruthAccumulator('UTC', 30);
    t.add(order('migeum', Array.from({ length: 9 }, () => 'Espresso'), 'Cash', '0010', 1_000));
    t.add(order('migeum', Array.from({ length: 10 }, () => 'Espresso'), 'Cash', '0010', 2_000));
    t.add(order('migeum', Array.from({ length: 25 }, () => 'Espresso'), 'Cash', '0010', 3_000));
    expect(t.toDocument().hashes['migeum:19700101000000:OrderSizes']).toEqual({ '10+': 2, '9': 1 });
  });

  it('aligns windows of other sizes to the epoch', () => {
    const t = new TruthAccumulator('UTC', 45);
    t.add(order('migeum', ['Espresso'], 'Cash', '0010', 90_000 + 44_999));
    t.add(order('migeum', ['Espresso'], 'Cash', '0010', 135_000));
    expect(Object.keys(t.toDocument().hashes).filter((k) => k.startsWith('migeum:') && k.endsWith(':Orders') && k.split(':')[1].length === 14)).toEqual([
      'migeum:19700101000130:Orders',
      'migeum:19700101000215:Orders',
    ]);
  });

  it('merges the two wall-clock copies of a DST fall-back hour into one window', () => {
    const t = new TruthAccumulator('America/New_York', 30);
    t.add(order('sunae', ['Espresso'], 'Cash', '0010', Date.UTC(2024, 10, 3, 5, 30, 0))); // 01:30 EDT
    t.add(order('sunae', ['Espresso'], 'Cash', '0010', Date.UTC(2024, 10, 3, 6, 30, 10))); // 01:30 EST
    expect(t.toDocument().hashes['sunae:20241103013000:Orders']).toEqual({ Espresso: 2 });
  });

  it('refuses orders without a timestamp', () => {
    expect(() => new TruthAccumulator('UTC', 30).add(order('sunae', ['Espresso'], 'Cash', '0010'))).toThrow('timestamp');
  });
});
