// Covers EventTimeTracker.observe over CountableColumns: the same results, closed windows and state as over the same orders as objects, errors included.
import { errorCode } from '../../test/support/error-code';
import { toColumns } from '../../test/support/order-columns';
import { prng, randomOrders } from '../../test/support/random-orders';
import { ALL_BRANCHES } from './contracts';
import type { CountableOrder } from './countable-order';
import { EventTimeTracker } from './event-time-tracker';
import { Windowing } from './windowing';

const seoul = new Windowing();
const T = Date.UTC(2014, 9, 1, 0, 30, 30);

/** Batches of orders mostly in time order, with late, very late and far-future ones and idle gaps. */
function batches(seed: number): { orders: CountableOrder[]; now: number }[] {
  const random = prng(seed);
  const out: { orders: CountableOrder[]; now: number }[] = [];
  let clock = T;
  for (let b = 0; b < 40; b++) {
    clock += random() < 0.1 ? 60_000 : 3_000;
    const orders = randomOrders(random, Math.floor(random() * 60), { from: clock - 4_000, spanMs: 4_000 }).map((o) => {
      const roll = random();
      return roll < 0.05 ? { ...o, timestamp: o.timestamp - 120_000 } : roll < 0.08 ? { ...o, timestamp: o.timestamp + 3_600_000 } : o;
    });
    out.push({ orders, now: clock });
  }
  return out;
}

describe('EventTimeTracker over columns', () => {
  it.each([1, 2, 3, 4, 5])('observes like it does the same orders as objects (seed %i)', (seed) => {
    const options = { allowedLatenessMs: 5_000, idleTimeoutMs: 35_000, maxFutureSkewMs: seed % 2 === 0 ? 300_000 : undefined };
    const byObjects = new EventTimeTracker(seoul, options);
    const byColumns = new EventTimeTracker(seoul, options);
    for (const { orders, now } of batches(seed)) {
      expect(byColumns.observe(toColumns(orders, seed % 3 === 0), now)).toEqual(byObjects.observe(orders, now));
      expect(byColumns.closedWindows(now + 1_000)).toEqual(byObjects.closedWindows(now + 1_000));
      expect([byColumns.watermark, byColumns.maxEventTime, byColumns.openWindows, byColumns.stats]).toEqual([
        byObjects.watermark,
        byObjects.maxEventTime,
        byObjects.openWindows,
        byObjects.stats,
      ]);
    }
  });

  it.each([
    ['a NaN time', { timestamp: Number.NaN }, 'INVALID_TIMESTAMP'],
    ['the reserved branch', { branch: ALL_BRANCHES }, 'INVALID_BRANCH'],
    ['an empty branch', { branch: '' }, 'INVALID_BRANCH'],
  ])('rejects a batch with %s without observing any of it', (_name, bad, code) => {
    const tracker = new EventTimeTracker(seoul);
    const good: CountableOrder = { branch: 'sunae', orders: ['Espresso'], paymentMethod: 'Cash', customerAgeGrade: '2030', timestamp: T };
    expect(errorCode(() => tracker.observe(toColumns([good, { ...good, ...bad }]), T))).toBe(code);
    expect([tracker.stats.orders, tracker.openWindows, tracker.maxEventTime]).toEqual([0, 0, Number.NEGATIVE_INFINITY]);
  });
});
