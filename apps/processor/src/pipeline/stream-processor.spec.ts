// Covers the processor loop with fakes and injected time: apply/partial/duplicate outcomes, retries, stamping, dead letters, window closing (watermark and idle) and stop.
import { EventTimeTracker, Windowing, aggregateBatch, type BatchDelta, type StatisticType } from '@coffee/aggregation';
import { CompactOrderWriter, OrderColumns, type CoffeeOrder } from '@coffee/order-schema';
import { decodeOrderEntry, type DeadLetter, type StreamBatch, type StreamEntry } from '@coffee/redis-io';
import type { AckTarget, ApplyResult, WindowTotals } from '@coffee/stats-store';
import { ProcessorMetrics } from '../metrics/processor.metrics';
import { LivePublisher, type LiveScheduler, type LiveUpdate } from './live-publisher';
import { StreamProcessor, type BatchSource, type BatchStore, type ProcessorLogger } from './stream-processor';

const WINDOW = 30_000;
const T0 = Date.UTC(2026, 0, 1, 0, 0, 0);

/** An in-memory stand-in for the stats store: counts, pending ids per consumer, totals of touched base windows. */
class MemoryStore implements BatchStore {
  readonly hashes = new Map<string, Map<string, number>>();
  readonly pending = new Set<string>();
  readonly calls: string[][] = [];
  failures = 0;
  /** Ids another consumer claimed: applying them reports them as not owned. */
  readonly claimedAway = new Set<string>();

  async applyBatch(delta: BatchDelta, ack: AckTarget): Promise<ApplyResult> {
    this.calls.push([...ack.ids]);
    if (this.failures > 0) {
      this.failures--;
      throw Object.assign(new Error('connection lost'), { code: 'REDIS_ERROR' });
    }
    const owned = ack.ids.filter((id) => this.pending.has(id) && !this.claimedAway.has(id));
    if (owned.length === 0) {
      return { status: 'duplicate' };
    }
    if (owned.length < ack.ids.length) {
      return { status: 'partial', ownedIds: owned };
    }
    const touched = new Map<string, WindowTotals>();
    for (const hash of delta.hashes) {
      const key = `${hash.branch}:${hash.date}:${hash.type}`;
      const counts = this.hashes.get(key) ?? new Map<string, number>();
      for (const [field, n] of hash.fields) {
        counts.set(field, (counts.get(field) ?? 0) + n);
      }
      this.hashes.set(key, counts);
      if (hash.resolution === '30s') {
        touched.set(`${hash.branch}:${hash.date}`, { branch: hash.branch, date: hash.date, start: hash.start, end: hash.start + WINDOW, resolution: '30s', stats: {} as Record<StatisticType, Record<string, number>> });
      }
    }
    for (const totals of touched.values()) {
      for (const type of ['CustomerAgeGrades', 'PaymentMethods', 'Orders'] as const) {
        totals.stats[type] = Object.fromEntries(this.hashes.get(`${totals.branch}:${totals.date}:${type}`) ?? []);
      }
    }
    for (const id of ack.ids) {
      this.pending.delete(id);
    }
    return { status: 'applied', totals: [...touched.values()] };
  }

  count(branch: string, date: string, type: StatisticType, field: string): number {
    return this.hashes.get(`${branch}:${date}:${type}`)?.get(field) ?? 0;
  }
}

/** Hands out scripted batches, then null (as a blocking read that timed out). */
class ScriptedSource implements BatchSource {
  readonly batches: StreamBatch[] = [];
  onEmpty: (() => void) | undefined;

  async ensureGroup(): Promise<void> {}

  async next(): Promise<StreamBatch | null> {
    const batch = this.batches.shift();
    if (batch === undefined) {
      this.onEmpty?.();
      await new Promise((resolve) => setTimeout(resolve, 1));
      return null;
    }
    return batch;
  }
}

class ManualScheduler implements LiveScheduler {
  time = T0;
  now(): number {
    return this.time;
  }
  setTimeout(callback: () => void, ms: number): unknown {
    return { callback, at: this.time + ms };
  }
  clearTimeout(): void {}
}

const silent: ProcessorLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

function order(branch: string, at: number | undefined, cups = ['Espresso']): CoffeeOrder {
  return { branch, orders: cups, paymentMethod: 'Cash', customerAgeGrade: '2030', ...(at === undefined ? {} : { timestamp: at }) };
}

function batch(entries: [string, CoffeeOrder[]][]): StreamBatch {
  const list: StreamEntry[] = entries.map(([id, orders]) => ({ id, orders, lines: orders.map((o) => JSON.stringify(o)) }));
  return { entries: list, orderCount: list.reduce((n, e) => n + e.orders.length, 0), source: 'new', rejectedCount: 0 };
}

/** The same entries as the stream source hands them out when they are compact: orders as columns, objects on demand. */
function compactBatch(entries: [string, CoffeeOrder[]][]): StreamBatch {
  const columns = new OrderColumns();
  const list = entries.map(([id, orders]) => {
    const writer = new CompactOrderWriter();
    orders.forEach((o) => writer.addOrder({ ...o, timestamp: o.timestamp ?? 0 }));
    return decodeOrderEntry('s', id, ['n', String(orders.length), 'o', Buffer.from(writer.finish().bytes)], undefined, undefined, columns).entry;
  });
  return { entries: list, orderCount: columns.length, source: 'new', rejectedCount: 0, columns };
}

function setup() {
  const windowing = new Windowing({ windowSizeMs: WINDOW, timeZone: 'Asia/Seoul' });
  const scheduler = new ManualScheduler();
  const store = new MemoryStore();
  const source = new ScriptedSource();
  const sent: LiveUpdate<WindowTotals>[] = [];
  const deadLetters: DeadLetter[] = [];
  const metrics = new ProcessorMetrics();
  const tracker = new EventTimeTracker(windowing, { allowedLatenessMs: 5_000, idleTimeoutMs: 10_000 });
  const publisher = new LivePublisher<WindowTotals>({
    windowSizeMs: WINDOW,
    intervalMs: 250,
    keepMs: 10 * WINDOW,
    scheduler,
    send: async (updates) => {
      sent.push(...updates);
    },
  });
  const processor = new StreamProcessor({
    source,
    store,
    aggregate: (orders) => aggregateBatch(orders, windowing),
    clock: tracker,
    totals: publisher,
    deadLetter: async (letters) => {
      deadLetters.push(...letters);
    },
    trim: async () => undefined,
    ack: { stream: 's', group: 'g', consumer: 'c' },
    metrics,
    logger: silent,
    now: () => scheduler.now(),
  });
  const feed = (b: StreamBatch): StreamBatch => {
    for (const entry of b.entries) {
      store.pending.add(entry.id);
    }
    return b;
  };
  const finals = () => sent.filter((u) => u.final).map((u) => `${u.totals.branch}@${u.totals.date}`);
  return { tracker, windowing, scheduler, store, source, sent, deadLetters, metrics, publisher, processor, feed, finals };
}

describe('StreamProcessor', () => {
  it('applies a batch once, publishes its totals and counts it', async () => {
    const { processor, store, feed, publisher, sent, metrics } = setup();
    await processor.process(feed(batch([['1-0', [order('a', T0 + 1), order('b', T0 + 2, ['Latte', 'Mocha'])]]])));
    await publisher.drain();
    expect(store.count('a', '20260101090000', 'CustomerAgeGrades', '2030')).toBe(1);
    expect(store.count('*', '20260101090000', 'Orders', 'Latte')).toBe(1);
    expect(store.count('*', '2026010109', 'PaymentMethods', 'Cash')).toBe(2);
    expect(sent.map((u) => u.totals.branch).sort()).toEqual(['*', 'a', 'b']);
    expect(metrics.processedTotal).toBe(2);
  });

  it('stamps an order without a time with its entry id time, the same on every retry', async () => {
    const { processor, store, feed } = setup();
    store.failures = 2;
    const at = T0 + 45_000;
    await processor.process(feed(batch([[`${at}-3`, [order('a', undefined)]]])));
    expect(store.calls).toHaveLength(3);
    expect(store.count('a', '20260101090030', 'CustomerAgeGrades', '2030')).toBe(1);
  });

  it('measures the order-time rule from the entry time when the processing clock runs behind it', async () => {
    const { processor, store, feed, deadLetters } = setup();
    const entryAt = T0 + 60_000; // written by Redis a minute "after" this processor's clock
    await processor.process(feed(batch([[`${entryAt}-0`, [order('a', entryAt + 300_000), order('a', T0 + 300_000)]]])));
    expect(deadLetters).toEqual([]);
    expect(store.count('a', '20260101090600', 'PaymentMethods', 'Cash')).toBe(1);
  });

  it('re-aggregates only the entries still owned after a partial answer', async () => {
    const { processor, store, feed } = setup();
    const b = feed(batch([['1-0', [order('a', T0)]], ['2-0', [order('a', T0), order('a', T0)]], ['3-0', [order('a', T0)]]]));
    store.claimedAway.add('2-0');
    await processor.process(b);
    expect(store.calls).toEqual([['1-0', '2-0', '3-0'], ['1-0', '3-0']]);
    expect(store.count('a', '20260101090000', 'PaymentMethods', 'Cash')).toBe(2);
  });

  it('skips a batch that was already applied', async () => {
    const { processor, store, feed, sent, metrics, publisher } = setup();
    const b = feed(batch([['1-0', [order('a', T0)]]]));
    await processor.process(b);
    await processor.process(b);
    await publisher.drain();
    expect(store.count('a', '20260101090000', 'PaymentMethods', 'Cash')).toBe(1);
    expect(sent).toHaveLength(2);
    expect(metrics.processedTotal).toBe(1);
    expect((await metrics.batches.get()).values.find((v) => v.labels.outcome === 'duplicate')?.value).toBe(1);
  });

  it.each([
    ['the reserved all-branches name', order('*', T0), 'INVALID_BRANCH'],
    ['the reserved name all', order('all', T0), 'INVALID_BRANCH'],
    ['a timestamp out of range', order('a', 1e20), 'TIMESTAMP_OUT_OF_RANGE'],
    ['a timestamp 5 min + 1 ms ahead of the clock', order('a', T0 + 300_001), 'TIMESTAMP_OUT_OF_RANGE'],
    ['a timestamp that is not a number', { ...order('a', T0), timestamp: 'soon' as unknown as number }, 'INVALID_TIMESTAMP'],
  ])('dead-letters an order with %s and counts the rest', async (_what, bad, code) => {
    const { processor, store, feed, deadLetters } = setup();
    await processor.process(feed(batch([['7-0', [order('a', T0), bad, order('b', T0)]]])));
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]).toMatchObject({ position: '7-0#1', source: 's', code });
    expect(store.count('*', '20260101090000', 'PaymentMethods', 'Cash')).toBe(2);
    expect(store.pending.size).toBe(0);
  });

  it.each<[string, [string, CoffeeOrder[]][], string[], number]>([
    ['every order countable', [['1-0', [order('a', T0 + 1), order('b', T0 + 40_000, ['Latte', 'Mocha'])]], ['2-0', [order('a', T0 - 60_000)]]], [], 0],
    ['the reserved branch and a time beyond the rule', [['7-0', [order('a', T0), order('*', T0), order('b', T0 + 300_001)]], ['8-0', [order('all', T0)]]], ['2-0'], 3],
    ['an entry claimed away', [['1-0', [order('a', T0)]], ['2-0', [order('a', T0), order('b', T0)]], ['3-0', [order('c', T0 + 31_000)]]], ['2-0'], 0],
  ])('counts a batch of compact entries (columns) as the same orders as objects: %s', async (_what, entries, claimedAway, letters) => {
    const runs = [batch(entries), compactBatch(entries)].map(async (b) => {
      const run = setup();
      claimedAway.forEach((id) => run.store.claimedAway.add(id));
      await run.processor.process(run.feed(b));
      return {
        hashes: [...run.store.hashes].map(([key, fields]) => [key, [...fields]]).sort(),
        calls: run.store.calls,
        deadLetters: run.deadLetters,
        processed: run.metrics.processedTotal,
        observed: [run.tracker.stats, run.tracker.watermark, run.tracker.closedWindows(T0 + 60_000)],
      };
    });
    const [objects, columns] = await Promise.all(runs);
    expect(objects.processed).toBeGreaterThan(0);
    expect(objects.deadLetters).toHaveLength(letters);
    expect(columns).toEqual(objects);
  });

  it('announces each window once when the watermark passes it, and the rest after the idle time', async () => {
    const { processor, source, feed, scheduler, finals, publisher, store } = setup();
    source.batches.push(
      feed(batch([['1-0', [order('a', T0 + 1_000), order('b', T0 + 2_000)]]])),
      feed(batch([['2-0', [order('a', T0 + 20_000)]]])),
      // Watermark = 36 s - 5 s: window [0, 30 s) closes.
      feed(batch([['3-0', [order('a', T0 + 36_000)]]])),
      // Late for the closed window: counted and published again, never announced twice.
      feed(batch([['4-0', [order('b', T0 + 3_000)]]])),
    );
    let idleChecked = false;
    source.onEmpty = () => {
      if (!idleChecked && store.pending.size === 0) {
        idleChecked = true;
        // Nothing more arrives: after the idle time the open window [30 s, 60 s) closes too.
        scheduler.time += 10_000;
      } else if (idleChecked && finals().length === 5) {
        processor.stop();
      }
    };
    await processor.run();
    await publisher.flush();
    expect(finals()).toEqual(['*@20260101090000', 'a@20260101090000', 'b@20260101090000', '*@20260101090030', 'a@20260101090030']);
    expect(new Set(finals()).size).toBe(finals().length);
  });

  it('keeps running after an unexpected error in one batch', async () => {
    const { processor, source, store, feed, tracker, metrics } = setup();
    const observe = tracker.observe.bind(tracker);
    let broken = true;
    tracker.observe = (orders, now) => {
      if (broken) {
        broken = false;
        throw new Error('bug');
      }
      return observe(orders, now);
    };
    source.batches.push(feed(batch([['1-0', [order('a', T0)]]])), feed(batch([['2-0', [order('b', T0)]]])));
    source.onEmpty = () => processor.stop();
    await processor.run();
    expect(store.count('b', '20260101090000', 'PaymentMethods', 'Cash')).toBe(1);
    expect((await metrics.errors.get()).values.find((v) => v.labels.stage === 'apply')?.value).toBe(1);
  });

  it('retries a failed read and stops after the batch in flight', async () => {
    const { processor, source, store, feed } = setup();
    let failures = 1;
    const next = source.next.bind(source);
    source.next = async () => {
      if (failures > 0) {
        failures--;
        throw new Error('socket closed');
      }
      return next();
    };
    source.batches.push(feed(batch([['1-0', [order('a', T0)]]])), feed(batch([['2-0', [order('a', T0)]]])));
    source.onEmpty = () => processor.stop();
    await processor.run();
    expect(store.pending.size).toBe(0);
    expect(store.count('a', '20260101090000', 'PaymentMethods', 'Cash')).toBe(2);
  });
});
