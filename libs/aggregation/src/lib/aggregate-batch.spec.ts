// Covers aggregateBatch: per-type counting, every resolution, the `*` roll-up, window edges, DST folds, minimality and input errors.
import { errorCode } from '../../test/support/error-code';
import { prng, randomOrders } from '../../test/support/random-orders';
import { aggregateBatch } from './aggregate-batch';
import { ALL_BRANCHES, STATISTIC_TYPES, type BatchDelta } from './contracts';
import type { CountableOrder } from './countable-order';
import { Windowing } from './windowing';

const seoul = new Windowing();
const T = Date.UTC(2014, 9, 1, 0, 30, 30); // 2014-10-01 09:30:30 KST, a window start

function order(overrides: Partial<CountableOrder> = {}): CountableOrder {
  return { branch: 'jeongja', orders: ['Americano'], paymentMethod: 'Cash', customerAgeGrade: '2030', timestamp: T, ...overrides };
}

/** `branch:date:type` → fields as a plain object, for readable assertions. */
function plain(delta: BatchDelta): Record<string, Record<string, number>> {
  return Object.fromEntries(delta.hashes.map((h) => [`${h.branch}:${h.date}:${h.type}`, Object.fromEntries(h.fields)]));
}

describe('aggregateBatch', () => {
  it.each([
    ['an empty array', []],
    ['an empty generator', (function* () {})()],
  ])('returns no hashes for %s', (_name, orders: Iterable<CountableOrder>) => {
    expect(aggregateBatch(orders, seoul)).toEqual({ hashes: [], orders: 0, cups: 0 });
  });

  it('counts a 1-cup order once per type, resolution and branch (plus *)', () => {
    const delta = aggregateBatch([order()], seoul);
    expect([delta.orders, delta.cups, delta.hashes.length]).toEqual([1, 1, 2 * 4 * STATISTIC_TYPES.length]);
    const dates = ['20141001093030', '201410010930', '2014100109', '20141001'];
    const expected: Record<string, Record<string, number>> = {};
    for (const branch of [ALL_BRANCHES, 'jeongja']) {
      for (const date of dates) {
        expected[`${branch}:${date}:CustomerAgeGrades`] = { '2030': 1 };
        expected[`${branch}:${date}:PaymentMethods`] = { Cash: 1 };
        expected[`${branch}:${date}:Orders`] = { Americano: 1 };
        expected[`${branch}:${date}:OrderSizes`] = { '1': 1 };
      }
    }
    expect(plain(delta)).toEqual(expected);
    expect(delta.hashes.filter((h) => h.branch === 'jeongja').map((h) => [h.resolution, h.start])).toEqual([
      ...Array<[string, number]>(STATISTIC_TYPES.length).fill(['30s', T]),
      ...Array<[string, number]>(STATISTIC_TYPES.length).fill(['1m', T - 30_000]),
      ...Array<[string, number]>(STATISTIC_TYPES.length).fill(['1h', Date.UTC(2014, 9, 1, 0)]),
      ...Array<[string, number]>(STATISTIC_TYPES.length).fill(['1d', Date.UTC(2014, 8, 30, 15)]),
    ]);
  });

  it.each([
    ['ten of one coffee', Array<string>(10).fill('Americano'), { Americano: 10 }],
    ['ten mixed, with repeats and unknown names', ['Espresso', 'Latte Art Special', 'Espresso', 'Flat White', 'Dalgona Coffee', 'Espresso', 'Cappuccino', 'Flat White', 'Latte Art Special', 'Americano'], { Americano: 1, Cappuccino: 1, 'Dalgona Coffee': 1, Espresso: 3, 'Flat White': 2, 'Latte Art Special': 2 }],
    ['no cups', [], undefined],
  ])('counts a 10-cup order per cup and once per order: %s', (_name, cups, expectedOrders) => {
    const delta = aggregateBatch([order({ orders: cups, paymentMethod: 'Crypto', customerAgeGrade: '0000' })], seoul);
    const hashes = plain(delta);
    expect([delta.orders, delta.cups]).toEqual([1, cups.length]);
    expect(hashes['jeongja:20141001093030:Orders']).toEqual(expectedOrders);
    expect(hashes['*:20141001:Orders']).toEqual(expectedOrders);
    expect(hashes['jeongja:201410010930:PaymentMethods']).toEqual({ Crypto: 1 });
    expect(hashes['jeongja:201410010930:OrderSizes']).toEqual({ [cups.length >= 10 ? '10+' : String(cups.length)]: 1 });
    expect(hashes['*:2014100109:CustomerAgeGrades']).toEqual({ '0000': 1 });
    if (expectedOrders !== undefined) {
      expect(Object.keys(expectedOrders)).toEqual(Object.keys(expectedOrders).sort());
      expect([...(delta.hashes.find((h) => h.type === 'Orders')?.fields.keys() ?? [])]).toEqual(Object.keys(expectedOrders));
    }
  });

  it.each([
    ['t = start', T, '20141001093030'],
    ['t = start + size - 1', T + 29_999, '20141001093030'],
    ['t = start + size', T + 30_000, '20141001093100'],
  ])('puts an order at %s in window %s', (_name, timestamp, date) => {
    const delta = aggregateBatch([order({ timestamp })], seoul);
    expect(delta.hashes.filter((h) => h.resolution === '30s').map((h) => h.date)).toEqual(Array<string>(2 * STATISTIC_TYPES.length).fill(date));
  });

  it('rolls every branch up under * (the sum of the branches), at every resolution', () => {
    const orders = randomOrders(prng(11), 2_000, { from: Date.UTC(2024, 1, 28, 14), spanMs: 2 * 3_600_000 });
    const delta = aggregateBatch(orders, seoul);
    const sums = new Map<string, Map<string, number>>();
    for (const h of delta.hashes.filter((x) => x.branch !== ALL_BRANCHES)) {
      const key = `${h.resolution}:${h.date}:${h.type}`;
      const sum = sums.get(key) ?? new Map<string, number>();
      for (const [field, n] of h.fields) {
        sum.set(field, (sum.get(field) ?? 0) + n);
      }
      sums.set(key, sum);
    }
    const all = delta.hashes.filter((h) => h.branch === ALL_BRANCHES);
    expect(all).toHaveLength(sums.size);
    for (const h of all) {
      expect(Object.fromEntries(h.fields)).toEqual(Object.fromEntries([...(sums.get(`${h.resolution}:${h.date}:${h.type}`) ?? [])].sort()));
    }
    // Totals: per resolution, * counts every order and every cup.
    for (const r of seoul.resolutions) {
      const total = (type: string): number => all.filter((h) => h.resolution === r && h.type === type).reduce((n, h) => n + [...h.fields.values()].reduce((a, b) => a + b, 0), 0);
      expect([total('CustomerAgeGrades'), total('PaymentMethods'), total('Orders')]).toEqual([delta.orders, delta.orders, delta.cups]);
    }
  });

  it('is minimal: one hash per key, no zero fields, starts as parsed', () => {
    const delta = aggregateBatch(randomOrders(prng(5), 500, { from: T, spanMs: 600_000 }), seoul);
    const keys = delta.hashes.map((h) => `${h.branch}:${h.resolution}:${h.date}:${h.type}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(delta.hashes.every((h) => h.fields.size > 0 && [...h.fields.values()].every((n) => Number.isInteger(n) && n > 0))).toBe(true);
    expect(delta.hashes.every((h) => seoul.parseDatestring(h.date, h.resolution).start === h.start)).toBe(true);
  });

  it('does not depend on input order or iterable kind', () => {
    const orders = randomOrders(prng(9), 300, { from: T, spanMs: 7_200_000 });
    const reversed = [...orders].reverse();
    expect(aggregateBatch(reversed, seoul)).toEqual(aggregateBatch(orders, seoul));
    expect(aggregateBatch(new Set(orders), seoul)).toEqual(aggregateBatch(orders, seoul));
    expect(JSON.stringify(plain(aggregateBatch(reversed, seoul)))).toBe(JSON.stringify(plain(aggregateBatch(orders, seoul))));
  });

  it('puts both passes of a fall-back fold into one window, keyed by its first start', () => {
    const berlin = new Windowing({ timeZone: 'Europe/Berlin', resolutions: ['1h'] });
    const first = Date.UTC(2026, 9, 25, 0, 30, 5);
    const delta = aggregateBatch([order({ timestamp: first }), order({ timestamp: first + 3_600_000 })], berlin);
    expect(delta.hashes.filter((h) => h.branch === 'jeongja' && h.type === 'PaymentMethods').map((h) => [h.date, h.start, h.fields.get('Cash')])).toEqual([
      ['20261025023000', Date.UTC(2026, 9, 25, 0, 30), 2],
      ['2026102502', Date.UTC(2026, 9, 25, 0), 2],
    ]);
  });

  it.each([
    ['a NaN timestamp', 'INVALID_TIMESTAMP', order({ timestamp: Number.NaN })],
    ['a missing timestamp', 'INVALID_TIMESTAMP', JSON.parse('{"branch":"sunae","orders":["Espresso"],"paymentMethod":"Cash","customerAgeGrade":"2030"}') as CountableOrder],
    ['an ISO string timestamp', 'INVALID_TIMESTAMP', JSON.parse('{"branch":"sunae","orders":[],"paymentMethod":"Cash","customerAgeGrade":"2030","timestamp":"2014-10-01T00:00:00Z"}') as CountableOrder],
    ['the reserved branch *', 'INVALID_BRANCH', order({ branch: ALL_BRANCHES })],
    ['an empty branch', 'INVALID_BRANCH', order({ branch: '' })],
  ])('rejects a batch with %s (%s)', (_name, code, bad) => {
    expect(errorCode(() => aggregateBatch([order(), bad], seoul))).toBe(code);
  });
});
