// Covers LiveTotals: running totals from deltas or store totals, live packet bodies, eviction and its horizon, the size bound, and a processor loop with the tracker.
import { errorCode } from '../../test/support/error-code';
import { prng, randomOrders } from '../../test/support/random-orders';
import { aggregateBatch } from './aggregate-batch';
import { ALL_BRANCHES, type LiveStatisticsBody } from './contracts';
import type { CountableOrder } from './countable-order';
import { EventTimeTracker } from './event-time-tracker';
import { LiveTotals } from './live-totals';
import { Windowing } from './windowing';

const seoul = new Windowing();
const T = Date.UTC(2014, 9, 1, 0, 30, 30);

function order(timestamp: number, branch = 'jeongja', cups: string[] = ['Americano'], age = '2030'): CountableOrder {
  return { branch, orders: cups, paymentMethod: 'Cash', customerAgeGrade: age, timestamp };
}

describe('LiveTotals', () => {
  it('adds base-resolution deltas and reports the windows they touched', () => {
    const live = new LiveTotals(seoul);
    const touched = live.applyDelta(aggregateBatch([order(T), order(T + 1_000, 'sunae', ['Espresso', 'Espresso']), order(T + 30_000)], seoul));
    expect(touched.map((w) => `${w.branch}@${w.date}`)).toEqual(['*@20141001093030', 'jeongja@20141001093030', 'sunae@20141001093030', '*@20141001093100', 'jeongja@20141001093100']);
    live.applyDelta(aggregateBatch([order(T + 2_000, 'jeongja', ['Latte'], '1020')], seoul));
    expect(live.get(ALL_BRANCHES, T)).toEqual({
      branch: '*',
      resolution: '30s',
      date: '20141001093030',
      start: T,
      end: T + 30_000,
      stats: { CustomerAgeGrades: { '1020': 1, '2030': 2 }, PaymentMethods: { Cash: 3 }, Orders: { Americano: 1, Espresso: 2, Latte: 1 }, OrderSizes: { '1': 2, '2': 1 } },
    });
    expect(live.size).toBe(5);
    expect(live.get('migeum', T)).toBeUndefined();
  });

  it('builds the live packet body: original counts plus every type, start, end and final', () => {
    const live = new LiveTotals(seoul);
    live.applyDelta(aggregateBatch([order(T), order(T + 5, 'jeongja', ['Mocha'], '4050')], seoul));
    const body: LiveStatisticsBody | undefined = live.body('jeongja', T, true);
    expect(body).toEqual({
      branch: 'jeongja',
      date: '20141001093030',
      counts: [
        { type: '2030', count: 1 },
        { type: '4050', count: 1 },
      ],
      start: T,
      end: T + 30_000,
      resolution: '30s',
      stats: { CustomerAgeGrades: { '2030': 1, '4050': 1 }, PaymentMethods: { Cash: 2 }, Orders: { Americano: 1, Mocha: 1 }, OrderSizes: { '1': 2 } },
      final: true,
    });
    expect(live.body('sunae', T, false)).toBeUndefined();
  });

  it('keeps running totals equal to the aggregate of every batch so far', () => {
    const live = new LiveTotals(seoul);
    const orders = randomOrders(prng(3), 600, { from: T, spanMs: 90_000 });
    for (let i = 0; i < orders.length; i += 50) {
      live.applyDelta(aggregateBatch(orders.slice(i, i + 50), seoul));
    }
    const whole = aggregateBatch(orders, seoul);
    for (const h of whole.hashes.filter((x) => x.resolution === '30s')) {
      expect(live.get(h.branch, h.start)?.stats[h.type]).toEqual(Object.fromEntries(h.fields));
    }
    expect(live.windows()).toHaveLength(new Set(whole.hashes.filter((x) => x.resolution === '30s').map((h) => `${h.branch}@${h.start}`)).size);
  });

  it('replaces totals with a store’s (record or map), even behind the eviction horizon', () => {
    const live = new LiveTotals(seoul);
    live.applyDelta(aggregateBatch([order(T)], seoul));
    live.setTotals('jeongja', T, { CustomerAgeGrades: { '2030': 7 }, Orders: new Map([['Americano', 9]]) });
    expect(live.get('jeongja', T)?.stats).toEqual({ CustomerAgeGrades: { '2030': 7 }, PaymentMethods: { Cash: 1 }, Orders: { Americano: 9 }, OrderSizes: { '1': 1 } });
    live.evictThrough(T + 30_000);
    expect(live.get('jeongja', T)).toBeUndefined();
    expect(live.setTotals('sunae', T, { PaymentMethods: { Debit: 4 } })).toEqual({ branch: 'sunae', resolution: '30s', date: '20141001093030', start: T, end: T + 30_000 });
    expect(live.body('sunae', T, true)?.stats.PaymentMethods).toEqual({ Debit: 4 });
    expect(errorCode(() => live.setTotals('sunae', T + 1, {}))).toBe('INVALID_ARGUMENT');
    expect(errorCode(() => live.setTotals('', T, {}))).toBe('INVALID_BRANCH');
  });

  it('evicts windows ending by a time and ignores later deltas for them', () => {
    const live = new LiveTotals(seoul);
    live.applyDelta(aggregateBatch([order(T), order(T + 30_000), order(T + 60_000)], seoul));
    expect(live.evictThrough(T + 59_999)).toBe(2);
    expect(live.evictedThrough).toBe(T + 59_999);
    expect(live.windows().map((w) => `${w.branch}@${w.date}`)).toEqual(['*@20141001093100', 'jeongja@20141001093100', '*@20141001093130', 'jeongja@20141001093130']);
    expect(live.applyDelta(aggregateBatch([order(T + 1), order(T + 30_001)], seoul)).map((w) => w.date)).toEqual(['20141001093100', '20141001093100']);
    expect(live.get('jeongja', T)).toBeUndefined();
    expect(live.evict('jeongja', T + 30_000)).toBe(true);
    expect(live.evict('jeongja', T + 30_000)).toBe(false);
  });

  it('stays within maxWindows by evicting whole oldest windows', () => {
    const live = new LiveTotals(seoul, { maxWindows: 4 });
    live.applyDelta(aggregateBatch([order(T), order(T + 30_000), order(T + 60_000)], seoul));
    expect(live.size).toBe(4);
    expect(live.windows().map((w) => w.start)).toEqual([T + 30_000, T + 30_000, T + 60_000, T + 60_000]);
    expect(live.evictedThrough).toBe(T + 30_000);
    expect(errorCode(() => new LiveTotals(seoul, { maxWindows: 0 }))).toBe('INVALID_OPTION');
  });

  it('drives a processor loop with the tracker: every window announced once, final totals equal the whole', () => {
    const tracker = new EventTimeTracker(seoul);
    const live = new LiveTotals(seoul);
    const orders = randomOrders(prng(21), 3_000, { from: T, spanMs: 600_000 }).sort((a, b) => a.timestamp - b.timestamp);
    // Mild disorder: swap neighbours so some orders arrive up to a few seconds late.
    for (let i = 1; i < orders.length; i += 7) {
      [orders[i - 1], orders[i]] = [orders[i], orders[i - 1]];
    }
    const finals = new Map<string, LiveStatisticsBody>();
    let now = 0;
    for (let i = 0; i < orders.length; i += 100) {
      const batch = orders.slice(i, i + 100);
      live.applyDelta(aggregateBatch(batch, seoul));
      tracker.observe(batch, (now += 1_000));
      for (const w of tracker.closedWindows(now)) {
        const body = live.body(w.branch, w.start, true);
        expect(finals.has(`${w.branch}@${w.date}`)).toBe(false);
        if (body !== undefined) {
          finals.set(`${w.branch}@${w.date}`, body);
        }
      }
      live.evictThrough(tracker.watermark);
    }
    for (const w of tracker.closedWindows(now + 60_000)) {
      const body = live.body(w.branch, w.start, true);
      if (body !== undefined) {
        finals.set(`${w.branch}@${w.date}`, body);
      }
    }
    live.evictThrough(tracker.watermark);
    expect(live.size).toBe(0);
    const base = aggregateBatch(orders, seoul).hashes.filter((h) => h.resolution === '30s');
    expect(finals.size).toBe(new Set(base.map((h) => `${h.branch}@${h.date}`)).size);
    for (const h of base) {
      expect(finals.get(`${h.branch}@${h.date}`)?.stats[h.type]).toEqual(Object.fromEntries(h.fields));
    }
  });
});
