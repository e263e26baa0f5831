// Covers EventTimeTracker: watermark, late-order counting, each closed window reported once (by watermark or idle timeout), DST folds.
import { errorCode } from '../../test/support/error-code';
import type { CountableOrder } from './countable-order';
import { EventTimeTracker } from './event-time-tracker';
import { Windowing } from './windowing';

const seoul = new Windowing();
const T = Date.UTC(2014, 9, 1, 0, 30, 30); // a window start: W0 = [T, T + 30 s)
const NOW = 1_000_000;

function at(timestamp: number, branch = 'jeongja'): CountableOrder {
  return { branch, orders: ['Americano'], paymentMethod: 'Cash', customerAgeGrade: '2030', timestamp };
}

/** `branch@datestring` of closed windows, in reporting order. */
function names(windows: readonly { branch: string; date: string }[]): string[] {
  return windows.map((w) => `${w.branch}@${w.date}`);
}

describe('EventTimeTracker', () => {
  it('starts with no watermark, 5 s lateness and a 35 s idle timeout', () => {
    const tracker = new EventTimeTracker(seoul);
    expect([tracker.watermark, tracker.maxEventTime, tracker.allowedLatenessMs, tracker.idleTimeoutMs, tracker.openWindows]).toEqual([
      Number.NEGATIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      5_000,
      35_000,
      0,
    ]);
    expect(tracker.stats).toEqual({ orders: 0, lateOrders: 0, totalLatenessMs: 0, maxLatenessMs: 0 });
    expect(tracker.closedWindows(NOW)).toEqual([]);
  });

  it.each([{ allowedLatenessMs: -1 }, { allowedLatenessMs: Number.NaN }, { idleTimeoutMs: 0 }, { idleTimeoutMs: Number.NaN }])('rejects %p with INVALID_OPTION', (options) => {
    expect(errorCode(() => new EventTimeTracker(seoul, options))).toBe('INVALID_OPTION');
  });

  it('keeps the watermark at the newest time minus the lateness, never moving back', () => {
    const tracker = new EventTimeTracker(seoul);
    expect(tracker.observe([at(T + 10_000), at(T + 2_000)], NOW).watermark).toBe(T + 5_000);
    expect(tracker.observe([at(T + 1_000)], NOW).watermark).toBe(T + 5_000);
    expect(tracker.maxEventTime).toBe(T + 10_000);
  });

  it.each([
    ['just before its end + lateness', T + 34_999, []],
    ['at its end + lateness', T + 35_000, ['*@20141001093030', 'jeongja@20141001093030', 'sunae@20141001093030']],
  ])('closes a window when the watermark reaches its end: newest order %s', (_name, newest, expected) => {
    const tracker = new EventTimeTracker(seoul);
    tracker.observe([at(T, 'jeongja'), at(T + 29_999, 'sunae')], NOW);
    tracker.observe([at(newest, 'migeum')], NOW);
    expect(names(tracker.closedWindows(NOW))).toEqual(expected);
  });

  it('reports each closed window once, oldest first, with its range', () => {
    const tracker = new EventTimeTracker(seoul);
    tracker.observe([at(T, 'sunae'), at(T + 30_000, 'jeongja'), at(T + 95_000, 'migeum')], NOW);
    const closed = tracker.closedWindows(NOW);
    expect(names(closed)).toEqual(['*@20141001093030', 'sunae@20141001093030', '*@20141001093100', 'jeongja@20141001093100']);
    expect(closed[0]).toEqual({ branch: '*', resolution: '30s', date: '20141001093030', start: T, end: T + 30_000 });
    expect(tracker.closedWindows(NOW)).toEqual([]);
    tracker.observe([at(T + 200_000, 'migeum')], NOW);
    expect(names(tracker.closedWindows(NOW))).toEqual(['*@20141001093200', 'migeum@20141001093200']);
    expect(tracker.openWindows).toBe(1);
  });

  it('counts late orders and their lateness, and names the closed windows they touched', () => {
    const tracker = new EventTimeTracker(seoul);
    tracker.observe([at(T + 40_000)], NOW); // watermark T + 35 s: W0 would be closed, but it was never opened
    const batch = tracker.observe([at(T + 33_000, 'sunae'), at(T + 29_000, 'migeum'), at(T + 36_000)], NOW);
    expect(batch).toEqual({
      orders: 3,
      futureOrders: 0,
      lateOrders: 2,
      totalLatenessMs: 2_000 + 6_000,
      maxLatenessMs: 6_000,
      lateWindows: [
        { branch: '*', resolution: '30s', date: '20141001093030', start: T, end: T + 30_000 },
        { branch: 'migeum', resolution: '30s', date: '20141001093030', start: T, end: T + 30_000 },
      ],
      watermark: T + 35_000,
    });
    expect(tracker.stats).toEqual({ orders: 4, lateOrders: 2, totalLatenessMs: 8_000, maxLatenessMs: 6_000 });
    // The late order into the still-open window is announced with it when it closes; W0 never is.
    tracker.observe([at(T + 70_000)], NOW);
    expect(names(tracker.closedWindows(NOW))).toEqual(['*@20141001093100', 'jeongja@20141001093100', 'sunae@20141001093100']);
  });

  it('does not report a window twice when a late order reaches it after it closed', () => {
    const tracker = new EventTimeTracker(seoul);
    tracker.observe([at(T)], NOW);
    tracker.observe([at(T + 40_000)], NOW);
    expect(names(tracker.closedWindows(NOW))).toEqual(['*@20141001093030', 'jeongja@20141001093030']);
    const late = tracker.observe([at(T + 1_000, 'sunae')], NOW);
    expect(names(late.lateWindows)).toEqual(['*@20141001093030', 'sunae@20141001093030']);
    tracker.observe([at(T + 500_000)], NOW);
    expect(names(tracker.closedWindows(NOW)).filter((n) => n.endsWith('093030'))).toEqual([]);
  });

  it('announces a window closed in the middle of a batch once, with the late orders of that batch', () => {
    const tracker = new EventTimeTracker(seoul);
    const batch = tracker.observe([at(T + 1_000, 'jeongja'), at(T + 100_000, 'sunae'), at(T + 2_000, 'migeum')], NOW);
    expect([batch.lateOrders, batch.lateWindows]).toEqual([1, []]);
    expect(names(tracker.closedWindows(NOW))).toEqual(['*@20141001093030', 'jeongja@20141001093030', 'migeum@20141001093030']);
  });

  it('closes every open window once no order came for idleTimeoutMs, then treats their times as late', () => {
    const tracker = new EventTimeTracker(seoul);
    tracker.observe([at(T + 1_000), at(T + 31_000, 'sunae')], NOW);
    tracker.observe([], NOW + 30_000); // an empty batch is not activity
    expect(tracker.closedWindows(NOW + 34_999)).toEqual([]);
    expect(names(tracker.closedWindows(NOW + 35_000))).toEqual(['*@20141001093030', 'jeongja@20141001093030', '*@20141001093100', 'sunae@20141001093100']);
    expect(tracker.watermark).toBe(T + 60_000);
    expect(tracker.closedWindows(NOW + 90_000)).toEqual([]);
    const late = tracker.observe([at(T + 45_000)], NOW + 91_000);
    expect([late.lateOrders, names(late.lateWindows)]).toEqual([1, ['*@20141001093100', 'jeongja@20141001093100']]);
  });

  it('never closes by idleness when idleTimeoutMs is Infinity', () => {
    const tracker = new EventTimeTracker(seoul, { idleTimeoutMs: Number.POSITIVE_INFINITY, allowedLatenessMs: 0 });
    tracker.observe([at(T)], NOW);
    expect(tracker.closedWindows(NOW + 1e12)).toEqual([]);
    tracker.observe([at(T + 30_000)], NOW);
    expect(names(tracker.closedWindows(NOW))).toEqual(['*@20141001093030', 'jeongja@20141001093030']);
  });

  it('keeps a window a fall-back transition repeats open until its second pass ends', () => {
    const berlin = new Windowing({ timeZone: 'Europe/Berlin' });
    const tracker = new EventTimeTracker(berlin, { allowedLatenessMs: 0 });
    const firstPass = Date.UTC(2026, 9, 25, 0, 30, 10); // 02:30:10 CEST
    tracker.observe([at(firstPass)], NOW);
    tracker.observe([at(firstPass + 1_800_000)], NOW); // 02:00:10 CET, the second pass
    expect(names(tracker.closedWindows(NOW))).toEqual([]);
    tracker.observe([at(firstPass + 3_600_000, 'sunae')], NOW); // 02:30:10 CET: same window, same pass-merged range
    tracker.observe([at(Date.UTC(2026, 9, 25, 1, 30, 30))], NOW);
    const closed = tracker.closedWindows(NOW);
    // By start: 02:00:00 began at 00:00Z in the first pass, before 02:30:00 (00:30Z).
    expect(names(closed)).toEqual(['*@20261025020000', 'jeongja@20261025020000', '*@20261025023000', 'jeongja@20261025023000', 'sunae@20261025023000']);
    expect(closed[2]).toMatchObject({ start: Date.UTC(2026, 9, 25, 0, 30), end: Date.UTC(2026, 9, 25, 1, 30, 30) });
  });

  it('holds only open windows however long the stream runs', () => {
    const tracker = new EventTimeTracker(seoul);
    let closed = 0;
    for (let i = 0; i < 2_000; i++) {
      tracker.observe([at(T + i * 10_000, 'jeongja'), at(T + i * 10_000 + 3_000, 'sunae')], NOW + i);
      closed += tracker.closedWindows(NOW + i).length;
    }
    expect(tracker.openWindows).toBeLessThanOrEqual(2);
    expect(closed).toBe(3 * Math.floor((2_000 * 10_000 - 5_000) / 30_000));
  });

  it('rejects a batch with a bad timestamp without observing any of it, and a bad now', () => {
    const tracker = new EventTimeTracker(seoul);
    expect(errorCode(() => tracker.observe([at(T), at(Number.NaN)], NOW))).toBe('INVALID_TIMESTAMP');
    expect([tracker.stats.orders, tracker.maxEventTime, tracker.openWindows]).toEqual([0, Number.NEGATIVE_INFINITY, 0]);
    expect(errorCode(() => tracker.observe([at(T), at(T, '*')], NOW))).toBe('INVALID_BRANCH');
    expect(tracker.stats.orders).toBe(0);
    expect(errorCode(() => tracker.observe([at(T)], Number.NaN))).toBe('INVALID_ARGUMENT');
    expect(errorCode(() => tracker.closedWindows(Number.POSITIVE_INFINITY))).toBe('INVALID_ARGUMENT');
  });
});

describe('EventTimeTracker with maxFutureSkewMs', () => {
  const CLOCK = T + 10_000; // processing time: on-time orders are at about the clock
  const FAR = Date.UTC(9999, 11, 29);

  it('ignores a far-future order: later on-time orders are not late and windows still close by watermark', () => {
    const tracker = new EventTimeTracker(seoul, { maxFutureSkewMs: 300_000 });
    tracker.observe([at(T + 1_000)], CLOCK);
    const far = tracker.observe([at(FAR, 'sunae')], CLOCK);
    expect(far.futureOrders).toBe(1);
    expect(far.watermark).toBe(T + 1_000 - 5_000);
    const next = tracker.observe([at(T + 20_000), at(T + 36_000)], CLOCK + 30_000);
    expect([next.lateOrders, next.futureOrders]).toEqual([0, 0]);
    expect(names(tracker.closedWindows(CLOCK + 30_000))).toEqual(['*@20141001093030', 'jeongja@20141001093030']);
  });

  it.each([
    ['at the bound: tracked', 300_000, 0],
    ['1 ms past the bound: not tracked', 300_001, 1],
  ])('an order %s', (_name, ahead, future) => {
    const tracker = new EventTimeTracker(seoul, { maxFutureSkewMs: 300_000 });
    expect(tracker.observe([at(CLOCK + ahead)], CLOCK).futureOrders).toBe(future);
    expect(tracker.openWindows).toBe(1 - future);
  });

  it('moves the watermark no further than clock + skew on an idle close', () => {
    const tracker = new EventTimeTracker(seoul, { maxFutureSkewMs: 60_000, idleTimeoutMs: 10_000 });
    tracker.observe([at(CLOCK + 59_000)], CLOCK); // a window ending up to 90 s ahead of the clock
    expect(names(tracker.closedWindows(CLOCK + 10_000))).toEqual(['*@20141001093130', 'jeongja@20141001093130']);
    expect(tracker.watermark).toBe(CLOCK + 10_000 + 60_000);
    expect(tracker.observe([at(CLOCK + 11_000)], CLOCK + 11_000).lateOrders).toBe(1);
    expect(tracker.observe([at(CLOCK + 75_000)], CLOCK + 11_000).lateOrders).toBe(0);
  });

  it.each([[-1], [Number.NaN]])('rejects maxFutureSkewMs %p', (maxFutureSkewMs) => {
    expect(errorCode(() => new EventTimeTracker(seoul, { maxFutureSkewMs }))).toBe('INVALID_OPTION');
  });
});
